//lint:file-ignore SA1019 tests the upgrade of the legacy Resource.role field

package resources

import (
	"errors"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/messages/mesos"
)

func scalarProto(name string, v float64) *mesos.Resource {
	return &mesos.Resource{Name: proto.String(name), Type: mesos.Value_SCALAR.Enum(), Scalar: &mesos.Value_Scalar{Value: proto.Float64(v)}}
}

// Resources::validate and upgradeResource: the legacy role/reservation
// fields become a reservation stack; invalid resources are errors.
func TestFromProto(t *testing.T) {
	dyn := mesos.Resource_ReservationInfo_DYNAMIC.Enum()
	static := mesos.Resource_ReservationInfo_STATIC.Enum()
	tests := []struct {
		name   string
		mutate func(*mesos.Resource)
		want   string
		err    error
	}{
		{"plain", func(*mesos.Resource) {}, "cpus:2", nil},
		{"legacy static", func(r *mesos.Resource) { r.Role = proto.String("r") }, "cpus(reservations: [(STATIC,r)]):2", nil},
		{"legacy dynamic", func(r *mesos.Resource) {
			r.Role = proto.String("r")
			r.Reservation = &mesos.Resource_ReservationInfo{Principal: proto.String("p")}
		}, "cpus(reservations: [(DYNAMIC,r,p)]):2", nil},
		{"legacy star dynamic", func(r *mesos.Resource) {
			r.Reservation = &mesos.Resource_ReservationInfo{}
		}, "", ErrInvalid},
		{"refined", func(r *mesos.Resource) {
			r.Reservations = []*mesos.Resource_ReservationInfo{{Type: static, Role: proto.String("a")}, {Type: dyn, Role: proto.String("a/b")}}
		}, "cpus(reservations: [(STATIC,a),(DYNAMIC,a/b)]):2", nil},
		{"refined static", func(r *mesos.Resource) {
			r.Reservations = []*mesos.Resource_ReservationInfo{{Type: dyn, Role: proto.String("a")}, {Type: static, Role: proto.String("a/b")}}
		}, "", ErrInvalid},
		{"not a refinement", func(r *mesos.Resource) {
			r.Reservations = []*mesos.Resource_ReservationInfo{{Type: dyn, Role: proto.String("a")}, {Type: dyn, Role: proto.String("b")}}
		}, "", ErrInvalid},
		{"reserved star", func(r *mesos.Resource) {
			r.Reservations = []*mesos.Resource_ReservationInfo{{Type: dyn, Role: proto.String("*")}}
		}, "", ErrInvalid},
		{"no type", func(r *mesos.Resource) {
			r.Reservations = []*mesos.Resource_ReservationInfo{{Role: proto.String("a")}}
		}, "", ErrInvalid},
		{"bad role", func(r *mesos.Resource) { r.Role = proto.String("a//b") }, "", ErrInvalidRole},
		{"allocated", func(r *mesos.Resource) {
			r.AllocationInfo = &mesos.Resource_AllocationInfo{Role: proto.String("r")}
		}, "cpus(allocated: r):2", nil},
		{"revocable", func(r *mesos.Resource) { r.Revocable = &mesos.Resource_RevocableInfo{} }, "cpus{REV}:2", nil},
		{"negative", func(r *mesos.Resource) { r.Scalar.Value = proto.Float64(-1) }, "", ErrInvalid},
		{"rounds to zero", func(r *mesos.Resource) { r.Scalar.Value = proto.Float64(0.0001) }, "", ErrInvalid},
		{"missing scalar", func(r *mesos.Resource) { r.Scalar = nil }, "", ErrInvalid},
		{"disk info on cpus", func(r *mesos.Resource) { r.Disk = &mesos.Resource_DiskInfo{} }, "", ErrInvalid},
		{"shared cpus", func(r *mesos.Resource) { r.Shared = &mesos.Resource_SharedInfo{} }, "", ErrInvalid},
		{"text", func(r *mesos.Resource) { r.Type = mesos.Value_TEXT.Enum() }, "", ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pr := scalarProto("cpus", 2)
			tt.mutate(pr)
			got, err := FromProto([]*mesos.Resource{pr})
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
			back, err := FromProto(got.ToProto())
			if err != nil || !back.Equal(got) {
				t.Fatalf("round trip: %v %v", back, err)
			}
		})
	}
}

func TestFromProtoRangesAndSets(t *testing.T) {
	rng := func(b, e uint64) *mesos.Value_Range {
		return &mesos.Value_Range{Begin: proto.Uint64(b), End: proto.Uint64(e)}
	}
	ports := &mesos.Resource{Name: proto.String("ports"), Type: mesos.Value_RANGES.Enum(), Ranges: &mesos.Value_Ranges{Range: []*mesos.Value_Range{rng(5, 6), rng(1, 2)}}}
	got, err := FromProto([]*mesos.Resource{ports})
	if err != nil || got.String() != "ports:[1-2, 5-6]" {
		t.Fatalf("got %v, %v", got, err)
	}
	ports.Ranges.Range = append(ports.Ranges.Range, rng(2, 3))
	if _, err := FromProto([]*mesos.Resource{ports}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("overlap: %v", err)
	}
	set := &mesos.Resource{Name: proto.String("z"), Type: mesos.Value_SET.Enum(), Set: &mesos.Value_Set{Item: []string{"a", "a"}}}
	if _, err := FromProto([]*mesos.Resource{set}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("duplicate items: %v", err)
	}
}
