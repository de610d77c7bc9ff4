package bridge

import (
	"fmt"
	"sync"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// Hub holds the SUBSCRIBE stream: at most one active subscriber (the
// leading master's module), the numbering of events, and a bounded buffer
// of recent events to resend after a reconnect. The allocator publishes
// through it (Publish, PublishOffers, PublishInverseOffers).
//
// Events are numbered per module session from 1. A SUBSCRIBE from the same
// session resumes the numbering and gets the buffered events after its
// Subscribe.last_event_sequence; a SUBSCRIBE from another session (the
// module restarted, so did its master) starts a new numbering with an empty
// buffer. Events published while the session has no open stream are
// buffered for its return. Events are not journaled: after an engine
// restart the numbering starts again and the allocator publishes anew.
type Hub struct {
	mu      sync.Mutex
	session string
	seq     uint64
	buf     []*bridgev1.Event // the last events, oldest first
	max     int
	sub     *subscriber
	closed  bool
}

// subscriber is one open stream.
type subscriber struct {
	ch    chan *bridgev1.Event // events to write, nil-closed on replacement
	gone  chan string          // why the stream must end
	ended bool
}

// NewHub returns a hub keeping the last max events for resend.
func NewHub(max int) *Hub {
	if max <= 0 {
		max = DefaultEventBuffer
	}
	return &Hub{max: max}
}

// attach makes a new subscriber of session the active one, ending the
// previous one, and returns it with the events to resend and the sequence
// number the next new event will carry.
func (h *Hub) attach(session string, lastSeen uint64) (*subscriber, []*bridgev1.Event, uint64, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, nil, 0, ErrStopping
	}
	if h.sub != nil {
		h.sub.end("replaced by a newer SUBSCRIBE")
	}
	if session != h.session {
		h.session, h.seq, h.buf = session, 0, nil
	}
	var backlog []*bridgev1.Event
	for _, ev := range h.buf {
		if ev.GetSequence() > lastSeen {
			backlog = append(backlog, ev)
		}
	}
	s := &subscriber{ch: make(chan *bridgev1.Event, h.max+64), gone: make(chan string, 1)}
	h.sub = s
	return s, backlog, h.seq + 1, nil
}

// detach removes s if it is still the active subscriber.
func (h *Hub) detach(s *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.sub == s {
		h.sub = nil
	}
}

// end tells the subscriber to finish with an ERROR event; hub lock held.
func (s *subscriber) end(why string) {
	if s.ended {
		return
	}
	s.ended = true
	s.gone <- why
}

// Publish numbers an OFFERS or INVERSE_OFFERS event, keeps it for resend,
// and hands it to the open stream, if any. It fails with ErrNoSubscriber if
// no module session ever subscribed. The event must not be modified
// afterwards.
func (h *Hub) Publish(ev *bridgev1.Event) (uint64, error) {
	if t := ev.GetType(); t != bridgev1.Event_OFFERS && t != bridgev1.Event_INVERSE_OFFERS {
		return 0, fmt.Errorf("bridge: only OFFERS and INVERSE_OFFERS are published, not %s", t)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.session == "" {
		return 0, ErrNoSubscriber
	}
	h.seq++
	ev.Sequence = h.seq
	h.buf = append(h.buf, ev)
	if len(h.buf) > h.max {
		h.buf[0] = nil
		h.buf = h.buf[1:]
	}
	if h.sub != nil && !h.sub.ended {
		select {
		case h.sub.ch <- ev:
		default:
			// The module does not keep up: end its stream; it reconnects
			// and gets what it missed from the buffer.
			h.sub.end("subscriber too slow")
			h.sub = nil
		}
	}
	return h.seq, nil
}

// Position returns the module session events are numbered for and the
// sequence number of the last event published ("" and 0 before the first
// SUBSCRIBE). The allocator, the only publisher, reads it to know the
// numbers its next events will get, so that it can journal them first.
func (h *Hub) Position() (session string, last uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.session, h.seq
}

// Restore hands the hub events published before a restart (of the engine
// or of the allocator), numbered as they were published, oldest first, all
// of session; last is the number of the last event published for session
// (at least the last event's). A hub with no session yet adopts session:
// its numbering continues after last and the events are kept for resend to
// a SUBSCRIBE of that session. A hub already at session publishes the
// events numbered above its last one (kept, and delivered to the open
// stream) and continues after last. A hub at another session (a newer
// module subscribed) ignores them.
func (h *Hub) Restore(session string, last uint64, events []*bridgev1.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if session == "" || (h.session != "" && h.session != session) {
		return
	}
	fresh := h.session == ""
	h.session = session
	for _, ev := range events {
		if !fresh && ev.GetSequence() <= h.seq {
			continue
		}
		h.buf = append(h.buf, ev)
		if len(h.buf) > h.max {
			h.buf[0] = nil
			h.buf = h.buf[1:]
		}
		if !fresh && h.sub != nil && !h.sub.ended {
			select {
			case h.sub.ch <- ev:
			default:
				h.sub.end("subscriber too slow")
				h.sub = nil
			}
		}
		h.seq = max(h.seq, ev.GetSequence())
	}
	h.seq = max(h.seq, last)
}

// PublishOffers publishes the allocator's offers for one framework.
func (h *Hub) PublishOffers(o *bridgev1.Event_Offers) (uint64, error) {
	return h.Publish(&bridgev1.Event{Type: bridgev1.Event_OFFERS, Payload: &bridgev1.Event_Offers_{Offers: o}})
}

// PublishInverseOffers publishes inverse offers for one framework.
func (h *Hub) PublishInverseOffers(o *bridgev1.Event_InverseOffers) (uint64, error) {
	return h.Publish(&bridgev1.Event{Type: bridgev1.Event_INVERSE_OFFERS, Payload: &bridgev1.Event_InverseOffers_{InverseOffers: o}})
}

// Session returns the module session that subscribed last ("" if none).
func (h *Hub) Session() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.session
}

// Subscribed reports whether a stream is open.
func (h *Hub) Subscribed() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.sub != nil && !h.sub.ended
}

// Close ends the open stream with an ERROR (why) and refuses new ones.
func (h *Hub) Close(why string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	if h.sub != nil {
		h.sub.end(why)
		h.sub = nil
	}
}
