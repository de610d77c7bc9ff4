package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/mactor/mactor/internal/engine"
)

// The status port's live view: the supervision tree, and the timeline
// that Record (the fault injector's) and the supervisors' lifecycle
// events feed.
func ExampleEngine_Record() {
	dir, err := os.MkdirTemp("", "engine-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	e, err := engine.Start(engine.Config{Listen: "127.0.0.1:0", HTTP: "127.0.0.1:0", DataDir: dir}, nil)
	if err != nil {
		panic(err)
	}
	defer e.Stop(context.Background())

	for _, n := range e.Tree().Children {
		fmt.Println(strings.TrimSpace(n.Path + " " + n.Kind + " " + n.Strategy))
	}

	e.Record(engine.EventFault, "root/allocation/frameworks/fw-1", "panic-framework")
	resp, err := http.Get("http://" + e.StatusAddr() + "/state/timeline?since=0")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var page engine.TimelinePage
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		panic(err)
	}
	for _, ev := range page.Events {
		if ev.Kind == engine.EventFault || ev.Kind == engine.EventEngineStart {
			fmt.Println(ev.Kind, ev.Actor, ev.Detail != "")
		}
	}
	// Output:
	// root/store worker
	// root/allocation supervisor rest_for_one
	// root/hooks supervisor one_for_one
	// root/bridge supervisor one_for_one
	// root/behaviours supervisor one_for_one
	// engine_start root true
	// fault root/allocation/frameworks/fw-1 true
}
