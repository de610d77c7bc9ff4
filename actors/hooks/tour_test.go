package hooks

import "testing"

// TestTourConfig loads the hook rules `make run` starts the engine with:
// the five-minute tour's labels and variable must be there.
func TestTourConfig(t *testing.T) {
	cfg, err := LoadConfig("../../examples/hooks/tour.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Rules) != 1 || cfg.Rules[0].Labels["tour"] != "yes" || cfg.Rules[0].Env["TOUR_GREETING"] == "" {
		t.Fatalf("tour rules %+v", cfg.Rules)
	}
}
