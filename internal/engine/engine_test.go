package engine

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		// protoactor-go's actor system starts process-wide goroutines that
		// Shutdown does not stop.
		goleak.IgnoreAnyFunction("github.com/asynkron/protoactor-go/actor.(*ActorSystem).GetCurrentMetrics.func1"),
		// protoactor's dead-letter log throttle lives for one period after
		// a dead letter (crash tests make some).
		goleak.IgnoreAnyFunction("github.com/asynkron/protoactor-go/actor.NewDeadLetter.NewThrottle.func4.1"),
		goleak.IgnoreTopFunction("github.com/lithammer/shortuuid/v4.init.0.func1"),
		goleak.IgnoreTopFunction("go.opentelemetry.io/otel/sdk/metric.(*PeriodicReader).run"),
	)
}

func testConfig(t *testing.T) Config {
	return Config{Listen: "127.0.0.1:0", HTTP: "127.0.0.1:0", DataDir: t.TempDir()}
}

func TestHealth(t *testing.T) {
	e, err := Start(testConfig(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop(context.Background())
	for _, addr := range []string{e.StatusAddr(), e.BridgeAddr()} {
		t.Run(addr, func(t *testing.T) {
			resp, err := http.Get("http://" + addr + "/health")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body map[string]any
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != 200 || body["status"] != "ok" {
				t.Fatalf("status %d body %v", resp.StatusCode, body)
			}
			post, err := http.Post("http://"+addr+"/health", "text/plain", nil)
			if err != nil {
				t.Fatal(err)
			}
			post.Body.Close()
			if post.StatusCode != http.StatusMethodNotAllowed {
				t.Fatalf("POST /health = %d, want 405", post.StatusCode)
			}
		})
	}
}

func TestStartErrors(t *testing.T) {
	cases := []struct {
		name string
		mod  func(*Config)
	}{
		{"bad listen", func(c *Config) { c.Listen = "nonsense" }},
		{"bad http", func(c *Config) { c.HTTP = "" }},
		{"no data", func(c *Config) { c.DataDir = "" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig(t)
			tc.mod(&cfg)
			if _, err := Start(cfg, nil); !errors.Is(err, ErrBadConfig) {
				t.Fatalf("err = %v, want ErrBadConfig", err)
			}
		})
	}
}

func TestPortInUse(t *testing.T) {
	e, err := Start(testConfig(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Stop(context.Background())
	cfg := testConfig(t)
	cfg.Listen = e.BridgeAddr()
	if _, err := Start(cfg, nil); err == nil {
		t.Fatal("second engine on the same port started")
	}
}
