package wirecompat

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
)

// gogoField is one protobuf field of a gogo-generated struct, read from its
// `protobuf:"..."` struct tag.
type gogoField struct {
	index  int
	number protoreflect.FieldNumber
	wire   string // varint, bytes, fixed64, ...
	label  string // opt, req, rep
}

// gogoFields maps proto field names to the fields of a gogo struct type.
func gogoFields(t reflect.Type) map[protoreflect.Name]gogoField {
	out := map[protoreflect.Name]gogoField{}
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("protobuf")
		if tag == "" {
			continue
		}
		parts := strings.Split(tag, ",")
		n, err := strconv.Atoi(parts[1])
		if err != nil {
			panic(fmt.Sprintf("%s.%s: bad tag %q", t, t.Field(i).Name, tag))
		}
		f := gogoField{index: i, number: protoreflect.FieldNumber(n), wire: parts[0], label: parts[2]}
		for _, p := range parts[3:] {
			if name, ok := strings.CutPrefix(p, "name="); ok {
				out[protoreflect.Name(name)] = f
			}
		}
	}
	return out
}

// comparer checks that a protoreflect message (ours) and a gogo struct
// (mesos-go's) hold the same field values, matching fields by proto name and
// checking their numbers agree.
type comparer struct {
	t testing.TB
	// jsonDefaults accepts a value in mesos-go that ours leaves unset when
	// it equals the field's declared default: mesosjson writes such
	// defaults, as Mesos does.
	jsonDefaults bool
}

func (c comparer) message(path string, ours protoreflect.Message, theirs reflect.Value) {
	c.t.Helper()
	for theirs.Kind() == reflect.Pointer {
		if theirs.IsNil() {
			c.t.Errorf("%s: mesos-go message is nil", path)
			return
		}
		theirs = theirs.Elem()
	}
	md := ours.Descriptor()
	tf := gogoFields(theirs.Type())
	for name, f := range tf {
		fd := md.Fields().ByName(name)
		tv := theirs.Field(f.index)
		if fd == nil {
			if !tv.IsZero() {
				c.t.Errorf("%s.%s: mesos-go has a value (%v) for a field %s does not have", path, name, tv, md.FullName())
			}
			continue
		}
		if fd.Number() != f.number {
			c.t.Errorf("%s.%s: field number %d, mesos-go has %d", path, name, fd.Number(), f.number)
			continue
		}
		c.field(path+"."+string(name), ours, fd, tv)
	}
	ours.Range(func(fd protoreflect.FieldDescriptor, _ protoreflect.Value) bool {
		if _, ok := tf[fd.Name()]; !ok {
			c.t.Errorf("%s.%s is set, but mesos-go's %s has no such field", path, fd.Name(), theirs.Type())
		}
		return true
	})
}

func (c comparer) field(path string, ours protoreflect.Message, fd protoreflect.FieldDescriptor, tv reflect.Value) {
	c.t.Helper()
	if fd.IsMap() {
		c.t.Errorf("%s: map fields are not expected in Mesos 1.4 messages", path)
		return
	}
	if fd.IsList() {
		list := ours.Get(fd).List()
		if list.Len() != tv.Len() {
			c.t.Errorf("%s: %d elements, mesos-go has %d", path, list.Len(), tv.Len())
			return
		}
		for i := 0; i < list.Len(); i++ {
			c.value(fmt.Sprintf("%s[%d]", path, i), fd, list.Get(i), tv.Index(i))
		}
		return
	}
	has := ours.Has(fd)
	// gogo's non-nullable fields have no presence: their zero value stands
	// for unset.
	theirsUnset := tv.IsZero() || (tv.Kind() == reflect.Slice && tv.Len() == 0)
	switch {
	case has:
		if tv.Kind() == reflect.Pointer && tv.IsNil() {
			c.t.Errorf("%s: set to %v, mesos-go has it unset", path, ours.Get(fd))
			return
		}
		c.value(path, fd, ours.Get(fd), tv)
	case theirsUnset:
	case c.jsonDefaults && fd.HasDefault() && !isDeprecated(fd):
		c.value(path, fd, fd.Default(), tv)
	default:
		c.t.Errorf("%s: unset, mesos-go has %v", path, reflect.Indirect(tv))
	}
}

func (c comparer) value(path string, fd protoreflect.FieldDescriptor, v protoreflect.Value, tv reflect.Value) {
	c.t.Helper()
	if tv.Kind() == reflect.Pointer && fd.Kind() != protoreflect.MessageKind {
		if tv.IsNil() {
			c.t.Errorf("%s: %v, mesos-go has nil", path, v)
			return
		}
		tv = tv.Elem()
	}
	var ok bool
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		c.message(path, v.Message(), tv)
		return
	case protoreflect.EnumKind:
		ok = int64(v.Enum()) == tv.Int()
	case protoreflect.BoolKind:
		ok = v.Bool() == tv.Bool()
	case protoreflect.StringKind:
		ok = v.String() == tv.String()
	case protoreflect.BytesKind:
		ok = bytes.Equal(v.Bytes(), tv.Bytes())
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		ok = v.Int() == tv.Int()
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind, protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		ok = v.Uint() == tv.Uint()
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		ok = v.Float() == tv.Float() || math.IsNaN(v.Float()) && math.IsNaN(tv.Float())
	}
	if !ok {
		c.t.Errorf("%s: %v, mesos-go has %v", path, v, tv)
	}
}

func isDeprecated(fd protoreflect.FieldDescriptor) bool {
	o, ok := fd.Options().(*descriptorpb.FieldOptions)
	return ok && o.GetDeprecated()
}
