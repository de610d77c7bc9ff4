package executor

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/mactor/mactor/internal/mesoshttp"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

// subscribeLoop keeps the executor subscribed with its agent. After a
// disconnection, a framework that checkpoints retries for up to
// MESOS_RECOVERY_TIMEOUT, each wait drawn from [0,
// MESOS_SUBSCRIPTION_BACKOFF_MAX]; one that does not shuts down at once.
// The first subscription is retried for the registration timeout (or the
// recovery timeout with checkpointing).
func (r *runner) subscribeLoop() {
	defer r.loops.Done()
	backoff := mesoshttp.Backoff{Initial: r.opt.backoffInitial, Max: r.opt.backoffMax}
	since := time.Now() // when the executor last had no subscription
	for {
		wasSubscribed, err := r.subscribeOnce()
		if r.isStopping() {
			return
		}
		var e *Error
		if errors.As(err, &e) && !e.Temporary() {
			r.log.Error("subscription refused; stopping", zap.Error(err))
			r.deliver(&localError{message: err.Error()})
			r.finish(err, true)
			return
		}
		limit, giveUp := r.opt.registrationTimeout, ErrRecoveryTimeout
		if wasSubscribed {
			since = time.Now()
			backoff.Reset()
			if !r.env.Checkpoint {
				r.log.Warn("disconnected from the agent; the framework does not checkpoint, so shutting down", zap.Error(err))
				r.beginShutdown(fmt.Errorf("%w: %w", ErrDisconnected, err))
				return
			}
		}
		if r.env.Checkpoint {
			limit = r.env.RecoveryTimeout
		}
		if time.Since(since) >= limit {
			r.beginShutdown(fmt.Errorf("%w (%s): %w", giveUp, limit, err))
			return
		}
		delay := backoff.Next()
		if r.env.Checkpoint {
			delay = mesoshttp.Uniform(r.env.SubscriptionBackoffMax)
		}
		delay = min(delay, limit-time.Since(since))
		r.log.Warn("no subscription with the agent; retrying", zap.Error(err), zap.Duration("backoff", delay))
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-r.ctx.Done():
			t.Stop()
			return
		}
	}
}

// subscribeCall builds SUBSCRIBE with everything not yet acknowledged.
func (r *runner) subscribeCall() *executorv1.Call {
	tasks, updates := r.unacknowledged()
	c := r.newCall(executorv1.Call_SUBSCRIBE)
	c.Subscribe = &executorv1.Call_Subscribe{UnacknowledgedTasks: tasks, UnacknowledgedUpdates: updates}
	return c
}

// subscribeOnce runs one subscription from SUBSCRIBE to the end of its
// stream, and reports whether it got as far as SUBSCRIBED.
func (r *runner) subscribeOnce() (subscribed bool, err error) {
	ctx, cancel := context.WithCancel(r.ctx)
	defer cancel()
	timeout := time.AfterFunc(r.opt.subscribeTimeout, cancel)
	defer timeout.Stop()

	resp, err := r.client.Do(ctx, mesoshttp.Request{
		URL:      r.agent,
		Encoding: r.opt.encoding,
		Call:     r.subscribeCall(),
		Name:     "SUBSCRIBE",
		Expect:   []int{200},
	})
	if err != nil {
		return false, err
	}
	defer resp.Body.Close()
	defer func() {
		if subscribed {
			r.lost(err)
		}
	}()
	events := mesoshttp.NewEventReader(resp.Body, resp.Encoding, r.opt.maxRecord)
	for {
		ev := &executorv1.Event{}
		if err := events.Read(ev); err != nil {
			if errors.Is(err, mesoshttp.ErrInvalidMessage) {
				r.log.Error("undecodable event", zap.Error(err))
				r.deliver(&localError{message: err.Error()})
				continue
			}
			return subscribed, err
		}
		switch ev.GetType() {
		case executorv1.Event_SUBSCRIBED:
			timeout.Stop()
			again := r.subscribedNow()
			subscribed = true
			r.log.Info("subscribed", zap.Bool("again", again))
			r.deliver(&registered{event: ev.GetSubscribed(), again: again})
		case executorv1.Event_HEARTBEAT:
		case executorv1.Event_SHUTDOWN:
			r.beginShutdown(nil)
		case executorv1.Event_ERROR:
			// Mesos advises dropping the subscription and subscribing again.
			r.deliver(ev)
			return subscribed, fmt.Errorf("ERROR event: %s", ev.GetError().GetMessage())
		default:
			if !subscribed {
				r.log.Warn("event before SUBSCRIBED ignored", zap.Stringer("type", ev.GetType()))
				continue
			}
			switch ev.GetType() {
			case executorv1.Event_LAUNCH:
				r.launched(ev.GetLaunch().GetTask())
			case executorv1.Event_LAUNCH_GROUP:
				r.launched(ev.GetLaunchGroup().GetTaskGroup().GetTasks()...)
			case executorv1.Event_ACKNOWLEDGED:
				r.acknowledged(ev.GetAcknowledged().GetTaskId(), ev.GetAcknowledged().GetUuid())
			}
			r.deliver(ev)
		}
	}
}

// subscribedNow records a subscription; it reports whether the executor
// had been registered before.
func (r *runner) subscribedNow() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.subscribed = true
	// Updates sent after SUBSCRIBE was built are in neither: send them.
	for _, u := range r.updates {
		if u.seq > r.subscribeSeq {
			c := r.newCall(executorv1.Call_UPDATE)
			c.Update = u.update
			r.queue.Push(&pending{call: c})
		}
	}
	again := r.registered
	r.registered = true
	return again
}

// lost records the end of a subscription and tells the behaviour.
func (r *runner) lost(cause error) {
	r.mu.Lock()
	r.subscribed = false
	stopping := r.stopping
	r.mu.Unlock()
	if stopping {
		return
	}
	r.log.Warn("disconnected from the agent", zap.Error(cause))
	r.deliver(disconnected{})
}
