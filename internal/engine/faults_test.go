package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
	"github.com/mactor/mactor/supervisor"
)

// faultRig is an engine with fault injection on, one module session, one
// framework and one agent.
type faultRig struct {
	t *testing.T
	e *Engine
	c *client.Client
	n int // agents added so far
}

func newFaultRig(t *testing.T, faults bool) *faultRig {
	cfg := testConfig(t)
	cfg.Faults = faults
	e, err := Start(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Stop(context.Background()) })
	c := client.New(client.Config{Addr: e.BridgeAddr(), SessionID: "s1"})
	t.Cleanup(func() { c.Close() })
	return &faultRig{t: t, e: e, c: c}
}

// populate adds framework fw-1 and agent agent-1.
func (r *faultRig) populate() {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	id, name := "fw-1", "fw"
	if err := r.c.AddFramework(ctx, &bridgev1.Call_AddFramework{FrameworkId: &mesos.FrameworkID{Value: &id}, FrameworkInfo: &mesos.FrameworkInfo{Name: &name}, Active: true}); err != nil {
		r.t.Fatal(err)
	}
	r.roundTrip()
}

// roundTrip adds one more agent through the bridge and waits until it is
// durable: the engine serves calls.
func (r *faultRig) roundTrip() {
	r.t.Helper()
	r.n++
	id, host := fmt.Sprintf("agent-%d", r.n), "h"
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := r.c.AddSlave(ctx, &bridgev1.Call_AddSlave{SlaveId: &mesos.SlaveID{Value: &id}, SlaveInfo: &mesos.SlaveInfo{Hostname: &host}}); err != nil {
		r.t.Fatalf("call after the fault: %v", err)
	}
}

func (r *faultRig) do(method, body string) (int, string) {
	r.t.Helper()
	req, err := http.NewRequest(method, "http://"+r.e.StatusAddr()+"/debug/faults", strings.NewReader(body))
	if err != nil {
		r.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// children returns the restart counts of the supervisor at p's children
// (-1: not running).
func (r *faultRig) children(p string) map[string]int {
	r.t.Helper()
	cs, err := r.e.handle(p).WhichChildren()
	if err != nil {
		r.t.Fatalf("%s: %v", p, err)
	}
	out := map[string]int{}
	for _, c := range cs {
		out[c.ID] = c.Restarts
		if c.Status != supervisor.Running {
			out[c.ID] = -1
		}
	}
	return out
}

func sameKeys(a, b map[string]int) bool {
	ka, kb := keys(a), keys(b)
	return slices.Equal(ka, kb)
}

func keys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestFaults injects every fault kind into one running engine, one after
// the other, and checks after each that the tree is back to its spec (the
// same children, running, the hit child restarted exactly once where the
// fault restarts it), that an escalation went exactly one level, and that
// the engine still serves bridge calls.
func TestFaults(t *testing.T) {
	r := newFaultRig(t, true)
	r.populate()
	cases := []struct {
		kind, target string
		duration     int
		// sup is the supervisor whose children are checked; child is the
		// child that must have restarted once ("" when none must; "*" for
		// the child named by the answer's target).
		sup, child string
		// also restarted once with child (rest_for_one siblings).
		also []string
		// grand is sup's parent, whose children must not have restarted:
		// an escalation goes exactly one level.
		grand string
	}{
		{kind: FaultPanicFramework, target: pathFrameworks + "/fw-1", sup: pathFrameworks, child: "fw-1"},
		{kind: FaultPanicAgent, target: pathAgents + "/agent-1", sup: pathAgents, child: "agent-1"},
		{kind: FaultPanicHook, sup: pathHooks, child: "*"},
		{kind: FaultPanicAllocator, sup: pathAllocation, child: allocatorChild},
		{kind: FaultPanicSession, target: pathSessions + "/s1", sup: pathSessions, child: "s1"},
		{kind: FaultBrutalKill, target: pathFrameworks + "/fw-1", sup: pathFrameworks, child: "fw-1"},
		{kind: FaultBrutalKill, target: pathAgents + "/agent-1", sup: pathAgents, child: "agent-1"},
		{kind: FaultBrutalKill, target: "root/store", sup: pathRoot, child: "store"},
		{kind: FaultBrutalKill, target: "root/allocation/offers", sup: pathAllocation, child: allocatorChild},
		{kind: FaultSlowHandler, target: pathAgents + "/agent-1", duration: 300, sup: pathAgents},
		{kind: FaultSlowHandler, target: pathSessions + "/s1", duration: 300, sup: pathSessions},
		{kind: FaultDropConns, sup: pathBridge},
		{kind: FaultEscalate, target: pathFrameworks, sup: pathAllocation, child: "frameworks", also: []string{"agents", allocatorChild}, grand: pathRoot},
		{kind: FaultEscalate, target: pathSessions, sup: pathBridge, child: "sessions", grand: pathRoot},
	}
	injected := map[string]int{}
	for i, tc := range cases {
		t.Run(fmt.Sprintf("%02d_%s", i, tc.kind), func(t *testing.T) {
			r.t = t
			before := r.children(tc.sup)
			var grandBefore map[string]int
			if tc.grand != "" {
				grandBefore = r.children(tc.grand)
			}
			var inner map[string]int // the escalated supervisor's children
			if tc.kind == FaultEscalate {
				inner = r.children(tc.target)
			}
			body, _ := json.Marshal(FaultRequest{Kind: tc.kind, Target: tc.target, Seed: int64(i), DurationMS: tc.duration})
			code, text := r.do(http.MethodPost, string(body))
			if code != http.StatusOK {
				t.Fatalf("POST: %d %s", code, text)
			}
			injected[tc.kind]++
			var res FaultResult
			if err := json.Unmarshal([]byte(text), &res); err != nil {
				t.Fatal(err)
			}
			if res.Kind != tc.kind || (tc.target != "" && res.Target != tc.target) || res.InjectedAt == "" {
				t.Fatalf("answer %+v", res)
			}
			child := tc.child
			if child == "*" {
				child = path.Base(res.Target)
			}
			want := maps(before)
			if child != "" {
				want[child]++
			}
			for _, c := range tc.also {
				want[c]++
			}
			var got map[string]int
			if !testutil.Poll(30*time.Second, 5*time.Millisecond, func() bool {
				got = r.children(tc.sup)
				return fmt.Sprint(got) == fmt.Sprint(want)
			}) {
				t.Fatalf("%s children %v, want %v", tc.sup, got, want)
			}
			if tc.grand != "" {
				if g := r.children(tc.grand); fmt.Sprint(g) != fmt.Sprint(grandBefore) {
					t.Fatalf("escalated two levels: %s children %v, was %v", tc.grand, g, grandBefore)
				}
			}
			if tc.kind == FaultDropConns && strings.HasPrefix(res.Detail, "closed 0 ") {
				t.Errorf("no connection was dropped: %s", res.Detail)
			}
			r.roundTrip()
			if inner != nil {
				// Its children come back: owners from the directory, the
				// session with the call above.
				var now map[string]int
				if !testutil.Poll(30*time.Second, 5*time.Millisecond, func() bool {
					now = r.children(tc.target)
					return sameKeys(now, inner) && !slices.Contains(keys(inverse(now)), "-1")
				}) {
					t.Fatalf("%s children after the escalation %v, before %v", tc.target, now, inner)
				}
			}
		})
	}
	r.t = t
	// Every fault is on the timeline and counted.
	evs, _ := r.e.obs.timeline.since(0, 10000)
	faults := 0
	for _, ev := range evs {
		if ev.Kind == EventFault {
			faults++
		}
	}
	if faults != len(cases) {
		t.Errorf("%d fault events on the timeline, want %d", faults, len(cases))
	}
	resp, err := http.Get("http://" + r.e.StatusAddr() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	metrics, _ := io.ReadAll(resp.Body)
	for kind, n := range injected {
		line := fmt.Sprintf("mactor_faults_injected_total{kind=%q} %d\n", kind, n)
		if !bytes.Contains(metrics, []byte(line)) {
			t.Errorf("metrics lack %q", line)
		}
	}
}

func maps(m map[string]int) map[string]int {
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// inverse maps the values of m, as strings, to its keys.
func inverse(m map[string]int) map[string]int {
	out := map[string]int{}
	for _, v := range m {
		out[fmt.Sprint(v)]++
	}
	return out
}

// TestFaultErrors: the endpoint's refusals.
func TestFaultErrors(t *testing.T) {
	off := newFaultRig(t, false)
	on := newFaultRig(t, true) // no framework, agent or session yet
	cases := []struct {
		name   string
		rig    *faultRig
		method string
		body   string
		code   int
		inBody string
	}{
		{"off: POST", off, http.MethodPost, `{"kind":"panic-agent"}`, http.StatusForbidden, "--faults"},
		{"off: GET", off, http.MethodGet, "", http.StatusForbidden, "--faults"},
		{"method", on, http.MethodDelete, "", http.StatusMethodNotAllowed, "GET lists"},
		{"unknown kind", on, http.MethodPost, `{"kind":"meteor"}`, http.StatusBadRequest, "unknown kind"},
		{"not JSON", on, http.MethodPost, `kind=panic-agent`, http.StatusBadRequest, "bad fault request body"},
		{"unknown field", on, http.MethodPost, `{"kind":"panic-agent","victim":"x"}`, http.StatusBadRequest, "unknown field"},
		{"slow without duration", on, http.MethodPost, `{"kind":"slow-handler"}`, http.StatusBadRequest, "duration_ms"},
		{"slow too long", on, http.MethodPost, `{"kind":"slow-handler","duration_ms":600000}`, http.StatusBadRequest, "duration_ms"},
		{"duration on a panic", on, http.MethodPost, `{"kind":"panic-hook","duration_ms":5}`, http.StatusBadRequest, "duration_ms"},
		{"no framework running", on, http.MethodPost, `{"kind":"panic-framework"}`, http.StatusNotFound, "no actor of kind panic-framework"},
		{"nothing to escalate", on, http.MethodPost, `{"kind":"escalate"}`, http.StatusNotFound, "no actor of kind escalate"},
		{"no such target", on, http.MethodPost, `{"kind":"panic-hook","target":"root/hooks/nope"}`, http.StatusNotFound, "not a running target"},
		{"target of another kind", on, http.MethodPost, `{"kind":"panic-hook","target":"root/store"}`, http.StatusNotFound, "not a running target"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.rig.t = t
			code, body := tc.rig.do(tc.method, tc.body)
			if code != tc.code || !strings.Contains(body, tc.inBody) {
				t.Fatalf("%d %q, want %d with %q", code, body, tc.code, tc.inBody)
			}
		})
	}
	if _, err := off.e.InjectFault(context.Background(), FaultRequest{Kind: FaultPanicHook}); err != ErrFaultsOff {
		t.Fatalf("InjectFault without Faults: %v", err)
	}
}

// TestFaultTargets: GET /debug/faults lists every kind with its current
// targets, and a random pick is the same for the same seed.
func TestFaultTargets(t *testing.T) {
	r := newFaultRig(t, true)
	r.populate()
	code, body := r.do(http.MethodGet, "")
	if code != http.StatusOK {
		t.Fatalf("GET: %d %s", code, body)
	}
	var ft FaultTargets
	if err := json.Unmarshal([]byte(body), &ft); err != nil {
		t.Fatal(err)
	}
	if !ft.Enabled || !slices.Equal(ft.Kinds, FaultKinds) || len(ft.Descriptions) != len(FaultKinds) {
		t.Fatalf("kinds %+v", ft)
	}
	want := map[string][]string{
		FaultPanicFramework: {pathFrameworks + "/fw-1"},
		FaultPanicAgent:     {pathAgents + "/agent-1"},
		FaultPanicAllocator: {"root/allocation/offers"},
		FaultPanicSession:   {pathSessions + "/s1"},
		FaultDropConns:      {"root/bridge/listener"},
		FaultEscalate:       {pathAgents, pathFrameworks, pathSessions},
	}
	for kind, w := range want {
		if !slices.Equal(ft.Targets[kind], w) {
			t.Errorf("%s targets %v, want %v", kind, ft.Targets[kind], w)
		}
	}
	if n := len(ft.Targets[FaultPanicHook]); n != 13 {
		t.Errorf("%d hook targets, want 13", n)
	}
	if n := len(ft.Targets[FaultBrutalKill]); n != 13+1+1+1+1 {
		t.Errorf("brutal-kill targets %v", ft.Targets[FaultBrutalKill])
	}
	for _, k := range FaultKinds {
		if len(ft.Targets[k]) == 0 {
			t.Errorf("no targets for %s", k)
		}
	}
	pick := func(seed int64) string {
		tg, err := r.e.pickFaultTarget(context.Background(), FaultRequest{Kind: FaultPanicHook, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		return tg.path
	}
	var first, again []string
	for seed := range int64(20) {
		first = append(first, pick(seed))
	}
	for seed := range int64(20) {
		again = append(again, pick(seed))
	}
	if !slices.Equal(first, again) {
		t.Errorf("the same seeds picked %v, then %v", first, again)
	}
	if len(slices.Compact(slices.Sorted(slices.Values(first)))) < 2 {
		t.Errorf("20 seeds all picked %v", first[0])
	}
}
