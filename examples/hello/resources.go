package main

import (
	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// scalar returns the amount of the named scalar resource in an offer (all
// of its reservations and roles together).
func scalar(offer *mesosv1.Offer, name string) float64 {
	var sum float64
	for _, r := range offer.GetResources() {
		if r.GetName() == name && r.GetType() == mesosv1.Value_SCALAR {
			sum += r.GetScalar().GetValue()
		}
	}
	return sum
}

// take carves amount of the named scalar resource out of an offer's
// resources, keeping the allocation role and reservations of the pieces it
// uses, as a task's resources must. It returns nil if the offer is short.
func take(offer *mesosv1.Offer, name string, amount float64) []*mesosv1.Resource {
	var out []*mesosv1.Resource
	for _, r := range offer.GetResources() {
		if amount <= 0 {
			break
		}
		if r.GetName() != name || r.GetType() != mesosv1.Value_SCALAR || r.GetScalar().GetValue() <= 0 {
			continue
		}
		piece := proto.Clone(r).(*mesosv1.Resource)
		n := min(amount, r.GetScalar().GetValue())
		piece.Scalar = &mesosv1.Value_Scalar{Value: proto.Float64(n)}
		out = append(out, piece)
		amount -= n
	}
	if amount > 1e-9 {
		return nil
	}
	return out
}
