package cluster_test

import (
	"errors"
	"net"
	"testing"
	"time"

	"github.com/mactor/mactor/sim/cluster"
)

func TestStartErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  cluster.Config
	}{
		{"negative agents", cluster.Config{Agents: -1}},
		{"bad resources", cluster.Config{AgentResources: "cpus:x"}},
		{"bad attributes", cluster.Config{AgentAttributes: "rack"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.MasterListen, tt.cfg.Bridge = "127.0.0.1:0", "127.0.0.1:1"
			c, err := cluster.Start(tt.cfg)
			if !errors.Is(err, cluster.ErrBadConfig) {
				if c != nil {
					c.Close()
				}
				t.Fatalf("got %v, want ErrBadConfig", err)
			}
		})
	}
}

// TestNoEngine starts the sim with no engine listening: the master serves,
// the bridge calls wait in the client's queue, and Close returns promptly.
func TestNoEngine(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := l.Addr().String()
	l.Close()
	c, err := cluster.Start(cluster.Config{MasterListen: "127.0.0.1:0", Bridge: dead, Agents: 2, FakeTasks: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(c.Master().Snapshot().Agents); n != 2 {
		t.Fatalf("%d agents", n)
	}
	done := make(chan struct{})
	go func() { c.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close hangs without an engine")
	}
}
