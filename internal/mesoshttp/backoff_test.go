package mesoshttp_test

import (
	"testing"
	"time"

	"github.com/mactor/mactor/internal/mesoshttp"
)

func TestBackoff(t *testing.T) {
	b := mesoshttp.Backoff{Initial: 100 * time.Millisecond, Max: 15 * time.Second}
	steps := []time.Duration{100, 200, 400, 800, 1600, 3200, 6400, 12800, 15000, 15000}
	for i, step := range steps {
		step *= time.Millisecond
		d := b.Next()
		if d < step/2 || d > step {
			t.Fatalf("attempt %d: delay %v outside [%v, %v]", i, d, step/2, step)
		}
	}
	b.Reset()
	if d := b.Next(); d > 100*time.Millisecond {
		t.Fatalf("after Reset: %v", d)
	}
	var zero mesoshttp.Backoff
	if zero.Next() != 0 {
		t.Fatal("zero Backoff waits")
	}
}

func TestUniform(t *testing.T) {
	for range 100 {
		if d := mesoshttp.Uniform(time.Second); d < 0 || d > time.Second {
			t.Fatalf("Uniform = %v", d)
		}
	}
	if mesoshttp.Uniform(0) != 0 {
		t.Fatal("Uniform(0) != 0")
	}
}
