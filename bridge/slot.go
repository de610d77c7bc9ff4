package bridge

import (
	"net/http"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// slot is one call of a request on its way through the engine, and then
// its outcome. After the request is submitted only the session's goroutine
// (or, for an unsequenced call, the owner's reply) writes it; the handler
// reads it once the request is done.
type slot struct {
	call *bridgev1.Call
	raw  []byte
	key  owner.Key
	pid  *actor.PID
	req  *request

	// rejected is the 400 a call failed validation with: it consumes its
	// sequence number but goes to no owner.
	rejected string

	status    int
	errMsg    string
	expected  uint64
	duplicate bool
	result    *bridgev1.Response
	final     bool
}

// request is the calls of one HTTP request.
type request struct {
	slots []*slot
	left  int
	done  chan struct{}
	// gone is closed once the session incarnation the request was
	// submitted to has stopped for good (nil: not submitted to a session).
	gone <-chan struct{}
}

func newRequest(slots []*slot) *request {
	req := &request{slots: slots, left: len(slots), done: make(chan struct{})}
	for _, s := range slots {
		s.req = req
	}
	return req
}

// okStatus is the status of a successful call: 200 for request calls, 202
// for one-way calls.
func (s *slot) okStatus() int {
	if bridgev1.KindOf(s.call.GetType()) == bridgev1.KindRequest {
		return http.StatusOK
	}
	return http.StatusAccepted
}

// succeed finishes the slot with its success status (or its 400 if it was
// a rejected call).
func (s *slot) succeed() {
	if s.rejected != "" {
		s.finish(http.StatusBadRequest, s.rejected, 0)
		return
	}
	s.finish(s.okStatus(), "", 0)
}

// finish sets the slot's outcome once; the last slot closes the request.
func (s *slot) finish(status int, msg string, expected uint64) {
	if s.final {
		return
	}
	s.final, s.status, s.errMsg, s.expected = true, status, msg, expected
	s.req.left--
	if s.req.left == 0 {
		close(s.req.done)
	}
}

// await waits until every slot of req is answered, or until the session
// it was submitted to has stopped for good, in which case it answers the
// slots left 503 (resend): nothing else can answer them any more. It
// returns false if neither happens within timeout; the slots must then not
// be read.
func (req *request) await(timeout time.Duration) bool {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-req.done:
		return true
	case <-req.gone:
		select {
		case <-req.done:
		default:
			for _, sl := range req.slots {
				sl.finish(http.StatusServiceUnavailable, ErrSessionGone.Error(), 0)
			}
		}
		return true
	case <-t.C:
		return false
	}
}

// response is the slot's Response message.
func (s *slot) response(batch bool) *bridgev1.Response {
	r := &bridgev1.Response{Type: s.call.GetType(), Sequence: s.call.GetSequence(), Duplicate: s.duplicate}
	if s.result != nil {
		r.Result = s.result.Result
	}
	if batch {
		r.Status, r.Error, r.ExpectedSequence = int32(s.status), s.errMsg, s.expected
	}
	return r
}
