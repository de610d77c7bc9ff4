package resources

import (
	"fmt"
	"math"
	"strconv"
)

// Scalar is a scalar resource value in fixed point: thousandths. Mesos keeps
// doubles but converts them with llround(v*1000) before every addition,
// subtraction and comparison (src/common/values.cpp), so storing the fixed
// point value gives the same results; a value is rounded to three decimals
// once, when it enters.
type Scalar int64

// ScalarUnit is the fixed-point value of 1.
const ScalarUnit Scalar = 1000

// maxScalarFloat bounds the values that convert without overflow.
const maxScalarFloat = float64(math.MaxInt64 / 1000)

// ScalarOf converts a float to fixed point, rounding half away from zero
// like llround. Values beyond ±9.2e15 saturate; validateFloat rejects them
// at the edges.
func ScalarOf(v float64) Scalar {
	switch {
	case math.IsNaN(v):
		return 0
	case v >= maxScalarFloat:
		return Scalar(math.MaxInt64)
	case v <= -maxScalarFloat:
		return Scalar(math.MinInt64 + 1)
	}
	return Scalar(math.Round(v * 1000))
}

// Float converts back to a float the way Mesos's convertToFloating does:
// integer part plus thousandths.
func (s Scalar) Float() float64 {
	return float64(s/ScalarUnit) + float64(s%ScalarUnit)/1000.0
}

// String prints the value with at most three decimals and no exponent,
// e.g. "0.07", "4096".
func (s Scalar) String() string {
	return strconv.FormatFloat(s.Float(), 'f', -1, 64)
}

// validateFloat applies Mesos's validateInputScalarValue (finite, not
// subnormal, not negative) plus a range check so the fixed-point value does
// not overflow.
func validateFloat(v float64) error {
	switch {
	case math.IsInf(v, 0):
		return fmt.Errorf("%w: infinite values not supported", ErrInvalid)
	case math.IsNaN(v):
		return fmt.Errorf("%w: NaN not supported", ErrInvalid)
	case v != 0 && math.Abs(v) < 0x1p-1022:
		return fmt.Errorf("%w: subnormal values not supported", ErrInvalid)
	case v < 0:
		return fmt.Errorf("%w: negative values not supported", ErrInvalid)
	case v >= maxScalarFloat:
		return fmt.Errorf("%w: value %g too large", ErrInvalid, v)
	}
	return nil
}
