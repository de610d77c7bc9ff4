package scheduler

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// subscribeLoop keeps the framework subscribed: it subscribes, reads the
// event stream until it ends, and subscribes again after a backoff, until
// the driver stops or the master refuses the framework for good.
func (f *framework) subscribeLoop() {
	defer f.loops.Done()
	backoff := mesoshttp.Backoff{Initial: f.opt.backoffInitial, Max: f.opt.backoffMax}
	next := 0
	for {
		target := f.masters[next]
		wasSubscribed, err := f.subscribeOnce(target, &backoff)
		if f.isStopping() {
			return
		}
		if fatal(err) {
			f.log.Error("subscription refused; stopping", zap.Error(err))
			f.finish(err, true)
			return
		}
		if !wasSubscribed {
			// This master did not take us: try the next one.
			next = (next + 1) % len(f.masters)
		}
		delay := backoff.Next()
		f.log.Warn("subscription ended; reconnecting",
			zap.Error(err), zap.Duration("backoff", delay), zap.Stringer("master", f.masters[next]))
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-f.ctx.Done():
			t.Stop()
			return
		}
	}
}

// fatal reports whether retrying cannot help: an ERROR event, or a master
// answer that retrying will not change (400, 401, 403, 405, 406, 415, 501).
func fatal(err error) bool {
	if errors.Is(err, ErrErrorEvent) {
		return true
	}
	var e *Error
	return errors.As(err, &e) && !e.Temporary()
}

func (f *framework) isStopping() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stopping
}

// subscribeCall builds SUBSCRIBE, with the framework ID once known so that
// the master treats it as a failover of the same framework.
func (f *framework) subscribeCall() *schedulerv1.Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	info := proto.Clone(f.info).(*mesosv1.FrameworkInfo)
	c := callOf(schedulerv1.Call_SUBSCRIBE)
	if f.frameworkID != nil {
		info.Id = proto.Clone(f.frameworkID).(*mesosv1.FrameworkID)
		c.FrameworkId = proto.Clone(f.frameworkID).(*mesosv1.FrameworkID)
	}
	c.Subscribe = &schedulerv1.Call_Subscribe{
		FrameworkInfo:    info,
		SuppressedRoles:  f.suppressed,
		OfferConstraints: f.constraints,
	}
	return c
}

// subscribeOnce runs one subscription from SUBSCRIBE to the end of its
// stream. It reports whether the stream got as far as SUBSCRIBED.
func (f *framework) subscribeOnce(target *url.URL, backoff *mesoshttp.Backoff) (subscribed bool, err error) {
	ctx, cancel := context.WithCancel(f.ctx)
	defer cancel()
	wd := newWatchdog(f.opt.subscribeTimeout, cancel)
	defer wd.stop()

	call := f.subscribeCall()
	resp, err := f.client.Do(ctx, mesoshttp.Request{
		URL:      target,
		Encoding: f.opt.encoding,
		Call:     call,
		Name:     "SUBSCRIBE",
		Expect:   []int{200},
	})
	if err != nil {
		if wd.fired() {
			return false, fmt.Errorf("no answer to SUBSCRIBE within %s: %w", f.opt.subscribeTimeout, err)
		}
		var e *Error
		if errors.As(err, &e) && !e.Temporary() {
			f.deliver(&localError{message: e.Error()})
		}
		return false, err
	}
	defer resp.Body.Close()
	stream := resp.Header.Get(mesoshttp.HeaderStreamID)
	if stream == "" {
		return false, fmt.Errorf("%w (from %s)", ErrNoStreamID, resp.URL.Redacted())
	}
	log := f.log.With(zap.Stringer("master", resp.URL), zap.String("stream", stream))
	defer func() {
		if subscribed {
			f.lost(err)
		}
	}()

	events := mesoshttp.NewEventReader(resp.Body, resp.Encoding, f.opt.maxRecord)
	for {
		ev := &schedulerv1.Event{}
		if err := events.Read(ev); err != nil {
			if errors.Is(err, mesoshttp.ErrInvalidMessage) {
				wd.kick()
				log.Error("undecodable event", zap.Error(err))
				if subscribed {
					f.deliver(&localError{message: err.Error()})
				}
				continue
			}
			if wd.fired() {
				err = fmt.Errorf("%w: no event for %s", ErrHeartbeatLost, wd.limit())
			}
			return subscribed, err
		}
		wd.kick()
		switch ev.GetType() {
		case schedulerv1.Event_SUBSCRIBED:
			interval := defaultHeartbeatInterval
			if s := ev.GetSubscribed().GetHeartbeatIntervalSeconds(); s > 0 {
				interval = time.Duration(s * float64(time.Second))
			}
			wd.set(time.Duration(f.opt.missedHeartbeats) * interval)
			again := f.subscribedAs(ev.GetSubscribed().GetFrameworkId(), stream, resp.URL)
			subscribed = true
			backoff.Reset()
			log.Info("subscribed", zap.String("framework_id", ev.GetSubscribed().GetFrameworkId().GetValue()), zap.Bool("again", again))
			f.deliver(&registered{event: ev.GetSubscribed(), again: again})
		case schedulerv1.Event_HEARTBEAT:
		case schedulerv1.Event_ERROR:
			msg := ev.GetError().GetMessage()
			log.Error("ERROR event", zap.String("message", msg))
			subscribed = false
			f.unsubscribe()
			f.deliver(ev)
			return false, fmt.Errorf("%w: %s", ErrErrorEvent, msg)
		default:
			if !subscribed {
				log.Warn("event before SUBSCRIBED ignored", zap.Stringer("type", ev.GetType()))
				continue
			}
			f.deliver(ev)
		}
	}
}

// subscribedAs records a new subscription and reports whether the driver
// had been registered before (a resubscription).
func (f *framework) subscribedAs(id *mesosv1.FrameworkID, stream string, leader *url.URL) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if id != nil {
		f.frameworkID = proto.Clone(id).(*mesosv1.FrameworkID)
	}
	f.streamID, f.leader, f.subscribed = stream, leader, true
	again := f.registered
	f.registered = true
	return again
}

func (f *framework) unsubscribe() {
	f.mu.Lock()
	f.subscribed, f.streamID = false, ""
	f.mu.Unlock()
}

// lost records the end of a subscription and tells the behaviour, unless
// the driver is stopping.
func (f *framework) lost(cause error) {
	f.unsubscribe()
	if f.isStopping() {
		return
	}
	f.log.Warn("disconnected", zap.Error(cause))
	f.deliver(disconnected{})
}
