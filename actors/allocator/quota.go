package allocator

import (
	"fmt"

	"github.com/mactor/mactor/internal/resources"
)

// Quota is a role's quota: guarantees the allocator sets resources aside
// for, and limits it never allocates beyond (Mesos's Quota). Both are
// scalar quantities by resource name; a name without a limit is
// unlimited. The zero Quota is Mesos's DEFAULT_QUOTA.
type Quota struct {
	Guarantees resources.Quantities
	Limits     resources.Limits
}

// IsDefault reports whether q is the default quota (no guarantees, no
// limits).
func (q Quota) IsDefault() bool { return q.Guarantees.Empty() && q.Limits.Empty() }

// QuotaOf builds a Quota from name → value maps (the bridge's Quota).
func QuotaOf(guarantees, limits map[string]float64) Quota {
	return Quota{Guarantees: resources.QuantitiesOf(guarantees), Limits: resources.LimitsOf(limits)}
}

// ParseQuota parses Mesos-style quantities, e.g. ParseQuota("cpus:1;mem:512",
// "cpus:2;mem:1024"); an empty string means none.
func ParseQuota(guarantees, limits string) (Quota, error) {
	g, err := resources.ParseQuantities(guarantees)
	if err != nil {
		return Quota{}, fmt.Errorf("%w: guarantees: %w", ErrInvalidQuota, err)
	}
	l, err := resources.ParseLimits(limits)
	if err != nil {
		return Quota{}, fmt.Errorf("%w: limits: %w", ErrInvalidQuota, err)
	}
	return Quota{Guarantees: g, Limits: l}, nil
}

func (q Quota) validate(role string) error {
	if q.IsDefault() {
		return nil
	}
	if resources.TopLevel(role) != role {
		return fmt.Errorf("%w: only top-level roles may have quota, not %q", ErrInvalidQuota, role)
	}
	if !q.Limits.ContainsQuantities(q.Guarantees) {
		return fmt.Errorf("%w: role %q: guarantees %v exceed limits %v", ErrInvalidQuota, role, q.Guarantees, q.Limits)
	}
	return nil
}
