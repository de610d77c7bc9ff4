package resources

import (
	"errors"
	"math"
	"testing"
)

// Mesos's values.cpp rounds every double to thousandths with llround before
// arithmetic and comparison; these cases check the same rounding.
func TestScalarFixedPoint(t *testing.T) {
	tests := []struct {
		in   float64
		want Scalar
		str  string
	}{
		{0, 0, "0"},
		{1, 1000, "1"},
		{0.07, 70, "0.07"},
		{0.0015, 2, "0.002"}, // half away from zero, like llround
		{0.0004, 0, "0"},     // below the precision: zero
		{24.5, 24500, "24.5"},
		{488000, 488000000, "488000"},
		{0.1 + 0.2, 300, "0.3"}, // the double error disappears
	}
	for _, tt := range tests {
		t.Run(tt.str, func(t *testing.T) {
			got := ScalarOf(tt.in)
			if got != tt.want || got.String() != tt.str {
				t.Fatalf("ScalarOf(%v) = %d (%s), want %d (%s)", tt.in, got, got, tt.want, tt.str)
			}
		})
	}
}

func TestValidateFloat(t *testing.T) {
	tests := []struct {
		name string
		in   float64
		ok   bool
	}{
		{"zero", 0, true},
		{"positive", 3.5, true},
		{"negative", -1, false},
		{"inf", math.Inf(1), false},
		{"nan", math.NaN(), false},
		{"subnormal", 5e-324, false},
		{"too large", 1e19, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := validateFloat(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("validateFloat(%v) = %v, want ok=%v", tt.in, err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
		})
	}
}
