package bridge

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// serveCall answers the single-call form.
func (s *Server) serveCall(w http.ResponseWriter, r *http.Request, enc Encoding) {
	start := time.Now()
	defer func() { s.m.requests.WithLabelValues("call").Observe(time.Since(start).Seconds()) }()
	body, err := readBody(w, r, s.cfg.MaxBody)
	if err != nil {
		if errors.Is(err, errTooLarge) {
			httpError(w, http.StatusRequestEntityTooLarge, err.Error())
		} else {
			httpError(w, http.StatusBadRequest, err.Error())
		}
		return
	}
	call := &bridgev1.Call{}
	if err := enc.Unmarshal(body, call); err != nil {
		httpError(w, http.StatusBadRequest, "malformed call: "+err.Error())
		return
	}
	out, ok := acceptable(r.Header.Get("Accept"), enc)
	if !ok {
		httpError(w, http.StatusNotAcceptable, "Accept allows neither "+ContentTypeProtobuf+" nor "+ContentTypeJSON)
		return
	}
	if s.stopping.Load() {
		s.unavailable(w, ErrStopping)
		return
	}
	raw := body
	if enc != Protobuf {
		raw = nil
	}
	kind := bridgev1.KindOf(call.GetType())
	if err := bridgev1.Validate(call); err != nil {
		if call.GetSequence() > 0 && kind != bridgev1.KindHook && kind != bridgev1.KindSubscribe {
			// A sequenced call that cannot be applied still takes its place.
			s.serveOneWay(w, r, &slot{call: call, rejected: err.Error()}, out)
			return
		}
		s.m.call(call.GetType().String(), http.StatusBadRequest)
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	switch {
	case kind == bridgev1.KindSubscribe:
		s.serveSubscribe(w, r, call, out)
	case kind == bridgev1.KindHook:
		s.serveHook(w, r, call, out)
	case call.GetType() == bridgev1.Call_GET_INVERSE_OFFER_STATUSES:
		s.serveStatuses(w, r, call, out)
	default:
		sl := &slot{call: call, raw: raw}
		if sl.key, err = owner.KeyOf(call); err != nil {
			sl.rejected = err.Error()
		}
		s.serveOneWay(w, r, sl, out)
	}
}

// serveOneWay answers a one-way call (or UPDATE_AVAILABLE), sequenced
// through its session or, without a sequence number, straight from its
// owner.
func (s *Server) serveOneWay(w http.ResponseWriter, r *http.Request, sl *slot, out Encoding) {
	call := sl.call
	if call.GetSequence() == 0 {
		if sl.rejected != "" {
			s.m.call(call.GetType().String(), http.StatusBadRequest)
			httpError(w, http.StatusBadRequest, sl.rejected)
			return
		}
		s.direct(r.Context(), sl)
	} else {
		if err := ValidSessionID(call.GetSessionId()); err != nil {
			s.m.call(call.GetType().String(), http.StatusBadRequest)
			httpError(w, http.StatusBadRequest, "a sequenced call needs a session: "+err.Error())
			return
		}
		req, err := s.dispatch(r.Context(), call.GetSessionId(), []*slot{sl})
		if err != nil {
			s.m.call(call.GetType().String(), http.StatusServiceUnavailable)
			s.unavailable(w, err)
			return
		}
		if !s.waitRequest(req) {
			s.m.call(call.GetType().String(), http.StatusServiceUnavailable)
			s.unavailable(w, ErrTimeout)
			return
		}
	}
	s.m.call(call.GetType().String(), sl.status)
	switch sl.status {
	case http.StatusOK, http.StatusAccepted:
		writeMessage(w, sl.status, out, sl.response(false))
	case http.StatusConflict:
		w.Header().Set(HeaderExpectedSequence, strconv.FormatUint(sl.expected, 10))
		httpError(w, sl.status, sl.errMsg)
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "1")
		if sl.expected > 0 {
			w.Header().Set(HeaderExpectedSequence, strconv.FormatUint(sl.expected, 10))
		}
		httpError(w, sl.status, sl.errMsg)
	default:
		httpError(w, sl.status, sl.errMsg)
	}
}

// dispatch resolves the owners of the slots and hands them to their
// session; the request is done when every slot is answered.
func (s *Server) dispatch(ctx context.Context, session string, slots []*slot) (*request, error) {
	keys := make([]owner.Key, 0, len(slots))
	for _, sl := range slots {
		if sl.rejected == "" {
			keys = append(keys, sl.key)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.OwnerTimeout)
	defer cancel()
	pids, err := s.router.Resolve(ctx, keys)
	if err != nil {
		return nil, err
	}
	for _, sl := range slots {
		sl.pid = pids[sl.key]
	}
	req := newRequest(slots)
	if err := s.sessions.submit(session, req); err != nil {
		return nil, err
	}
	return req, nil
}

// direct applies an unsequenced call at its owner: durable, answered once
// journaled, but neither ordered with other requests nor deduped.
func (s *Server) direct(ctx context.Context, sl *slot) {
	newRequest([]*slot{sl})
	rctx, cancel := context.WithTimeout(ctx, s.cfg.OwnerTimeout)
	defer cancel()
	pids, err := s.router.Resolve(rctx, []owner.Key{sl.key})
	if err != nil {
		sl.finish(http.StatusServiceUnavailable, err.Error(), 0)
		return
	}
	done := make(chan *owner.Applied, 1)
	s.system.Root.Send(pids[sl.key], &owner.Apply{
		Items: []owner.Item{{Call: sl.call, Raw: sl.raw}},
		Reply: func(a *owner.Applied) { done <- a },
	})
	select {
	case a := <-done:
		if a.Err != nil {
			sl.finish(http.StatusServiceUnavailable, a.Err.Error(), 0)
			return
		}
		if len(a.Outcomes) > 0 {
			sl.result = a.Outcomes[0].Result
		}
		sl.succeed()
	case <-rctx.Done():
		sl.finish(http.StatusServiceUnavailable, ErrTimeout.Error(), 0)
	}
}

// serveHook answers a hook call within the hook's deadline.
func (s *Server) serveHook(w http.ResponseWriter, r *http.Request, call *bridgev1.Call, out Encoding) {
	res, err := s.hooks.Ask(r.Context(), call)
	if err != nil {
		s.m.call(call.GetType().String(), http.StatusBadRequest)
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.m.call(call.GetType().String(), http.StatusOK)
	writeMessage(w, http.StatusOK, out, &bridgev1.Response{
		Type: call.GetType(), Sequence: call.GetSequence(), Result: &bridgev1.Response_Hook{Hook: res},
	})
}

// serveStatuses answers GET_INVERSE_OFFER_STATUSES from the agents' records.
func (s *Server) serveStatuses(w http.ResponseWriter, r *http.Request, call *bridgev1.Call, out Encoding) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.OwnerTimeout)
	defer cancel()
	res, err := s.InverseOfferStatuses(ctx)
	if err != nil {
		s.m.call(call.GetType().String(), http.StatusServiceUnavailable)
		s.unavailable(w, err)
		return
	}
	s.m.call(call.GetType().String(), http.StatusOK)
	writeMessage(w, http.StatusOK, out, &bridgev1.Response{
		Type: call.GetType(), Sequence: call.GetSequence(),
		Result: &bridgev1.Response_InverseOfferStatuses{InverseOfferStatuses: res},
	})
}

// InverseOfferStatuses collects the frameworks' answers to inverse offers
// from every agent's record.
func (s *Server) InverseOfferStatuses(ctx context.Context) (*bridgev1.InverseOfferStatuses, error) {
	_, agents, err := s.router.Directory(ctx)
	if err != nil {
		return nil, err
	}
	keys := make([]owner.Key, len(agents))
	for i, id := range agents {
		keys[i] = owner.Key{Kind: owner.Agent, ID: id}
	}
	recs, err := s.Records(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := &bridgev1.InverseOfferStatuses{}
	for _, rec := range recs {
		a := rec.(*bridgev1.AgentRecord)
		for _, io := range a.GetInverseOffers() {
			if io.GetStatus() != nil {
				out.Statuses = append(out.Statuses, &bridgev1.InverseOfferStatuses_Entry{
					SlaveId: a.GetSlaveId(), FrameworkId: io.GetFrameworkId(), Status: io.GetStatus(),
				})
			}
		}
	}
	return out, nil
}

// Records returns a copy of the record of each owner, in order (starting
// owners that are not running).
func (s *Server) Records(ctx context.Context, keys []owner.Key) ([]proto.Message, error) {
	pids, err := s.router.Resolve(ctx, keys)
	if err != nil {
		return nil, err
	}
	type got struct {
		i   int
		rec proto.Message
	}
	ch := make(chan got, len(keys))
	for i, k := range keys {
		s.system.Root.Send(pids[k], &owner.Get{Reply: func(rec proto.Message, _ uint64) { ch <- got{i, rec} }})
	}
	out := make([]proto.Message, len(keys))
	for range keys {
		select {
		case g := <-ch:
			out[g.i] = g.rec
		case <-ctx.Done():
			return nil, fmt.Errorf("%w: records: %w", ErrTimeout, ctx.Err())
		}
	}
	return out, nil
}

// Record returns a copy of one owner's record.
func (s *Server) Record(ctx context.Context, k owner.Key) (proto.Message, error) {
	recs, err := s.Records(ctx, []owner.Key{k})
	if err != nil {
		return nil, err
	}
	return recs[0], nil
}

var _ actor.Actor = (*session)(nil)
