package executor_test

import (
	"testing"
	"time"

	"github.com/mactor/mactor/actors/executor"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		bad  bool
	}{
		{in: "5secs", want: 5 * time.Second},
		{in: "250ms", want: 250 * time.Millisecond},
		{in: "15mins", want: 15 * time.Minute},
		{in: "1.5mins", want: 90 * time.Second},
		{in: "2hrs", want: 2 * time.Hour},
		{in: "1days", want: 24 * time.Hour},
		{in: "2weeks", want: 14 * 24 * time.Hour},
		{in: "10us", want: 10 * time.Microsecond},
		{in: "7ns", want: 7},
		{in: "0secs", want: 0},
		{in: ".5secs", want: 500 * time.Millisecond},
		{in: "5s", bad: true},
		{in: "5", bad: true},
		{in: "secs", bad: true},
		{in: "-5secs", bad: true},
		{in: "1e3secs", bad: true},
		{in: "5 secs", bad: true},
		{in: "1..2secs", bad: true},
		{in: "999999999999weeks", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := executor.ParseDuration(tt.in)
			if (err != nil) != tt.bad {
				t.Fatalf("err = %v", err)
			}
			if !tt.bad && got != tt.want {
				t.Fatalf("ParseDuration(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
