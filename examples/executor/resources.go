package main

import (
	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// pool is what is left of an offer's resources while they are carved into
// an executor's and a task's.
type pool struct{ left []*mesosv1.Resource }

func newPool(offer *mesosv1.Offer) *pool {
	p := &pool{}
	for _, r := range offer.GetResources() {
		p.left = append(p.left, proto.Clone(r).(*mesosv1.Resource))
	}
	return p
}

// take removes amount of the named scalar resource from the pool, keeping
// the allocation role and reservations of the pieces it uses. It returns
// nil, and takes nothing, if the pool is short.
func (p *pool) take(name string, amount float64) []*mesosv1.Resource {
	var have float64
	for _, r := range p.left {
		if r.GetName() == name && r.GetType() == mesosv1.Value_SCALAR {
			have += r.GetScalar().GetValue()
		}
	}
	if have+1e-9 < amount {
		return nil
	}
	var out []*mesosv1.Resource
	for _, r := range p.left {
		if amount <= 1e-9 {
			break
		}
		v := r.GetScalar().GetValue()
		if r.GetName() != name || r.GetType() != mesosv1.Value_SCALAR || v <= 0 {
			continue
		}
		n := min(amount, v)
		piece := proto.Clone(r).(*mesosv1.Resource)
		piece.Scalar = &mesosv1.Value_Scalar{Value: proto.Float64(n)}
		r.Scalar = &mesosv1.Value_Scalar{Value: proto.Float64(v - n)}
		out = append(out, piece)
		amount -= n
	}
	return out
}
