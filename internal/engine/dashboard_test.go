package engine

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestDashboardMount: the status port serves the dashboard at "/" and its
// files under /assets/, its own endpoints still win, and any other path
// is 404 (not the page).
func TestDashboardMount(t *testing.T) {
	e, err := Start(testConfig(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop(context.Background())
	client := &http.Client{}
	defer client.CloseIdleConnections()
	cases := []struct {
		path        string
		code        int
		contentType string
		contains    string
	}{
		{"/", 200, "text/html", "<h1>mactor</h1>"},
		{"/assets/dashboard.js", 200, "text/javascript", "/state/timeline"},
		{"/health", 200, "application/json", `"status":"ok"`},
		{"/metrics", 200, "text/plain", "go_goroutines"},
		{"/state", 200, "application/json", `"agents"`},
		{"/nope", 404, "", ""},
		{"/assets/nope.css", 404, "", ""},
		{"/state/agent/nope", 404, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			resp, err := client.Get("http://" + e.StatusAddr() + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.code {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.code)
			}
			if strings.Contains(string(body), "<h1>mactor</h1>") != (tc.path == "/") {
				t.Fatal("the page is served at the wrong path")
			}
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.contentType) {
				t.Errorf("Content-Type %q, want %q", resp.Header.Get("Content-Type"), tc.contentType)
			}
			if !strings.Contains(string(body), tc.contains) {
				t.Errorf("body lacks %q", tc.contains)
			}
		})
	}
}
