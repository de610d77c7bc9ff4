package resources

import (
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/messages/mesos"
)

// volume returns a persistent volume of size on role ("*" for none).
func volume(id string, size float64, role string, shared bool) Resource {
	pr := &mesos.Resource{
		Name:   proto.String("disk"),
		Type:   mesos.Value_SCALAR.Enum(),
		Scalar: &mesos.Value_Scalar{Value: proto.Float64(size)},
		Disk: &mesos.Resource_DiskInfo{
			Persistence: &mesos.Resource_DiskInfo_Persistence{Id: proto.String(id)},
			Volume:      &mesos.Volume{ContainerPath: proto.String("data"), Mode: mesos.Volume_RW.Enum()},
		},
	}
	if role != RoleStar {
		pr.Reservations = []*mesos.Resource_ReservationInfo{{Type: mesos.Resource_ReservationInfo_DYNAMIC.Enum(), Role: proto.String(role)}}
	}
	if shared {
		pr.Shared = &mesos.Resource_SharedInfo{}
	}
	r, err := ResourceFromProto(pr)
	if err != nil {
		panic(err)
	}
	return r
}

// mountDisk returns an unreserved MOUNT disk of size at root.
func mountDisk(root string, size float64) Resource {
	pr := &mesos.Resource{
		Name:   proto.String("disk"),
		Type:   mesos.Value_SCALAR.Enum(),
		Scalar: &mesos.Value_Scalar{Value: proto.Float64(size)},
		Disk: &mesos.Resource_DiskInfo{Source: &mesos.Resource_DiskInfo_Source{
			Type:  mesos.Resource_DiskInfo_Source_MOUNT.Enum(),
			Mount: &mesos.Resource_DiskInfo_Source_Mount{Root: proto.String(root)},
		}},
	}
	r, err := ResourceFromProto(pr)
	if err != nil {
		panic(err)
	}
	return r
}

func revocable(r Resource) Resource {
	m := r.copyMeta()
	m.Revocable = true
	return r.withMeta(m)
}

func dynamic(r Resources, role, principal string) Resources {
	return r.PushReservation(DynamicReservation(role, principal))
}
