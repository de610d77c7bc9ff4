package chaos

import (
	"errors"
	"slices"
	"testing"
)

func TestParseKinds(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []Kind
		err  bool
	}{
		{in: "", want: AllKinds},
		{in: "all", want: AllKinds},
		{in: "sigkill", want: []Kind{KindSigkill}},
		{in: "sigkill, panic-agent,sigkill", want: []Kind{KindPanicAgent, KindSigkill}},
		{in: "panic-everything", err: true},
		{in: "sigkill,", err: true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseKinds(tc.in)
			if tc.err {
				if !errors.Is(err, ErrBadConfig) {
					t.Fatalf("err %v, want ErrBadConfig", err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{name: "zero", cfg: Config{}, ok: true},
		{name: "short", cfg: Config{Duration: MinDuration - 1}},
		{name: "negative rate", cfg: Config{Rate: -1}},
		{name: "huge rate", cfg: Config{Rate: 1000}},
		{name: "negative agents", cfg: Config{Agents: -1}},
		{name: "negative frameworks", cfg: Config{Frameworks: -2}},
		{name: "negative load", cfg: Config{LoadRate: -5}},
		{name: "fine", cfg: Config{Duration: MinDuration, Rate: 2, Agents: 4, Frameworks: 2}, ok: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if tc.ok != (err == nil) || (err != nil && !errors.Is(err, ErrBadConfig)) {
				t.Fatalf("Validate() = %v", err)
			}
		})
	}
}
