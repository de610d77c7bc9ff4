package allocator

import (
	"fmt"

	"github.com/mactor/mactor/internal/resources"
)

// The sorter names Mesos accepts for --role_sorter and --framework_sorter.
const (
	SorterDRF    = "drf"
	SorterRandom = "random"
)

// DRF returns Mesos's default policy: weighted DRF across hierarchical
// roles, then DRF across each role's frameworks, offering everything the
// core allows.
func DRF() Policy { return sortedPolicy{role: SorterDRF, framework: SorterDRF} }

// Random returns the policy of Mesos's "random" sorters: weighted random
// order of roles and of frameworks.
func Random() Policy { return sortedPolicy{role: SorterRandom, framework: SorterRandom} }

// Sorted returns the policy made of the named role sorter and framework
// sorter ("drf" or "random"), like Mesos's --role_sorter and
// --framework_sorter flags.
func Sorted(roleSorter, frameworkSorter string) (Policy, error) {
	for _, s := range []string{roleSorter, frameworkSorter} {
		if s != SorterDRF && s != SorterRandom {
			return nil, fmt.Errorf("%w: unknown sorter %q (want %q or %q)", ErrInvalidOption, s, SorterDRF, SorterRandom)
		}
	}
	return sortedPolicy{role: roleSorter, framework: frameworkSorter}, nil
}

type sortedPolicy struct {
	role, framework string
}

func newSorter(kind string, opts SorterOptions, flat bool) Sorter {
	if kind == SorterRandom {
		return newRandomSorter(opts, flat)
	}
	return newDRFSorter(opts, flat)
}

func (p sortedPolicy) NewRoleSorter(opts SorterOptions) Sorter {
	return newSorter(p.role, opts, false)
}

func (p sortedPolicy) NewFrameworkSorter(_ string, opts SorterOptions) Sorter {
	return newSorter(p.framework, opts, true)
}

func (sortedPolicy) Offer(c *Candidate) resources.Resources { return c.Allowed }

// NewDRFSorter returns Mesos's DRF sorter, for policies that reuse it. A
// flat sorter treats paths as opaque names (framework ids); otherwise '/'
// builds a hierarchy (roles).
func NewDRFSorter(opts SorterOptions, flat bool) Sorter { return newDRFSorter(opts, flat) }

// NewRandomSorter returns Mesos's weighted random sorter.
func NewRandomSorter(opts SorterOptions, flat bool) Sorter { return newRandomSorter(opts, flat) }
