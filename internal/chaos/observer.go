package chaos

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/internal/recordio"
	"github.com/mactor/mactor/internal/resources"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// observer is the http.RoundTripper of the module side's bridge clients:
// it sees every call they send and every answer they get, and keeps the
// history the invariants are checked against — per session, which
// sequence numbers were sent, acknowledged (and whether as duplicates) or
// rejected; the hook calls and how long each took to be answered; and the
// OFFERS of the SUBSCRIBE stream, which go to the offer ledger. It changes
// nothing on the wire.
type observer struct {
	base     http.RoundTripper
	start    time.Time
	deadline time.Duration // the clients' hook deadline
	ledger   *OfferLedger

	mu       sync.Mutex
	sessions map[string]*sessionLog
	order    []string // session ids, in order of their first call
	hooks    hookLog
	acks     []int // acknowledged calls per second of the run
	offers   uint64
}

// sessionLog is what one module session sent and got.
type sessionLog struct {
	id       string
	sent     map[uint64]bridgev1.Call_Type // sequence → type, at its first send
	maxSent  uint64
	acked    map[uint64]bool // sequence → acknowledged (true: applied, not as a duplicate)
	applied  map[uint64]int  // non-duplicate acknowledgements per sequence
	rejected map[uint64]string
	maxAcked uint64
	// frameworks and agents announced (added) and removed
	frameworks, agents map[string]bool
	failures           []string
}

// hookLog counts the hook calls.
type hookLog struct {
	calls, inTime, late, fallbacks, engineFallbacks int
	worst                                           time.Duration
	firstLate                                       string
}

func newObserver(base http.RoundTripper, deadline time.Duration, ledger *OfferLedger, start time.Time) *observer {
	if base == nil {
		base = &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64, IdleConnTimeout: 90 * time.Second}
	}
	return &observer{base: base, start: start, deadline: deadline, ledger: ledger, sessions: map[string]*sessionLog{}}
}

// client is an HTTP client over the observer.
func (o *observer) client() *http.Client { return &http.Client{Transport: o} }

func (o *observer) session(id string) *sessionLog {
	s := o.sessions[id]
	if s == nil {
		s = &sessionLog{id: id, sent: map[uint64]bridgev1.Call_Type{}, acked: map[uint64]bool{}, applied: map[uint64]int{},
			rejected: map[uint64]string{}, frameworks: map[string]bool{}, agents: map[string]bool{}}
		o.sessions[id] = s
		o.order = append(o.order, id)
	}
	return s
}

// RoundTrip implements http.RoundTripper.
func (o *observer) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodPost || !strings.HasSuffix(req.URL.Path, "/api/v1/bridge") || req.Body == nil {
		return o.base.RoundTrip(req)
	}
	body, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, err
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	calls, batch := o.decodeCalls(req.Header, body)
	if len(calls) == 1 && !batch {
		switch bridgev1.KindOf(calls[0].GetType()) {
		case bridgev1.KindHook:
			return o.hook(req)
		case bridgev1.KindSubscribe:
			return o.subscribe(req)
		}
	}
	o.sent(calls)
	resp, err := o.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	raw, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	if rerr != nil {
		return resp, nil // the client sees the short body and resends
	}
	o.answered(calls, batch, resp, raw)
	return resp, nil
}

func (o *observer) decodeCalls(h http.Header, body []byte) ([]*bridgev1.Call, bool) {
	ct := h.Get("Content-Type")
	if strings.HasPrefix(ct, bridge.ContentTypeRecordIO) {
		enc, ok := bridge.EncodingOf(h.Get(bridge.HeaderMessageContentType))
		if !ok {
			return nil, true
		}
		var calls []*bridgev1.Call
		rd := recordio.NewReader(bytes.NewReader(body))
		for {
			rec, err := rd.Read()
			if err != nil {
				return calls, true
			}
			c := &bridgev1.Call{}
			if enc.Unmarshal(rec, c) != nil {
				return calls, true
			}
			calls = append(calls, c)
		}
	}
	enc, ok := bridge.EncodingOf(ct)
	if !ok {
		return nil, false
	}
	c := &bridgev1.Call{}
	if enc.Unmarshal(body, c) != nil {
		return nil, false
	}
	return []*bridgev1.Call{c}, false
}

// sent records the first send of each sequenced call, and what it tells
// the offer ledger.
func (o *observer) sent(calls []*bridgev1.Call) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, c := range calls {
		if c.GetSequence() == 0 || c.GetSessionId() == "" {
			continue
		}
		s := o.session(c.GetSessionId())
		if _, again := s.sent[c.GetSequence()]; again {
			continue
		}
		s.sent[c.GetSequence()] = c.GetType()
		s.maxSent = max(s.maxSent, c.GetSequence())
		switch c.GetType() {
		case bridgev1.Call_ADD_FRAMEWORK:
			s.frameworks[c.GetAddFramework().GetFrameworkId().GetValue()] = true
		case bridgev1.Call_REMOVE_FRAMEWORK:
			fw := c.GetRemoveFramework().GetFrameworkId().GetValue()
			s.frameworks[fw] = false
			o.ledger.RemoveFramework(fw)
		case bridgev1.Call_ADD_SLAVE:
			a := c.GetAddSlave()
			s.agents[a.GetSlaveId().GetValue()] = true
			if total, err := resources.FromProto(a.GetTotal()); err == nil {
				o.ledger.SetTotal(a.GetSlaveId().GetValue(), total)
			}
		case bridgev1.Call_REMOVE_SLAVE:
			id := c.GetRemoveSlave().GetSlaveId().GetValue()
			s.agents[id] = false
			o.ledger.RemoveAgent(id)
		case bridgev1.Call_RECOVER_RESOURCES:
			r := c.GetRecoverResources()
			if res, err := resources.FromProto(r.GetResources()); err == nil {
				o.ledger.Recover(r.GetFrameworkId().GetValue(), r.GetSlaveId().GetValue(), res)
			}
		}
	}
}

// answered records the engine's answer to each call of a request.
func (o *observer) answered(calls []*bridgev1.Call, batch bool, resp *http.Response, raw []byte) {
	type outcome struct {
		status int
		dup    bool
		msg    string
	}
	var outs []outcome
	switch {
	case batch && resp.StatusCode == http.StatusOK:
		enc, ok := bridge.EncodingOf(resp.Header.Get(bridge.HeaderMessageContentType))
		if !ok {
			return
		}
		rd := recordio.NewReader(bytes.NewReader(raw))
		for {
			rec, err := rd.Read()
			if err != nil {
				break
			}
			r := &bridgev1.Response{}
			if enc.Unmarshal(rec, r) != nil {
				break
			}
			outs = append(outs, outcome{status: int(r.GetStatus()), dup: r.GetDuplicate(), msg: r.GetError()})
		}
	case resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusAccepted:
		enc, ok := bridge.EncodingOf(resp.Header.Get("Content-Type"))
		r := &bridgev1.Response{}
		if !ok || enc.Unmarshal(raw, r) != nil {
			return
		}
		for range calls {
			outs = append(outs, outcome{status: resp.StatusCode, dup: r.GetDuplicate()})
		}
	default:
		for range calls {
			outs = append(outs, outcome{status: resp.StatusCode, msg: strings.TrimSpace(string(raw))})
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	sec := int(time.Since(o.start) / time.Second)
	failedAt := 0 // sequence of a call answered "resend" earlier in this batch
	for i, out := range outs {
		if i >= len(calls) {
			break
		}
		c := calls[i]
		if c.GetSequence() == 0 || c.GetSessionId() == "" {
			continue
		}
		s := o.session(c.GetSessionId())
		seq := c.GetSequence()
		switch {
		case out.status == http.StatusOK || out.status == http.StatusAccepted:
			if failedAt > 0 {
				s.fail("sequence %d acknowledged after sequence %d of the same request was answered resend", seq, failedAt)
			}
			if !out.dup {
				s.applied[seq]++
				if s.applied[seq] == 2 {
					s.fail("sequence %d (%s) acknowledged as applied twice", seq, c.GetType())
				}
			}
			if _, was := s.acked[seq]; !was {
				for len(o.acks) <= sec {
					o.acks = append(o.acks, 0)
				}
				o.acks[sec]++
			}
			s.acked[seq] = s.acked[seq] || !out.dup
			s.maxAcked = max(s.maxAcked, seq)
		case out.status >= 400 && out.status < 500 && out.status != http.StatusConflict &&
			out.status != http.StatusRequestTimeout && out.status != http.StatusTooManyRequests:
			s.rejected[seq] = fmt.Sprintf("%d %s", out.status, out.msg)
		default:
			if failedAt == 0 {
				failedAt = int(seq)
			}
		}
	}
}

func (s *sessionLog) fail(format string, args ...any) {
	if len(s.failures) < 20 {
		s.failures = append(s.failures, fmt.Sprintf("session %s: ", s.id)+fmt.Sprintf(format, args...))
	}
}

// hook times one hook call until its answer has been read (or the
// request failed: the client then answers its fallback).
func (o *observer) hook(req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := o.base.RoundTrip(req)
	if err != nil {
		o.hookDone(start, true, false)
		return nil, err
	}
	raw, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	fallback, engineFallback := rerr != nil || resp.StatusCode >= 500, false
	if resp.StatusCode == http.StatusOK {
		if enc, ok := bridge.EncodingOf(resp.Header.Get("Content-Type")); ok {
			r := &bridgev1.Response{}
			if enc.Unmarshal(raw, r) == nil {
				engineFallback = r.GetHook().GetFallback()
			}
		}
	}
	o.hookDone(start, fallback, engineFallback)
	return resp, nil
}

// hookTolerance is how late past its deadline a hook answer may come and
// still count as in time: the client's own timer and the scheduling of a
// loaded machine (CI runs this beside the race-enabled test suite on two
// cores). It is half the deadline, at least hookToleranceMin.
func (o *observer) hookTolerance() time.Duration { return max(o.deadline/2, hookToleranceMin) }

// hookToleranceMin is the least tolerance of the hook invariant.
const hookToleranceMin = 250 * time.Millisecond

func (o *observer) hookDone(start time.Time, fallback, engineFallback bool) {
	took := time.Since(start)
	o.mu.Lock()
	defer o.mu.Unlock()
	h := &o.hooks
	h.calls++
	if fallback {
		h.fallbacks++
	}
	if engineFallback {
		h.engineFallbacks++
	}
	h.worst = max(h.worst, took)
	if took <= o.deadline+o.hookTolerance() {
		h.inTime++
		return
	}
	h.late++
	if h.firstLate == "" {
		h.firstLate = fmt.Sprintf("at %.3fs a hook call took %s (deadline %s, tolerance %s, fallback %v)",
			start.Sub(o.start).Seconds(), took.Round(time.Millisecond), o.deadline, o.hookTolerance(), fallback)
	}
}

// subscribe passes the SUBSCRIBE stream through and hands each event to
// the offer ledger as the client reads it — before the client can act on
// it (e.g. decline the offer), so that the ledger sees the offer before
// its recovery.
func (o *observer) subscribe(req *http.Request) (*http.Response, error) {
	resp, err := o.base.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	enc, ok := bridge.EncodingOf(resp.Header.Get("Content-Type"))
	if !ok {
		return resp, nil
	}
	resp.Body = &eventTap{ReadCloser: resp.Body, enc: enc, o: o}
	return resp, nil
}

// eventTap is a SUBSCRIBE stream's body that decodes the RecordIO records
// passing through it.
type eventTap struct {
	io.ReadCloser
	enc    bridge.Encoding
	o      *observer
	buf    []byte
	broken bool // a record did not decode: stop looking
}

func (t *eventTap) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	if n > 0 && !t.broken {
		t.buf = append(t.buf, p[:n]...)
		t.records()
	}
	return n, err
}

// records decodes every complete record in the buffer.
func (t *eventTap) records() {
	for {
		i := bytes.IndexByte(t.buf, '\n')
		if i < 0 {
			return
		}
		size, err := strconv.Atoi(string(t.buf[:i]))
		if err != nil || size < 0 {
			t.broken = true
			return
		}
		if len(t.buf) < i+1+size {
			return
		}
		ev := &bridgev1.Event{}
		if t.enc.Unmarshal(t.buf[i+1:i+1+size], ev) != nil {
			t.broken = true
			return
		}
		t.buf = t.buf[i+1+size:]
		t.o.event(ev)
	}
}

// event dedupes the stream as the client does (a reconnect may repeat
// events) and checks each OFFERS event once.
func (o *observer) event(ev *bridgev1.Event) {
	o.mu.Lock()
	switch ev.GetType() {
	case bridgev1.Event_SUBSCRIBED:
		if next := ev.GetSubscribed().GetNextEventSequence(); next > 0 && next <= o.offers {
			o.offers = next - 1
		}
		o.mu.Unlock()
		return
	case bridgev1.Event_OFFERS, bridgev1.Event_INVERSE_OFFERS:
		if ev.GetSequence() <= o.offers {
			o.mu.Unlock()
			return
		}
		o.offers = ev.GetSequence()
	default:
		o.mu.Unlock()
		return
	}
	o.mu.Unlock()
	o.ledger.Event(ev)
}
