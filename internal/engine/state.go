package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/mactor/mactor/actors/allocator"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/version"
)

// allocatorQueryTimeout bounds the wait for the allocator actor's view (it
// may be in the middle of a long cycle, or restarting).
const allocatorQueryTimeout = 3 * time.Second

// StateDoc is the document of GET /state.
type StateDoc struct {
	Version   string    `json:"version"`
	StartedAt time.Time `json:"started_at"`
	UptimeS   float64   `json:"uptime_s"`
	// Cluster is the registry's cluster record (protobuf JSON).
	Cluster json.RawMessage `json:"cluster"`
	// Frameworks and Agents are the directory: every id with a record.
	Frameworks []string `json:"frameworks"`
	Agents     []string `json:"agents"`
	// Subscribed says whether a module holds the SUBSCRIBE stream.
	Subscribed bool `json:"subscribed"`
	// Tree is the live supervision tree.
	Tree *TreeNode `json:"tree"`
	// AllocatorReady is false until the allocator actor has recovered;
	// AllocatorError says why the next fields are empty, if they are.
	AllocatorReady bool   `json:"allocator_ready"`
	AllocatorError string `json:"allocator_error,omitempty"`
	// ClusterResources is the cluster's scalar resources (the DRF
	// denominator).
	ClusterResources map[string]float64 `json:"cluster_resources"`
	// Roles and Allocations are the allocator's view (allocator.StateView).
	Roles       []allocator.RoleView       `json:"roles"`
	Allocations []allocator.AllocationView `json:"allocations"`
}

// TimelinePage is the document of GET /state/timeline.
type TimelinePage struct {
	// Next is the since to ask for next time.
	Next   uint64          `json:"next"`
	Events []TimelineEvent `json:"events"`
}

// AllocatorView asks the allocator actor for its read-only view of the
// allocation.
func (e *Engine) AllocatorView(ctx context.Context) (allocator.StateView, error) {
	ctx, cancel := context.WithTimeout(ctx, allocatorQueryTimeout)
	defer cancel()
	ch := make(chan allocator.StateView, 1)
	pid := actor.NewPID(e.system.Address(), "root/allocation/"+allocatorChild)
	e.system.Root.Send(pid, &allocator.StateQuery{Reply: func(v allocator.StateView) { ch <- v }})
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return allocator.StateView{}, fmt.Errorf("engine: the allocator did not answer: %w", ctx.Err())
	}
}

// stateDoc builds GET /state.
func (e *Engine) stateDoc(ctx context.Context) (*StateDoc, error) {
	rec, err := e.bridge.Record(ctx, owner.ClusterKey)
	if err != nil {
		return nil, err
	}
	fws, ags, err := e.bridge.Router().Directory(ctx)
	if err != nil {
		return nil, err
	}
	doc := &StateDoc{
		Version: version.Version, StartedAt: e.obs.started.UTC(), UptimeS: time.Since(e.obs.started).Seconds(),
		Cluster: rawJSON(rec), Frameworks: nonNil(fws), Agents: nonNil(ags), Subscribed: e.bridge.Hub().Subscribed(),
		Tree:             e.Tree(),
		ClusterResources: map[string]float64{}, Roles: []allocator.RoleView{}, Allocations: []allocator.AllocationView{},
	}
	v, err := e.AllocatorView(ctx)
	switch {
	case err != nil:
		doc.AllocatorError = err.Error()
	case !v.Ready:
		doc.AllocatorError = "the allocator is recovering"
	default:
		doc.AllocatorReady = true
		doc.ClusterResources, doc.Roles, doc.Allocations = v.Total, v.Roles, v.Allocations
	}
	return doc, nil
}

// timelinePage answers GET /state/timeline?since=N[&limit=M].
func (e *Engine) timelinePage(r *http.Request) (*TimelinePage, error) {
	q := r.URL.Query()
	var since uint64
	if s := q.Get("since"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad since %q: want the non-negative integer \"next\" of the previous page (0 for all)", s)
		}
		since = n
	}
	limit := 0
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > TimelineCapacity {
			return nil, fmt.Errorf("bad limit %q: want an integer from 1 to %d", s, TimelineCapacity)
		}
		limit = n
	}
	evs, next := e.obs.timeline.since(since, limit)
	return &TimelinePage{Next: next, Events: evs}, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
