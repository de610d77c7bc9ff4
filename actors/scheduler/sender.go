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
		p, ok := f.queue.Pop(f.ctx)
		if !ok {
			return
		}
		if p.call == nil { // flush marker
			p.finish(f, nil)
			continue
		}
		call, batch := f.coalesce(p)
		err := f.post(call)
		for _, q := range batch {
			q.finish(f, err)
		}
	}
}

// maxDeclineBatch bounds how many offer IDs one coalesced DECLINE carries.
const maxDeclineBatch = 1000

// coalesce merges the asynchronous DECLINE calls waiting right behind p
// (same filters) into one call, so that a burst of declines costs one
// request. Mesos handles each offer of a DECLINE independently, so the
// effect is that of sending them one by one; the order with other calls is
// kept because only the calls directly behind p are taken. It returns the
// call to send and the pending calls that share its outcome.
func (f *framework) coalesce(p *pending) (*schedulerv1.Call, []*pending) {
	c := p.call
	if c.GetType() != schedulerv1.Call_DECLINE || p.done != nil {
		return c, []*pending{p}
	}
	n := len(c.GetDecline().GetOfferIds())
	more := f.queue.PopWhile(func(q *pending) bool {
		d := q.call.GetDecline()
		if q.done != nil || q.call.GetType() != schedulerv1.Call_DECLINE || n+len(d.GetOfferIds()) > maxDeclineBatch ||
			!proto.Equal(d.GetFilters(), c.GetDecline().GetFilters()) {
			return false
		}
		n += len(d.GetOfferIds())
		return true
	})
	if len(more) == 0 {
		return c, []*pending{p}
	}
	merged := &schedulerv1.Call{Type: c.Type, FrameworkId: c.FrameworkId, Decline: &schedulerv1.Call_Decline{
		OfferIds: append([]*mesosv1.OfferID(nil), c.GetDecline().GetOfferIds()...),
		Filters:  c.GetDecline().GetFilters(),
	}}
	for _, q := range more {
		merged.Decline.OfferIds = append(merged.Decline.OfferIds, q.call.GetDecline().GetOfferIds()...)
	}
	return merged, append([]*pending{p}, more...)
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
