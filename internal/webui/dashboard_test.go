package webui

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func TestDashboardRoutes(t *testing.T) {
	srv := httptest.NewServer(Dashboard())
	defer srv.Close()
	cases := []struct {
		method, path string
		code         int
		contentType  string
		contains     string
	}{
		{"GET", "/", 200, "text/html; charset=utf-8", "<h1>mactor</h1>"},
		{"GET", "/assets/charts.js", 200, "text/javascript; charset=utf-8", "MactorCharts"},
		{"GET", "/assets/prom.js", 200, "text/javascript; charset=utf-8", "MactorProm"},
		{"GET", "/assets/dashboard.js", 200, "text/javascript; charset=utf-8", "/state/tree"},
		{"GET", "/assets/style.css", 200, "text/css; charset=utf-8", "mactor-flash"},
		{"GET", "/assets/favicon.svg", 200, "image/svg+xml", "<svg"},
		{"HEAD", "/", 200, "text/html; charset=utf-8", ""},
		{"GET", "/index.html", 404, "", ""},
		{"GET", "/assets/index.html", 404, "", ""},
		{"GET", "/assets/", 404, "", ""},
		{"GET", "/assets/nope.js", 404, "", ""},
		{"GET", "/assets/../assets/charts.js", 404, "", ""}, // no path games: names are looked up as they are
		{"GET", "/nope", 404, "", ""},
		{"GET", "/state/tree", 404, "", ""}, // the engine's mux serves it, not the dashboard
		{"POST", "/", 405, "", ""},
		{"DELETE", "/assets/charts.js", 405, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, srv.URL+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.code {
				t.Fatalf("status %d, want %d (%s)", resp.StatusCode, tc.code, body)
			}
			if tc.code == 405 && resp.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow = %q", resp.Header.Get("Allow"))
			}
			if tc.code != 200 {
				return
			}
			if got := resp.Header.Get("Content-Type"); got != tc.contentType {
				t.Errorf("Content-Type = %q, want %q", got, tc.contentType)
			}
			if got := resp.Header.Get("Cache-Control"); got != "no-cache" {
				t.Errorf("Cache-Control = %q", got)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no X-Content-Type-Options: nosniff")
			}
			if etag := resp.Header.Get("ETag"); !regexp.MustCompile(`^"[0-9a-f]{24}"$`).MatchString(etag) {
				t.Errorf("ETag = %q, want a strong quoted hash", etag)
			}
			if tc.method == "HEAD" && len(body) != 0 {
				t.Errorf("HEAD has a body of %d bytes", len(body))
			}
			if !strings.Contains(string(body), tc.contains) {
				t.Errorf("body lacks %q", tc.contains)
			}
		})
	}
}

// TestDashboardRevalidation: a browser's If-None-Match with the current
// ETag gets 304 and no body; a stale one gets the file.
func TestDashboardRevalidation(t *testing.T) {
	srv := httptest.NewServer(Dashboard())
	defer srv.Close()
	get := func(etag string) *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+"/assets/charts.js", nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	first := get("")
	etag := first.Header.Get("ETag")
	for _, tc := range []struct {
		name, etag string
		code       int
	}{
		{"current", etag, http.StatusNotModified},
		{"stale", `"0000"`, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := get(tc.etag).StatusCode; got != tc.code {
				t.Fatalf("status %d, want %d", got, tc.code)
			}
		})
	}
	if other := assets["style.css"].etag; other == etag {
		t.Fatal("two files share an ETag")
	}
}

// TestDashboardPageSecurity: the page may load its own files only.
func TestDashboardPageSecurity(t *testing.T) {
	rec := httptest.NewRecorder()
	Dashboard().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	csp := rec.Header().Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("Content-Security-Policy allows inline code: %q", csp)
	}
}

// TestAssetsReferenced: every file the page refers to is embedded, the
// page loads nothing from another origin, and every embedded file is
// used by the page or the report.
func TestAssetsReferenced(t *testing.T) {
	page := string(assets["index.html"].data)
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1)
	used := map[string]bool{"index.html": true}
	for _, m := range refs {
		ref := m[1]
		switch {
		case strings.HasPrefix(ref, "/assets/"):
			name := strings.TrimPrefix(ref, "/assets/")
			if _, ok := assets[name]; !ok {
				t.Errorf("index.html refers to %s, which is not embedded", ref)
			}
			used[name] = true
		case strings.HasPrefix(ref, "/state") || ref == "/metrics":
		default:
			t.Errorf("index.html refers to %q: only its own files and the status endpoints", ref)
		}
	}
	for name := range assets {
		if !used[name] && !strings.Contains(reportHTML, name) && name != "charts.js" && name != "style.css" {
			t.Errorf("assets/%s is embedded but not used", name)
		}
	}
	for _, name := range []string{"charts.js", "prom.js", "dashboard.js", "style.css", "favicon.svg"} {
		if len(assets[name].data) == 0 {
			t.Errorf("assets/%s missing or empty", name)
		}
	}
}
