package resources

import (
	"errors"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/messages/mesos"
)

// getResourceConversions and Resources::apply for every operation the
// allocator sees (src/common/resources_utils.cpp).
func TestApplyOperations(t *testing.T) {
	agent := MustParse("cpus:4;mem:1024;disk:100")
	reserved := dynamic(MustParse("cpus:1;mem:512"), "r", "ops")
	vol := volume("v1", 10, "r", false)
	disk10 := dynamic(MustParse("disk:10"), "r", "")
	withVolume := agent.Minus(MustParse("disk:10")).Plus(Of(stripPersistence(vol)))

	op := func(typ mesos.Offer_Operation_Type, f func(*mesos.Offer_Operation)) *mesos.Offer_Operation {
		o := &mesos.Offer_Operation{Type: typ.Enum()}
		f(o)
		return o
	}
	tests := []struct {
		name string
		in   Resources
		ops  []*mesos.Offer_Operation
		want Resources
		err  error
	}{
		{"reserve", agent, []*mesos.Offer_Operation{op(mesos.Offer_Operation_RESERVE, func(o *mesos.Offer_Operation) {
			o.Reserve = &mesos.Offer_Operation_Reserve{Resources: reserved.ToProto()}
		})}, agent.Minus(MustParse("cpus:1;mem:512")).Plus(reserved), nil},
		{"reserve too much", MustParse("cpus:0.5"), []*mesos.Offer_Operation{op(mesos.Offer_Operation_RESERVE, func(o *mesos.Offer_Operation) {
			o.Reserve = &mesos.Offer_Operation_Reserve{Resources: reserved.ToProto()}
		})}, nil, ErrNotContained},
		{"unreserve", agent.Minus(MustParse("cpus:1;mem:512")).Plus(reserved), []*mesos.Offer_Operation{op(mesos.Offer_Operation_UNRESERVE, func(o *mesos.Offer_Operation) {
			o.Unreserve = &mesos.Offer_Operation_Unreserve{Resources: reserved.ToProto()}
		})}, agent, nil},
		{"create", withVolume.Minus(Of(stripPersistence(vol))).Plus(disk10), []*mesos.Offer_Operation{op(mesos.Offer_Operation_CREATE, func(o *mesos.Offer_Operation) {
			o.Create = &mesos.Offer_Operation_Create{Volumes: []*mesos.Resource{vol.ToProto()}}
		})}, withVolume.Minus(Of(stripPersistence(vol))).Plus(Of(vol)), nil},
		{"destroy", withVolume.Minus(Of(stripPersistence(vol))).Plus(Of(vol)), []*mesos.Offer_Operation{op(mesos.Offer_Operation_DESTROY, func(o *mesos.Offer_Operation) {
			o.Destroy = &mesos.Offer_Operation_Destroy{Volumes: []*mesos.Resource{vol.ToProto()}}
		})}, withVolume.Minus(Of(stripPersistence(vol))).Plus(disk10), nil},
		{"grow", Of(vol).Plus(disk10), []*mesos.Offer_Operation{op(mesos.Offer_Operation_GROW_VOLUME, func(o *mesos.Offer_Operation) {
			o.GrowVolume = &mesos.Offer_Operation_GrowVolume{Volume: vol.ToProto(), Addition: disk10[0].ToProto()}
		})}, Of(volume("v1", 20, "r", false)), nil},
		{"shrink", Of(vol), []*mesos.Offer_Operation{op(mesos.Offer_Operation_SHRINK_VOLUME, func(o *mesos.Offer_Operation) {
			o.ShrinkVolume = &mesos.Offer_Operation_ShrinkVolume{Volume: vol.ToProto(), Subtract: &mesos.Value_Scalar{Value: proto.Float64(4)}}
		})}, Of(volume("v1", 6, "r", false)).Plus(dynamic(MustParse("disk:4"), "r", "")), nil},
		{"launch unsupported", agent, []*mesos.Offer_Operation{op(mesos.Offer_Operation_LAUNCH, func(*mesos.Offer_Operation) {})}, nil, ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.ApplyOperations(tt.ops)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) {
				t.Fatalf("got %v\nwant %v", got, tt.want)
			}
		})
	}
}

// DESTROY of a shared volume fails while other copies remain.
func TestDestroySharedVolumeWithCopies(t *testing.T) {
	shared := volume("s", 5, "r", true)
	two := Of(shared, shared)
	cs, err := ConversionsOf(&mesos.Offer_Operation{Type: mesos.Offer_Operation_DESTROY.Enum(), Destroy: &mesos.Offer_Operation_Destroy{Volumes: []*mesos.Resource{shared.ToProto()}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := two.ApplyAll(cs); !errors.Is(err, ErrInvalid) {
		t.Fatalf("want ErrInvalid, got %v", err)
	}
	if _, err := Of(shared).ApplyAll(cs); err != nil {
		t.Fatalf("single copy: %v", err)
	}
}
