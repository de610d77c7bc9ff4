package mesosv1_test

import (
	"fmt"

	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// scalar builds an unreserved scalar resource such as cpus or mem.
func scalar(name string, v float64) *mesosv1.Resource {
	return &mesosv1.Resource{
		Name:   proto.String(name),
		Type:   mesosv1.Value_SCALAR.Enum(),
		Scalar: &mesosv1.Value_Scalar{Value: proto.Float64(v)},
	}
}

// Builds the offer a master would send to a framework subscribed with role
// "analytics", then round-trips it through the protobuf wire format.
func ExampleOffer() {
	offer := &mesosv1.Offer{
		Id:          &mesosv1.OfferID{Value: proto.String("4d3a-O17")},
		FrameworkId: &mesosv1.FrameworkID{Value: proto.String("4d3a-0001")},
		AgentId:     &mesosv1.AgentID{Value: proto.String("4d3a-S3")},
		Hostname:    proto.String("agent3.example.com"),
		Resources: []*mesosv1.Resource{
			scalar("cpus", 4),
			scalar("mem", 8192),
			{
				Name: proto.String("ports"),
				Type: mesosv1.Value_RANGES.Enum(),
				Ranges: &mesosv1.Value_Ranges{Range: []*mesosv1.Value_Range{
					{Begin: proto.Uint64(31000), End: proto.Uint64(32000)},
				}},
			},
		},
		Attributes: []*mesosv1.Attribute{{
			Name: proto.String("rack"),
			Type: mesosv1.Value_TEXT.Enum(),
			Text: &mesosv1.Value_Text{Value: proto.String("r12")},
		}},
		AllocationInfo: &mesosv1.Resource_AllocationInfo{Role: proto.String("analytics")},
	}

	wire, err := proto.Marshal(offer)
	if err != nil {
		panic(err)
	}
	var got mesosv1.Offer
	if err := proto.Unmarshal(wire, &got); err != nil {
		panic(err)
	}

	fmt.Println("offer", got.GetId().GetValue(), "on", got.GetHostname(), "for role", got.GetAllocationInfo().GetRole())
	for _, r := range got.GetResources() {
		switch r.GetType() {
		case mesosv1.Value_SCALAR:
			fmt.Printf("  %s: %g\n", r.GetName(), r.GetScalar().GetValue())
		case mesosv1.Value_RANGES:
			for _, rg := range r.GetRanges().GetRange() {
				fmt.Printf("  %s: [%d-%d]\n", r.GetName(), rg.GetBegin(), rg.GetEnd())
			}
		}
		// Unset role reads as the Mesos default "*" (unreserved).
		fmt.Printf("    role %q\n", r.GetRole())
	}
	fmt.Println("  rack:", got.GetAttributes()[0].GetText().GetValue())
	// Output:
	// offer 4d3a-O17 on agent3.example.com for role analytics
	//   cpus: 4
	//     role "*"
	//   mem: 8192
	//     role "*"
	//   ports: [31000-32000]
	//     role "*"
	//   rack: r12
}
