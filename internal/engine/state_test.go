package engine

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/testutil"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

// statusGet GETs path on e's status port and returns the code and body.
func statusGet(t *testing.T, e *Engine, path string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + e.StatusAddr() + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// getJSON GETs path and decodes a 200 answer into v.
func getJSON(t *testing.T, e *Engine, path string, v any) {
	t.Helper()
	code, body := statusGet(t, e, path)
	if code != http.StatusOK {
		t.Fatalf("GET %s = %d %s", path, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, body)
	}
}

// metricValue finds the sample series (name and labels exactly as
// exposed, e.g. `x_total{a="b"}`) in a /metrics body; ok is false if it
// is not there.
func metricValue(body, series string) (v float64, ok bool) {
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if rest, found := strings.CutPrefix(line, series+" "); found {
			f, err := strconv.ParseFloat(strings.Fields(rest)[0], 64)
			return f, err == nil
		}
	}
	return 0, false
}

// find returns the node at path under n, or nil.
func (n *TreeNode) find(path string) *TreeNode {
	if n.Path == path {
		return n
	}
	for _, c := range n.Children {
		if strings.HasPrefix(path, c.Path) {
			if f := c.find(path); f != nil {
				return f
			}
		}
	}
	return nil
}

func addFramework(t *testing.T, c *client.Client, id, role string) {
	t.Helper()
	err := c.AddFramework(context.Background(), &bridgev1.Call_AddFramework{FrameworkId: &mesos.FrameworkID{Value: proto.String(id)}, Active: true,
		FrameworkInfo: &mesos.FrameworkInfo{User: proto.String("u"), Name: proto.String("name-" + id), Id: &mesos.FrameworkID{Value: proto.String(id)},
			Roles: []string{role}, Capabilities: []*mesos.FrameworkInfo_Capability{{Type: mesos.FrameworkInfo_Capability_MULTI_ROLE.Enum()}}}})
	if err != nil {
		t.Fatal(err)
	}
}

// startWithClient starts an engine for t, with a bridge client of
// session "s1"; both end with the test.
func startWithClient(t *testing.T) (*Engine, *client.Client) {
	t.Helper()
	e, err := Start(testConfig(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Stop(context.Background()) })
	c := client.New(client.Config{Addr: e.BridgeAddr(), SessionID: "s1"})
	t.Cleanup(func() { _ = c.Close() })
	return e, c
}

// TestStateTreeAndRestart: /state has the live tree (the supervisors of
// docs/architecture.md with their strategies, a framework actor as a
// worker named by its id); crashing that actor shows in its restart count,
// the supervisor's restart counter on /metrics and a "restart" event on
// the timeline.
func TestStateTreeAndRestart(t *testing.T) {
	e, c := startWithClient(t)
	addFramework(t, c, "fw-1", "web")

	var doc StateDoc
	getJSON(t, e, "/state", &doc)
	if doc.Version == "" || doc.StartedAt.IsZero() || doc.UptimeS <= 0 || doc.Tree == nil || len(doc.Frameworks) != 1 {
		t.Fatalf("/state: %+v", doc)
	}
	for _, tc := range []struct{ path, kind, strategy string }{
		{"root", "supervisor", "one_for_one"},
		{"root/store", "worker", ""},
		{"root/allocation", "supervisor", "rest_for_one"},
		{"root/allocation/allocator", "worker", ""},
		{"root/allocation/frameworks", "supervisor", "simple_one_for_one"},
		{"root/allocation/agents", "supervisor", "simple_one_for_one"},
		{"root/allocation/offers", "worker", ""},
		{"root/hooks", "supervisor", "one_for_one"},
		{"root/hooks/isolatorCleanup", "worker", ""},
		{"root/bridge", "supervisor", "one_for_one"},
		{"root/bridge/sessions", "supervisor", "simple_one_for_one"},
		{"root/bridge/listener", "worker", ""},
		{"root/behaviours", "supervisor", "one_for_one"},
		{"root/allocation/frameworks/fw-1", "worker", ""},
	} {
		t.Run(tc.path, func(t *testing.T) {
			n := doc.Tree.find(tc.path)
			if n == nil {
				t.Fatalf("not in the tree")
			}
			if n.Kind != tc.kind || n.Strategy != tc.strategy || n.Status != "running" || n.Restarts != 0 || n.Error != "" {
				t.Fatalf("node %+v, want kind %s strategy %q running with no restart", n, tc.kind, tc.strategy)
			}
		})
	}
	if n := doc.Tree.find("root/allocation/frameworks/fw-1"); n.Name != "fw-1" {
		t.Fatalf("framework node named %q", n.Name)
	}

	const series = `mactor_supervisor_restarts_total{supervisor="root/allocation/frameworks"}`
	_, body := statusGet(t, e, "/metrics")
	if v, ok := metricValue(body, series); !ok || v != 0 {
		t.Fatalf("%s = %v (present %v) before the crash, want 0", series, v, ok)
	}
	var page TimelinePage
	getJSON(t, e, "/state/timeline", &page)
	since := page.Next

	pid := e.Bridge().Router().Known(owner.Key{Kind: owner.Framework, ID: "fw-1"})
	if pid == nil {
		t.Fatal("fw-1 has no actor")
	}
	e.System().Root.Send(pid, &owner.Crash{Reason: "state test"})

	testutil.Eventually(t, 10*time.Second, func() bool {
		var tree TreeNode
		getJSON(t, e, "/state/tree", &tree)
		n := tree.find("root/allocation/frameworks/fw-1")
		return n != nil && n.Restarts == 1 && n.Status == "running"
	}, "fw-1 restarted once in /state/tree")
	_, body = statusGet(t, e, "/metrics")
	if v, _ := metricValue(body, series); v != 1 {
		t.Fatalf("%s = %v after the crash, want 1", series, v)
	}
	getJSON(t, e, "/state/timeline?since="+strconv.FormatUint(since, 10), &page)
	var restart, stop *TimelineEvent
	for i, ev := range page.Events {
		if ev.Seq <= since {
			t.Fatalf("event %d not after since=%d", ev.Seq, since)
		}
		if ev.Actor != "root/allocation/frameworks/fw-1" {
			continue
		}
		switch ev.Kind {
		case EventRestart:
			restart = &page.Events[i]
		case EventStop:
			stop = &page.Events[i]
		}
	}
	if restart == nil || !strings.Contains(restart.Detail, "state test") {
		t.Fatalf("no restart event for fw-1 with the crash reason in %+v", page.Events)
	}
	if stop == nil || stop.Seq > restart.Seq || !strings.Contains(stop.Detail, "state test") {
		t.Fatalf("no stop event for fw-1 before its restart in %+v", page.Events)
	}
	// The framework still answers after its restart.
	if _, err := e.bridge.Record(context.Background(), owner.Key{Kind: owner.Framework, ID: "fw-1"}); err != nil {
		t.Fatal(err)
	}
}

// TestStateRoles: after an agent and a framework are added over the
// bridge (with a subscribed module, so that the allocator offers), /state
// shows the role's DRF share, what is offered, and the allocation.
func TestStateRoles(t *testing.T) {
	e, c := startWithClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	subscribed := make(chan struct{})
	go func() {
		defer close(subscribed)
		_ = c.Subscribe(ctx, client.SubscribeOptions{MasterID: "state-test"}, func(*bridgev1.Event) {})
	}()
	defer func() {
		cancel()
		<-subscribed
	}()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(c.Initialize(ctx, &bridgev1.Call_Initialize{AllocationIntervalSeconds: 0.1}))
	id, host := "agent-1", "h1"
	total := []*mesos.Resource{scalar("cpus", 4), scalar("mem", 1024)}
	must(c.AddSlave(ctx, &bridgev1.Call_AddSlave{SlaveId: &mesos.SlaveID{Value: &id},
		SlaveInfo:    &mesos.SlaveInfo{Hostname: &host, Id: &mesos.SlaveID{Value: &id}},
		Capabilities: []*mesos.SlaveInfo_Capability{{Type: mesos.SlaveInfo_Capability_MULTI_ROLE.Enum()}},
		Total:        total}))
	addFramework(t, c, "fw-1", "web")

	var doc StateDoc
	testutil.Eventually(t, 20*time.Second, func() bool {
		getJSON(t, e, "/state", &doc)
		return len(doc.Allocations) == 1
	}, "agent-1 offered to fw-1 in /state")
	if !doc.AllocatorReady || doc.AllocatorError != "" || doc.ClusterResources["cpus"] != 4 || doc.ClusterResources["mem"] != 1024 {
		t.Fatalf("allocator ready %v error %q resources %v", doc.AllocatorReady, doc.AllocatorError, doc.ClusterResources)
	}
	if len(doc.Roles) != 1 {
		t.Fatalf("roles %+v", doc.Roles)
	}
	r := doc.Roles[0]
	if r.Role != "web" || r.Weight != 1 || r.Share != 1 || r.Offered["cpus"] != 4 || r.Offered["mem"] != 1024 || len(r.Allocated) != 0 {
		t.Fatalf("role %+v, want web with weight 1, share 1, all offered", r)
	}
	if len(r.Frameworks) != 1 || r.Frameworks[0].FrameworkID != "fw-1" || r.Frameworks[0].Name != "name-fw-1" || r.Frameworks[0].Share != 1 {
		t.Fatalf("role frameworks %+v", r.Frameworks)
	}
	if a := doc.Allocations[0]; a.FrameworkID != "fw-1" || a.Role != "web" || a.AgentID != "agent-1" || a.Offered["cpus"] != 4 {
		t.Fatalf("allocation %+v", a)
	}
	// The raw document has the contract's keys.
	_, body := statusGet(t, e, "/state")
	var raw map[string]json.RawMessage
	must(json.Unmarshal([]byte(body), &raw))
	for _, k := range []string{"version", "started_at", "uptime_s", "cluster", "frameworks", "agents", "subscribed", "tree", "roles", "allocations"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("/state has no %q", k)
		}
	}
}

func scalar(name string, v float64) *mesos.Resource {
	return &mesos.Resource{Name: proto.String(name), Type: mesos.Value_SCALAR.Enum(), Scalar: &mesos.Value_Scalar{Value: proto.Float64(v)}}
}

// TestStateTimelineAndErrors: timeline paging with since and limit, the
// engine_start event, bad queries (400 with a message), other methods
// (405).
func TestStateTimelineAndErrors(t *testing.T) {
	e, _ := startWithClient(t)
	var page TimelinePage
	getJSON(t, e, "/state/timeline?since=0", &page)
	if len(page.Events) == 0 || page.Events[0].Kind != EventEngineStart || page.Next != page.Events[len(page.Events)-1].Seq {
		t.Fatalf("first page %+v", page)
	}
	start := page.Next
	for i := range 5 {
		e.Record(EventFault, "root/allocation/frameworks/fw-"+strconv.Itoa(i), "panic-framework")
	}
	getJSON(t, e, "/state/timeline?limit=2&since="+strconv.FormatUint(start, 10), &page)
	if len(page.Events) != 2 || page.Events[0].Actor != "root/allocation/frameworks/fw-0" || page.Next != start+2 {
		t.Fatalf("limited page %+v", page)
	}
	getJSON(t, e, "/state/timeline?since="+strconv.FormatUint(page.Next, 10), &page)
	if len(page.Events) != 3 || page.Events[2].Actor != "root/allocation/frameworks/fw-4" || page.Events[2].Kind != EventFault {
		t.Fatalf("rest %+v", page)
	}
	getJSON(t, e, "/state/timeline?since="+strconv.FormatUint(page.Next, 10), &page)
	if len(page.Events) != 0 {
		t.Fatalf("nothing new expected: %+v", page)
	}

	for _, tc := range []struct {
		name, method, path string
		code               int
		msg                string
	}{
		{"since not a number", http.MethodGet, "/state/timeline?since=abc", 400, `bad since "abc"`},
		{"negative since", http.MethodGet, "/state/timeline?since=-1", 400, "bad since"},
		{"zero limit", http.MethodGet, "/state/timeline?limit=0", 400, "bad limit"},
		{"huge limit", http.MethodGet, "/state/timeline?limit=99999", 400, "bad limit"},
		{"POST /state", http.MethodPost, "/state", 405, "use GET"},
		{"DELETE /state/tree", http.MethodDelete, "/state/tree", 405, "use GET"},
		{"POST /state/timeline", http.MethodPost, "/state/timeline", 405, "use GET"},
		{"unknown", http.MethodGet, "/state/nope", 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, "http://"+e.StatusAddr()+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.code || !strings.Contains(string(b), tc.msg) {
				t.Fatalf("%s %s = %d %q, want %d with %q", tc.method, tc.path, resp.StatusCode, b, tc.code, tc.msg)
			}
		})
	}
}

// TestMetricsExposed: the engine's own series are on /metrics: the
// journal fsync histogram counts the commits the calls made, mailbox
// depth per kind, dead letters, and the existing families are kept.
func TestMetricsExposed(t *testing.T) {
	e, c := startWithClient(t)
	_, body := statusGet(t, e, "/metrics")
	before, _ := metricValue(body, "mactor_journal_fsync_seconds_count")
	for i := range 3 {
		addFramework(t, c, "fw-"+strconv.Itoa(i), "web")
	}
	_, body = statusGet(t, e, "/metrics")
	after, ok := metricValue(body, "mactor_journal_fsync_seconds_count")
	if !ok || after < before+3 {
		t.Fatalf("fsync count %v -> %v (present %v), want at least 3 more after 3 acknowledged calls", before, after, ok)
	}
	commits, _ := metricValue(body, "mactor_journal_commits_total")
	if after > commits {
		t.Fatalf("fsync observations %v > commits %v", after, commits)
	}
	for _, series := range []string{
		`mactor_mailbox_depth{kind="framework"}`, `mactor_mailbox_actors{kind="framework"}`,
		`mactor_mailbox_depth{kind="hook"}`, `mactor_mailbox_depth{kind="session"}`, `mactor_mailbox_depth{kind="allocator"}`,
		`mactor_dead_letters_total`,
		`mactor_supervisor_escalations_total{supervisor="root/allocation"}`,
		`mactor_supervisor_restarts_total{supervisor="root"}`,
		`mactor_bridge_calls_total{code="202",type="ADD_FRAMEWORK"}`,
	} {
		if _, ok := metricValue(body, series); !ok {
			t.Errorf("%s missing from /metrics", series)
		}
	}
	if v, _ := metricValue(body, `mactor_mailbox_actors{kind="framework"}`); v != 3 {
		t.Errorf("framework mailboxes = %v, want 3", v)
	}
	if v, _ := metricValue(body, `mactor_mailbox_actors{kind="hook"}`); v != 13 {
		t.Errorf("hook mailboxes = %v, want 13", v)
	}
}

// TestStateEscalation: crashing the registry more often than `allocation`
// allows makes `allocation` escalate once: its escalation counter and an
// "escalation" event, and the root restarts it (its restart count).
func TestStateEscalation(t *testing.T) {
	e, _ := startWithClient(t)
	const series = `mactor_supervisor_escalations_total{supervisor="root/allocation"}`
	pid := actor.NewPID(e.System().Address(), "root/allocation/allocator")
	testutil.Eventually(t, 20*time.Second, func() bool {
		_, body := statusGet(t, e, "/metrics")
		if v, _ := metricValue(body, series); v >= 1 {
			return true
		}
		e.System().Root.Send(pid, &owner.Crash{Reason: "escalation test"})
		return false
	}, "root/allocation escalated")
	testutil.Eventually(t, 20*time.Second, func() bool {
		var tree TreeNode
		getJSON(t, e, "/state/tree", &tree)
		n := tree.find("root/allocation")
		return n != nil && n.Restarts >= 1 && n.Status == "running" && len(n.Children) == 4
	}, "root/allocation restarted by the root, with its four children")
	var page TimelinePage
	getJSON(t, e, "/state/timeline", &page)
	var esc, rootRestart bool
	for _, ev := range page.Events {
		esc = esc || (ev.Kind == EventEscalation && ev.Actor == "root/allocation")
		rootRestart = rootRestart || (ev.Kind == EventRestart && ev.Actor == "root/allocation")
	}
	if !esc || !rootRestart {
		t.Fatalf("escalation event %v, restart of root/allocation %v in %+v", esc, rootRestart, page.Events)
	}
	select {
	case <-e.Done():
		t.Fatalf("the engine stopped: %v", e.Err())
	default:
	}
}
