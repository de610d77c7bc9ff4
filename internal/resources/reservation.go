package resources

import (
	"slices"
	"strings"
)

// ReservationType says how a reservation was made, as Mesos's
// Resource.ReservationInfo.Type.
type ReservationType uint8

// The reservation types (numbers as in mesos.proto).
const (
	// ReservationUnknown is an unset type; validation rejects it.
	ReservationUnknown ReservationType = 0
	// Static reservations come from the agent's --resources flag.
	Static ReservationType = 1
	// Dynamic reservations are made with RESERVE operations.
	Dynamic ReservationType = 2
)

// Label is one key/value pair of Mesos Labels.
type Label struct {
	Key, Value string
}

// Labels is a canonical list of labels: sorted by key then value. Mesos
// compares Labels without regard to order.
type Labels []Label

// NewLabels returns the canonical form of ls.
func NewLabels(ls ...Label) Labels {
	if len(ls) == 0 {
		return nil
	}
	out := slices.Clone(ls)
	slices.SortFunc(out, func(a, b Label) int {
		if c := strings.Compare(a.Key, b.Key); c != 0 {
			return c
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out
}

// Reservation is one entry of a resource's reservation stack, as Mesos's
// Resource.ReservationInfo in the post-refinement format. The stack is
// ordered from the first (outermost) reservation to the most refined one;
// the last entry's role is the reservation role.
type Reservation struct {
	Type      ReservationType
	Role      string
	Principal string
	// HasPrincipal distinguishes an empty principal from none (Mesos
	// compares presence).
	HasPrincipal bool
	// Labels is nil when the reservation has no labels field; HasLabels
	// distinguishes an empty Labels message from none.
	Labels    Labels
	HasLabels bool
}

// equal is Mesos's operator== on ReservationInfo.
func (r *Reservation) equal(o *Reservation) bool {
	return r.Type == o.Type && r.Role == o.Role &&
		r.HasPrincipal == o.HasPrincipal && r.Principal == o.Principal &&
		r.HasLabels == o.HasLabels && slices.Equal(r.Labels, o.Labels)
}

// StaticReservation returns a static reservation for role.
func StaticReservation(role string) Reservation {
	return Reservation{Type: Static, Role: role}
}

// DynamicReservation returns a dynamic reservation for role made by
// principal (empty for none).
func DynamicReservation(role, principal string) Reservation {
	return Reservation{Type: Dynamic, Role: role, Principal: principal, HasPrincipal: principal != ""}
}

func reservationsEqual(a, b []Reservation) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].equal(&b[i]) {
			return false
		}
	}
	return true
}
