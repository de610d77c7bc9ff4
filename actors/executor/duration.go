package executor

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// durationUnits are the units of Mesos durations ("5secs", "2.5mins").
var durationUnits = []struct {
	suffix string
	unit   time.Duration
}{
	// Longest suffixes first, so that "ms" is not read as "s".
	{"weeks", 7 * 24 * time.Hour},
	{"days", 24 * time.Hour},
	{"hrs", time.Hour},
	{"mins", time.Minute},
	{"secs", time.Second},
	{"ms", time.Millisecond},
	{"us", time.Microsecond},
	{"ns", time.Nanosecond},
}

// ParseDuration reads a duration in the notation Mesos uses for flags and
// for the MESOS_* durations it passes to executors: a non-negative decimal
// number and one of the units ns, us, ms, secs, mins, hrs, days, weeks,
// e.g. "5secs", "250ms", "1.5mins", "15mins".
func ParseDuration(s string) (time.Duration, error) {
	for _, u := range durationUnits {
		num, ok := strings.CutSuffix(s, u.suffix)
		if !ok {
			continue
		}
		if num == "" || strings.Trim(num, "0123456789.") != "" {
			return 0, fmt.Errorf("duration %q: %q is not a decimal number", s, num)
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return 0, fmt.Errorf("duration %q: %w", s, err)
		}
		d := v * float64(u.unit)
		if d > math.MaxInt64 {
			return 0, fmt.Errorf("duration %q: out of range", s)
		}
		return time.Duration(d), nil
	}
	return 0, fmt.Errorf("duration %q: unknown unit; want ns, us, ms, secs, mins, hrs, days or weeks", s)
}
