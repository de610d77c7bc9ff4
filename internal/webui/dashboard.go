package webui

import (
	"bytes"
	"net/http"
	"strings"
	"time"
)

// contentSecurityPolicy allows the dashboard's own files and its polls of
// the same origin, and nothing else.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Dashboard returns the handler of the live dashboard: GET / is the page
// and GET /assets/<file> its scripts, styles and icon. Every other path
// answers 404 and every other method 405, so it can sit at a mux's "/"
// behind more specific routes. Responses carry a strong ETag and
// "Cache-Control: no-cache": browsers revalidate and get 304 until the
// binary changes.
//
// The page reads /state/tree, /state, /metrics and /state/timeline of the
// same origin, so it must be mounted at the root of the server that
// serves those (the engine's status port).
func Dashboard() http.Handler { return dashboard{} }

type dashboard struct{}

func (dashboard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := ""
	switch p := r.URL.Path; {
	case p == "/":
		name = "index.html"
	case strings.HasPrefix(p, "/assets/"):
		name = strings.TrimPrefix(p, "/assets/")
		if name == "index.html" {
			name = "" // the page lives at / only
		}
	}
	a, ok := assets[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed: use GET", http.StatusMethodNotAllowed)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("ETag", a.etag)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	if name == "index.html" {
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("Referrer-Policy", "no-referrer")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.data))
}
