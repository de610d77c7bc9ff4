package allocator

import (
	"fmt"
	"math"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
)

// UpdateQuota is Mesos's updateQuota: it sets a role's guarantees and
// limits (the zero Quota removes them). Only top-level roles may have
// quota, and guarantees may not exceed limits. It triggers no cycle.
func (a *Allocator) UpdateQuota(role string, q Quota) error {
	if !a.initialized {
		return ErrNotInitialized
	}
	if err := resources.ValidateRole(role); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidRole, err)
	}
	if err := q.validate(role); err != nil {
		return err
	}
	a.setQuota(role, q)
	a.debugCheck("UpdateQuota")
	return nil
}

func (a *Allocator) setQuota(name string, q Quota) {
	r := a.roles.getOrCreate(name)
	r.quota = Quota{Guarantees: q.Guarantees.Clone(), Limits: append(resources.Limits(nil), q.Limits...)}
	if q.IsDefault() {
		delete(a.quotaRoles, r)
	} else {
		a.quotaRoles[r] = struct{}{}
	}
	a.roles.tryRemove(name)
}

// Quota returns a role's quota (the zero Quota when it has none).
func (a *Allocator) Quota(role string) Quota {
	if r := a.roles.get(role); r != nil {
		return r.quota
	}
	return Quota{}
}

// UpdateWeights is Mesos's updateWeights: role weights for the role
// sorter (DRF divides shares by them). Every WeightInfo must name a role.
// It triggers no cycle: the weights apply from the next one.
func (a *Allocator) UpdateWeights(infos []*mesos.WeightInfo) error {
	if !a.initialized {
		return ErrNotInitialized
	}
	for _, w := range infos {
		if w.Role == nil {
			return fmt.Errorf("%w: WeightInfo without role", ErrInvalidRole)
		}
		if err := resources.ValidateRole(w.GetRole()); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalidRole, err)
		}
		if v := w.GetWeight(); !(v > 0) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: weight %v of role %q must be positive", ErrInvalidOption, v, w.GetRole())
		}
	}
	for _, w := range infos {
		r := a.roles.getOrCreate(w.GetRole())
		r.weight = w.GetWeight()
		r.hasWeight = r.weight != DefaultWeight
		a.roleSorter.UpdateWeight(w.GetRole(), w.GetWeight())
		a.roles.tryRemove(w.GetRole())
	}
	a.debugCheck("UpdateWeights")
	return nil
}

// Weight returns a role's weight.
func (a *Allocator) Weight(role string) float64 {
	if r := a.roles.get(role); r != nil && r.hasWeight {
		return r.weight
	}
	return DefaultWeight
}
