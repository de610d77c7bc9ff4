package compat

import (
	"github.com/mactor/mactor/internal/resources"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

// conversionsOf turns an offer operation into bridge conversions; LAUNCH
// converts nothing.
func conversionsOf(op *mesos.Offer_Operation) ([]*bridgev1.ResourceConversion, error) {
	if op.GetType() == mesos.Offer_Operation_LAUNCH || op.GetType() == mesos.Offer_Operation_LAUNCH_GROUP {
		return nil, nil
	}
	cs, err := resources.ConversionsOf(op)
	if err != nil {
		return nil, err
	}
	out := make([]*bridgev1.ResourceConversion, len(cs))
	for i, c := range cs {
		out[i] = &bridgev1.ResourceConversion{Consumed: c.Consumed.ToProto(), Converted: c.Converted.ToProto()}
	}
	return out, nil
}
