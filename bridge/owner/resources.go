package owner

import (
	"fmt"
	"time"

	"github.com/mactor/mactor/internal/resources"
	mesos "github.com/mactor/mactor/messages/mesos"
)

// Helpers for the owners' rules: Mesos resource arithmetic on the
// []*mesos.Resource form the records keep. Inputs that do not convert (an
// invalid resource from a module) fail the helper; rules then leave the
// record as it was.

// Plus returns a + b.
func Plus(a, b []*mesos.Resource) ([]*mesos.Resource, error) {
	ra, rb, err := both(a, b)
	if err != nil {
		return a, err
	}
	return ra.Plus(rb).ToProto(), nil
}

// Minus returns a - b (what cannot be subtracted is ignored, as in Mesos).
func Minus(a, b []*mesos.Resource) ([]*mesos.Resource, error) {
	ra, rb, err := both(a, b)
	if err != nil {
		return a, err
	}
	return ra.Minus(rb).ToProto(), nil
}

// Contains reports whether a contains b.
func Contains(a, b []*mesos.Resource) bool {
	ra, rb, err := both(a, b)
	return err == nil && ra.Contains(rb)
}

// Convert applies Mesos resource conversions (consumed → converted) to rs.
func Convert(rs []*mesos.Resource, consumed, converted [][]*mesos.Resource) ([]*mesos.Resource, error) {
	r, err := resources.FromProto(rs)
	if err != nil {
		return rs, err
	}
	cs := make([]resources.Conversion, len(consumed))
	for i := range consumed {
		if cs[i].Consumed, err = resources.FromProto(consumed[i]); err != nil {
			return rs, err
		}
		if cs[i].Converted, err = resources.FromProto(converted[i]); err != nil {
			return rs, err
		}
	}
	out, err := r.ApplyAll(cs)
	if err != nil {
		return rs, err
	}
	return out.ToProto(), nil
}

// ApplyOperations applies offer operations (RESERVE, UNRESERVE, CREATE,
// DESTROY, GROW_VOLUME, SHRINK_VOLUME) to rs.
func ApplyOperations(rs []*mesos.Resource, ops []*mesos.Offer_Operation) ([]*mesos.Resource, error) {
	r, err := resources.FromProto(rs)
	if err != nil {
		return rs, err
	}
	out, err := r.ApplyOperations(ops)
	if err != nil {
		return rs, err
	}
	return out.ToProto(), nil
}

func both(a, b []*mesos.Resource) (resources.Resources, resources.Resources, error) {
	ra, err := resources.FromProto(a)
	if err != nil {
		return nil, nil, fmt.Errorf("resources: %w", err)
	}
	rb, err := resources.FromProto(b)
	if err != nil {
		return nil, nil, fmt.Errorf("resources: %w", err)
	}
	return ra, rb, nil
}

// Refuse filter durations, as Mesos computes them from Filters.refuse_seconds.
const (
	// DefaultRefuse is used for a negative refuse_seconds.
	DefaultRefuse = 5 * time.Second
	// MaxRefuse caps refuse_seconds (365 days).
	MaxRefuse = 365 * 24 * time.Hour
)

// RefuseFor returns how long a Filters refuses resources: refuse_seconds
// (5 s when unset), capped at 365 days, 5 s when negative or not a number;
// zero means no filter.
func RefuseFor(f *mesos.Filters) time.Duration {
	if f == nil {
		return 0
	}
	s := f.GetRefuseSeconds()
	switch {
	case s != s || s < 0:
		return DefaultRefuse
	case s == 0:
		return 0
	case s > MaxRefuse.Seconds():
		return MaxRefuse
	}
	return time.Duration(s * float64(time.Second))
}
