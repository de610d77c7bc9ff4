package scheduler

import (
	"context"
	"net/http"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// sendLoop sends queued calls one at a time, in order, until the driver
// stops.
func (f *framework) sendLoop() {
	defer f.loops.Done()
	for {
		p, ok := f.queue.pop(f.ctx)
		if !ok {
			return
		}
		if p.call == nil { // flush marker
			p.finish(f, nil)
			continue
		}
		p.finish(f, f.post(p.call))
	}
}

// post sends one call to the leader with the current stream ID.
func (f *framework) post(call *schedulerv1.Call) error {
	f.mu.Lock()
	subscribed, stream, leader, id := f.subscribed, f.streamID, f.leader, f.frameworkID
	f.mu.Unlock()
	if !subscribed {
		return ErrNotSubscribed
	}
	if call.FrameworkId == nil {
		call.FrameworkId = proto.Clone(id).(*mesosv1.FrameworkID)
	}
	ctx, cancel := context.WithTimeout(f.ctx, f.opt.callTimeout)
	defer cancel()
	resp, err := f.client.Do(ctx, mesoshttp.Request{
		URL:      leader,
		Encoding: f.opt.encoding,
		Call:     call,
		Name:     call.GetType().String(),
		Header:   http.Header{mesoshttp.HeaderStreamID: {stream}},
	})
	if err != nil {
		return err
	}
	resp.Discard()
	return nil
}
