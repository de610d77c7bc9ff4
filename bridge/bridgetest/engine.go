package bridgetest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/mactor/mactor/internal/engine"
)

// Engine starts an engine on loopback ports with its data in dir (a fresh
// temporary directory when empty), applies mods to its Config, and stops it
// when the test ends.
func Engine(tb testing.TB, dir string, mods ...func(*engine.Config)) *engine.Engine {
	tb.Helper()
	if dir == "" {
		dir = tb.TempDir()
	}
	cfg := engine.Config{Listen: "127.0.0.1:0", HTTP: "127.0.0.1:0", DataDir: dir}
	for _, m := range mods {
		m(&cfg)
	}
	e, err := engine.Start(cfg, nil)
	if err != nil {
		tb.Fatalf("engine: %v", err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		e.Stop(ctx)
	})
	return e
}

// HTTP is an HTTP client whose idle connections are closed when the test
// ends (so that leak checks pass).
func HTTP(tb testing.TB) *http.Client {
	c := &http.Client{Transport: &http.Transport{}, Timeout: 30 * time.Second}
	tb.Cleanup(c.CloseIdleConnections)
	return c
}

// Post sends a request to url with the body and headers (name, value
// pairs) and returns the answer with its body read.
func Post(tb testing.TB, c *http.Client, method, url string, body []byte, headers ...string) (*http.Response, []byte) {
	tb.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		tb.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return resp, b
}
