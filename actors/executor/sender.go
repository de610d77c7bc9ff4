package executor

import (
	"context"
	"errors"

	"go.uber.org/zap"

	"github.com/mactor/mactor/internal/mesoshttp"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

// sendLoop sends queued calls one at a time, in order, until the driver
// stops.
func (r *runner) sendLoop() {
	defer r.loops.Done()
	for {
		p, ok := r.queue.Pop(r.ctx)
		if !ok {
			return
		}
		if p.call == nil {
			p.finish(r, nil)
			continue
		}
		p.finish(r, r.post(p.call))
	}
}

// post sends one call to the agent.
func (r *runner) post(call *executorv1.Call) error {
	ctx, cancel := context.WithTimeout(r.ctx, r.opt.callTimeout)
	defer cancel()
	resp, err := r.client.Do(ctx, mesoshttp.Request{
		URL:      r.agent,
		Encoding: r.opt.encoding,
		Call:     call,
		Name:     call.GetType().String(),
	})
	if err != nil {
		return err
	}
	resp.Discard()
	return nil
}

// callFailed handles a call that did not go through. An update stays in
// the unacknowledged list, to go again with the next SUBSCRIBE, unless the
// agent refused it as malformed.
func (r *runner) callFailed(call *executorv1.Call, err error) {
	if errors.Is(err, ErrStopped) {
		return
	}
	r.log.Warn("call failed", zap.Stringer("call", call.GetType()), zap.Error(err))
	if call.GetType() == executorv1.Call_UPDATE && errors.Is(err, ErrBadRequest) {
		st := call.GetUpdate().GetStatus()
		r.dropUpdate(st.GetUuid())
	}
	r.deliver(&localError{message: err.Error()})
}
