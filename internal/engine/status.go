package engine

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/version"
)

func (e *Engine) health(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed: use GET", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "ok", "version": version.Get()})
}

func (e *Engine) statusMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", e.health)
	mux.Handle("/metrics", promhttp.HandlerFor(e.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/state", e.state)
	mux.HandleFunc("/state/", e.state)
	mux.Handle("/", dashboardHandler())
	return mux
}

// bridgeHandler is the bridge's handler, answering 503 until the bridge
// is bound to the tree and every owner is recovered; /health answers too.
func (e *Engine) bridgeHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", e.health)
	h := e.bridge.Handler()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if !e.ready.Load() {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "engine starting", http.StatusServiceUnavailable)
			return
		}
		h.ServeHTTP(w, r)
	})
	return mux
}

// state answers the records as JSON:
//
//	GET /state                    StateDoc: version, uptime, cluster record,
//	                              directory, tree, roles, allocations
//	GET /state/tree               the live supervision tree (TreeNode)
//	GET /state/timeline?since=N   lifecycle events after N (TimelinePage)
//	GET /state/framework/<id>     one framework's record
//	GET /state/agent/<id>         one agent's record
//	GET /state/session/<id>       one module session's durable watermark
func (e *Engine) state(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, "method not allowed: use GET", http.StatusMethodNotAllowed)
		return
	}
	if !e.ready.Load() {
		http.Error(w, "engine starting", http.StatusServiceUnavailable)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	parts := strings.SplitN(strings.TrimPrefix(r.URL.Path, "/state"), "/", 3)
	var out any
	switch {
	case len(parts) == 1 || parts[1] == "":
		doc, err := e.stateDoc(ctx)
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		out = doc
	case len(parts) == 2 && parts[1] == "tree":
		out = e.Tree()
	case len(parts) == 2 && parts[1] == "timeline":
		page, err := e.timelinePage(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		out = page
	case len(parts) == 3 && (parts[1] == "framework" || parts[1] == "agent"):
		kind := owner.Framework
		if parts[1] == "agent" {
			kind = owner.Agent
		}
		k := owner.Key{Kind: kind, ID: parts[2]}
		if e.bridge.Router().Known(k) == nil {
			http.NotFound(w, r)
			return
		}
		rec, err := e.bridge.Record(ctx, k)
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		out = rawJSON(rec)
	case len(parts) == 3 && parts[1] == "session":
		last, err := e.bridge.Sessions().LastApplied(ctx, parts[2])
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		out = map[string]any{"session_id": parts[2], "last_applied_sequence": last}
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

func rawJSON(m proto.Message) json.RawMessage {
	b, err := protojson.MarshalOptions{UseProtoNames: true, EmitUnpopulated: false}.Marshal(m)
	if err != nil {
		return json.RawMessage(`null`)
	}
	return b
}
