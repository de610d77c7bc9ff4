package wirecompat

import (
	"context"
	"errors"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/mesos/mesos-go/api/v1/lib/encoding"
	"github.com/mesos/mesos-go/api/v1/lib/encoding/codecs"
	"github.com/mesos/mesos-go/api/v1/lib/scheduler"

	"github.com/mactor/mactor/sim/master"
)

// TestMesosGoSchedulerOnSim runs a scheduler written with Debian's mesos-go
// v1 client (mesosGoFramework) against `mactor sim` driving a real engine:
// it subscribes in protobuf and in JSON, directly and through a
// non-leading master that answers 307, gets offers made by the engine's
// allocator, launches tasks, acknowledges their TASK_RUNNING and
// TASK_FINISHED updates and declines the other offers; then it leaves the
// stream and subscribes again with its framework id (no update may be
// resent: every acknowledgement matched), and tears itself down.
// Every event is read by mesos-go's RecordIO decoder and codec, and every
// call goes through its HTTP client, so a difference in status codes,
// headers (Content-Type, Mesos-Stream-Id), framing or encoding fails a
// call or the stream. The sim's /state must show the tasks finished.
func TestMesosGoSchedulerOnSim(t *testing.T) {
	const tasks = 2 // fewer than the agents: some offers are declined
	heartbeat := 2 * time.Second
	c := startSim(t, heartbeat)
	leader := c.MasterAddr()
	path := "/api/v1/scheduler"
	for _, tc := range []struct {
		name     string
		codec    encoding.MediaType
		redirect bool
		executor encoding.MediaType // "": command tasks
	}{
		{"protobuf", codecs.MediaTypeProtobuf, false, ""},
		{"json", codecs.MediaTypeJSON, false, ""},
		{"protobuf via 307", codecs.MediaTypeProtobuf, true, ""},
		{"json via 307", codecs.MediaTypeJSON, true, ""},
		{"protobuf with a json executor", codecs.MediaTypeProtobuf, false, codecs.MediaTypeJSON},
		{"json with a protobuf executor", codecs.MediaTypeJSON, false, codecs.MediaTypeProtobuf},
	} {
		// Sequential on purpose: mesos-go's httpcli adds Mesos-Stream-Id
		// to its package-wide DefaultHeaders map while a call is made.
		t.Run(tc.name, func(t *testing.T) {
			endpoint := "http://" + leader + path
			var follower *nonLeader
			if tc.redirect {
				follower = startNonLeader(t, leader)
				endpoint = follower.URL() + path
			}
			f := newMesosGoFramework(endpoint, codecs.ByMediaType[tc.codec], tasks, tc.executor)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			f.Run(ctx)

			f.mu.Lock()
			defer f.mu.Unlock()
			if t.Failed() || !f.tornDown || len(f.ended) == 0 || f.ended[0] != errFailover {
				logSandboxes(t, c.WorkDir())
			}
			t.Logf("events %v, launched %d, declined %d, subscriptions ended with %v, run with %v", f.events, f.launched, f.declined, f.ended, f.runErr)
			if !f.tornDown {
				t.Fatalf("not torn down: subscriptions ended with %v, run with %v; events %v, launched %d, running %d, finished %d, declined %d",
					f.ended, f.runErr, f.events, f.launched, len(f.running), len(f.finished), f.declined)
			}
			if ctx.Err() != nil {
				t.Fatalf("the stream did not end after TEARDOWN: %v", f.runErr)
			}
			// The first subscription ends by the framework's choice; the
			// second with the master ending the stream cleanly (the
			// chunked body's last chunk: io.EOF, not a broken read).
			if len(f.ended) != 2 || !errors.Is(f.ended[0], errFailover) || !errors.Is(f.ended[1], io.EOF) {
				t.Fatalf("subscriptions ended with %v, want %v then %v", f.ended, errFailover, io.EOF)
			}
			if len(f.ids) != 2 || f.ids[0] == "" || f.ids[1] != f.ids[0] {
				t.Fatalf("SUBSCRIBED framework ids %q: the resubscription must keep the id", f.ids)
			}
			if f.events[scheduler.Event_HEARTBEAT] < 2 || f.events[scheduler.Event_OFFERS] < 2 {
				t.Fatalf("events %v", f.events)
			}
			if f.heartbeat != heartbeat.Seconds() {
				t.Fatalf("heartbeat_interval_seconds %v, want %v", f.heartbeat, heartbeat.Seconds())
			}
			if len(f.running) != tasks || len(f.finished) != tasks {
				t.Fatalf("running %v, finished %v", f.running, f.finished)
			}
			if tc.executor != "" {
				// Each executor exited with status 0: its environment,
				// SUBSCRIBED, updates and acknowledgements were as
				// mesos-go expects (it exits with 3 otherwise).
				if len(f.exits) != tasks {
					t.Fatalf("executor exits %v, want %d", f.exits, tasks)
				}
				for id, status := range f.exits {
					if status != 0 {
						logSandboxes(t, c.WorkDir())
						t.Fatalf("executor %s exited with wait status %d", id, status)
					}
				}
			}
			// Updates not acknowledged are resent on a resubscription.
			if f.resent != 0 {
				t.Fatalf("%d updates resent after resubscribing: acknowledgements did not match", f.resent)
			}
			if tc.redirect {
				// The SUBSCRIBE was redirected; mesos-go then called the
				// leader directly.
				if got, want := follower.Requests(), []string{"POST " + path + " " + string(tc.codec)}; !slices.Equal(got, want) {
					t.Fatalf("follower answered %v, want %v", got, want)
				}
			}

			st, err := simState(leader)
			if err != nil {
				t.Fatal(err)
			}
			fw := findFramework(st.CompletedFrameworks, f.frameworkID())
			if fw == nil {
				t.Fatalf("framework %q not among the completed ones: %+v", f.frameworkID(), st)
			}
			if fw.Name != "mesos-go" || !slices.Equal(fw.Roles, []string{"wirecompat"}) || len(fw.Tasks) != tasks {
				t.Fatalf("framework %+v", fw)
			}
			for _, task := range fw.Tasks {
				if task.State != "TASK_FINISHED" || !f.finished[task.ID] {
					t.Fatalf("task %+v (framework saw finished %v)", task, f.finished)
				}
			}
		})
	}
}

func findFramework(fws []master.FrameworkState, id string) *master.FrameworkState {
	for i := range fws {
		if fws[i].ID == id {
			return &fws[i]
		}
	}
	return nil
}
