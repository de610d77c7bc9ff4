package resources

import (
	"strconv"
	"strings"
)

// String prints the resource as Mesos does, e.g.
// "cpus(allocated: r)(reservations: [(STATIC,r)]):2" or "disk[p1]<SHARED>:5".
func (x Resource) String() string {
	var b strings.Builder
	x.write(&b)
	return b.String()
}

func (x *Resource) write(b *strings.Builder) {
	b.WriteString(x.Name)
	if x.Allocation != "" {
		b.WriteString("(allocated: ")
		b.WriteString(x.Allocation)
		b.WriteByte(')')
	}
	m := x.meta()
	if len(m.Reservations) > 0 {
		b.WriteString("(reservations: [")
		for i, res := range m.Reservations {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('(')
			switch res.Type {
			case Static:
				b.WriteString("STATIC")
			case Dynamic:
				b.WriteString("DYNAMIC")
			default:
				b.WriteString("UNKNOWN")
			}
			b.WriteByte(',')
			b.WriteString(res.Role)
			if res.HasPrincipal {
				b.WriteByte(',')
				b.WriteString(res.Principal)
			}
			if res.HasLabels {
				b.WriteString(",{")
				for k, l := range res.Labels {
					if k > 0 {
						b.WriteString(", ")
					}
					b.WriteString(l.Key)
					b.WriteString(": ")
					b.WriteString(l.Value)
				}
				b.WriteByte('}')
			}
			b.WriteByte(')')
		}
		b.WriteString("])")
	}
	if m.Disk != nil {
		b.WriteByte('[')
		sep := ""
		if m.Disk.Source != DiskSourceNone {
			b.WriteString(diskSourceName(m.Disk.Source))
			if m.Disk.HasSourceID {
				b.WriteString("(" + m.Disk.SourceID + ")")
			}
			sep = ","
		}
		if m.Disk.HasPersistence {
			b.WriteString(sep)
			b.WriteString(m.Disk.PersistenceID)
		}
		if v := m.Disk.info.GetVolume(); v != nil {
			b.WriteString(":")
			b.WriteString(v.GetContainerPath())
		}
		b.WriteByte(']')
	}
	if m.Revocable {
		b.WriteString("{REV}")
	}
	if m.Shared {
		b.WriteString("<SHARED>")
	}
	b.WriteByte(':')
	switch x.Type {
	case ScalarType:
		b.WriteString(x.Scalar.String())
	case RangesType:
		b.WriteString(x.Ranges.String())
	case SetType:
		b.WriteString(x.Set.String())
	}
}

func diskSourceName(s DiskSource) string {
	switch s {
	case DiskSourcePath:
		return "PATH"
	case DiskSourceMount:
		return "MOUNT"
	case DiskSourceBlock:
		return "BLOCK"
	case DiskSourceRaw:
		return "RAW"
	}
	return "UNKNOWN"
}

// String prints the resources as Mesos does, separated by "; ", or "{}".
func (r Resources) String() string {
	if len(r) == 0 {
		return "{}"
	}
	var b strings.Builder
	for i := range r {
		if i > 0 {
			b.WriteString("; ")
		}
		r[i].write(&b)
		if r[i].IsShared() {
			b.WriteString("<")
			b.WriteString(strconv.Itoa(int(r[i].copies())))
			b.WriteString(">")
		}
	}
	return b.String()
}
