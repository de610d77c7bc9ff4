package webui_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"

	"github.com/mactor/mactor/internal/webui"
)

// The dashboard sits at "/" of a mux, behind the status endpoints it
// polls.
func ExampleDashboard() {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.Handle("/", webui.Dashboard())
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, path := range []string{"/", "/assets/charts.js", "/health", "/unknown"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// Output:
	// / 200 text/html; charset=utf-8
	// /assets/charts.js 200 text/javascript; charset=utf-8
	// /health 200 text/plain; charset=utf-8
	// /unknown 404 text/plain; charset=utf-8
}

// A chaos run's JSON report becomes one HTML file.
func ExampleWriteReport() {
	report := []byte(`{"seed": 7, "verdict": "fail", "events_lost": 2,
		"invariants": {"conservation": "fail", "no_orphans": "pass"},
		"invariant_details": [{"name": "conservation", "verdict": "fail", "checks": 40,
			"first_failure": "call 12 acknowledged, then lost after SIGKILL"}]}`)
	var page bytes.Buffer
	if err := webui.WriteReport(&page, report); err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range regexp.MustCompile(`<title>(.*)</title>|data-name="(\w+)" data-verdict="(\w+)"`).FindAllStringSubmatch(page.String(), -1) {
		fmt.Println(strings.TrimSpace(m[1] + m[2] + " " + m[3]))
	}
	fmt.Println(webui.WriteReport(&page, []byte(`{"seed": 7`)))
	// Output:
	// mactor chaos report: seed 7, fail
	// conservation fail
	// no_orphans pass
	// webui: bad chaos report: not valid JSON
}
