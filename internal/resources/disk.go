package resources

import (
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/messages/mesos"
)

// DiskSource is the type of a disk resource's source, as Mesos's
// Resource.DiskInfo.Source.Type; DiskSourceNone means no source.
type DiskSource uint8

// The disk source types.
const (
	DiskSourceNone DiskSource = iota
	DiskSourcePath
	DiskSourceMount
	DiskSourceBlock
	DiskSourceRaw
	// DiskSourceUnknown is a source whose type is UNKNOWN; validation
	// rejects it.
	DiskSourceUnknown
)

// Disk is a disk resource's DiskInfo: persistence, volume and source. The
// Mesos message is kept for the trip back to protobuf; the fields below are
// the ones Mesos compares (operator== on DiskInfo ignores the volume and the
// persistence principal).
type Disk struct {
	// PersistenceID is the persistent volume id; HasPersistence tells
	// whether the disk is a persistent volume.
	PersistenceID  string
	HasPersistence bool
	// Source is the disk source type; SourceID is its id (RAW and BLOCK
	// disks of a resource provider), HasSourceID its presence.
	Source      DiskSource
	SourceID    string
	HasSourceID bool

	key  string // canonical encoding of the compared fields
	info *mesos.Resource_DiskInfo
}

// NewDisk builds a Disk from Mesos's DiskInfo (which it clones).
func NewDisk(info *mesos.Resource_DiskInfo) *Disk {
	d := &Disk{info: proto.Clone(info).(*mesos.Resource_DiskInfo)}
	var key strings.Builder
	if p := info.GetPersistence(); p != nil {
		d.HasPersistence = true
		d.PersistenceID = p.GetId()
		key.WriteString("p=")
		key.WriteString(p.GetId())
	}
	if s := info.GetSource(); s != nil {
		switch s.GetType() {
		case mesos.Resource_DiskInfo_Source_PATH:
			d.Source = DiskSourcePath
		case mesos.Resource_DiskInfo_Source_MOUNT:
			d.Source = DiskSourceMount
		case mesos.Resource_DiskInfo_Source_BLOCK:
			d.Source = DiskSourceBlock
		case mesos.Resource_DiskInfo_Source_RAW:
			d.Source = DiskSourceRaw
		default:
			d.Source = DiskSourceUnknown
		}
		d.HasSourceID = s.Id != nil
		d.SourceID = s.GetId()
		// The source is compared field by field (type, path, mount, vendor,
		// id, metadata, profile); deterministic marshalling of the source
		// alone is an exact encoding of those fields except metadata label
		// order, which we canonicalise first.
		src := proto.Clone(s).(*mesos.Resource_DiskInfo_Source)
		if md := src.GetMetadata(); md != nil {
			md.Labels = canonicalProtoLabels(md.Labels)
		}
		b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(src)
		key.WriteString("|s=")
		key.Write(b)
	}
	d.key = key.String()
	return d
}

// Info returns a copy of the DiskInfo message.
func (d *Disk) Info() *mesos.Resource_DiskInfo {
	return proto.Clone(d.info).(*mesos.Resource_DiskInfo)
}

// withoutPersistence returns the disk with persistence and volume removed
// (what CREATE consumes and DESTROY gives back), or nil when nothing is
// left.
func (d *Disk) withoutPersistence() *Disk {
	info := d.Info()
	if info.GetSource() == nil {
		return nil
	}
	info.Persistence = nil
	info.Volume = nil
	return NewDisk(info)
}

func diskEqual(a, b *Disk) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil {
		return false
	}
	return a.key == b.key
}

func canonicalProtoLabels(ls []*mesos.Label) []*mesos.Label {
	out := make([]*mesos.Label, len(ls))
	copy(out, ls)
	slicesSortLabels(out)
	return out
}
