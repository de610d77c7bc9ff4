// Package schematest has the helpers the Mesos message tests share. Tests
// describe the expected schema as tables (field numbers, enum numbers,
// defaults), and these helpers check the tables against the descriptors the
// generated Go code registers. The package also fills messages for
// round-trip tests.
package schematest

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// Field pins one field of one message. Type is the full name of a message
// or enum field's type, "map<K, V>" for a map, and empty for other scalars.
//
// Test files declare their tables with a local defined type
// (type fieldPin schematest.Field) so that unkeyed table rows stay local
// composite literals; the Check functions accept any such type.
type Field FieldShape

// FieldShape is the underlying type of Field.
type FieldShape = struct {
	Message protoreflect.FullName
	Name    protoreflect.Name
	Number  protoreflect.FieldNumber
	Kind    protoreflect.Kind
	Card    protoreflect.Cardinality
	Type    string
}

// EnumValue pins one value of one enum.
type EnumValue EnumValueShape

// EnumValueShape is the underlying type of EnumValue.
type EnumValueShape = struct {
	Enum   protoreflect.FullName
	Name   protoreflect.Name
	Number protoreflect.EnumNumber
}

// Default pins the declared default of one field, as DefaultString prints it.
type Default DefaultShape

// DefaultShape is the underlying type of Default.
type DefaultShape = struct {
	Message protoreflect.FullName
	Field   protoreflect.Name
	Value   string
}

// TypeString describes a field's type the way Field.Type does.
func TypeString(fd protoreflect.FieldDescriptor) string {
	if fd.IsMap() {
		return fmt.Sprintf("map<%s, %s>", kindOrType(fd.MapKey()), kindOrType(fd.MapValue()))
	}
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return string(fd.Message().FullName())
	case protoreflect.EnumKind:
		return string(fd.Enum().FullName())
	}
	return ""
}

func kindOrType(fd protoreflect.FieldDescriptor) string {
	if s := TypeString(fd); s != "" {
		return s
	}
	return fd.Kind().String()
}

func findMessage(t *testing.T, name protoreflect.FullName) protoreflect.MessageDescriptor {
	t.Helper()
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(name)
	if err != nil {
		t.Fatalf("message %s is not registered: %v", name, err)
	}
	md, ok := d.(protoreflect.MessageDescriptor)
	if !ok {
		t.Fatalf("%s is a %T, not a message", name, d)
	}
	return md
}

func findEnum(t *testing.T, name protoreflect.FullName) protoreflect.EnumDescriptor {
	t.Helper()
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(name)
	if err != nil {
		t.Fatalf("enum %s is not registered: %v", name, err)
	}
	ed, ok := d.(protoreflect.EnumDescriptor)
	if !ok {
		t.Fatalf("%s is a %T, not an enum", name, d)
	}
	return ed
}

// CheckFields runs one subtest per message named in pins. Each checks every
// pinned field and then checks that the message has no fields beyond the
// pinned ones, so a table naming a message must list all of its fields.
func CheckFields[P ~FieldShape](t *testing.T, table []P) {
	t.Helper()
	byMsg := map[protoreflect.FullName][]Field{}
	var order []protoreflect.FullName
	for _, row := range table {
		p := Field(row)
		if _, ok := byMsg[p.Message]; !ok {
			order = append(order, p.Message)
		}
		byMsg[p.Message] = append(byMsg[p.Message], p)
	}
	for _, name := range order {
		fields := byMsg[name]
		t.Run(string(name), func(t *testing.T) {
			md := findMessage(t, name)
			for _, p := range fields {
				t.Run(string(p.Name), func(t *testing.T) {
					fd := md.Fields().ByName(p.Name)
					if fd == nil {
						t.Fatalf("%s has no field %q", name, p.Name)
					}
					if fd.Number() != p.Number {
						t.Errorf("number = %d, want %d", fd.Number(), p.Number)
					}
					if fd.Kind() != p.Kind {
						t.Errorf("kind = %v, want %v", fd.Kind(), p.Kind)
					}
					if fd.Cardinality() != p.Card {
						t.Errorf("cardinality = %v, want %v", fd.Cardinality(), p.Card)
					}
					if got := TypeString(fd); got != p.Type {
						t.Errorf("type = %q, want %q", got, p.Type)
					}
				})
			}
			if n := md.Fields().Len(); n != len(fields) {
				var extra []string
				for i := 0; i < n; i++ {
					f := md.Fields().Get(i)
					found := false
					for _, p := range fields {
						found = found || p.Name == f.Name()
					}
					if !found {
						extra = append(extra, fmt.Sprintf("%s=%d", f.Name(), f.Number()))
					}
				}
				t.Errorf("%s has %d fields, the table pins %d (unpinned: %v)", name, n, len(fields), extra)
			}
		})
	}
}

// CheckEnums runs one subtest per enum named in pins, checking every value
// and that the enum has no values beyond the pinned ones.
func CheckEnums[P ~EnumValueShape](t *testing.T, table []P) {
	t.Helper()
	byEnum := map[protoreflect.FullName][]EnumValue{}
	var order []protoreflect.FullName
	for _, row := range table {
		p := EnumValue(row)
		if _, ok := byEnum[p.Enum]; !ok {
			order = append(order, p.Enum)
		}
		byEnum[p.Enum] = append(byEnum[p.Enum], p)
	}
	for _, name := range order {
		values := byEnum[name]
		t.Run(string(name), func(t *testing.T) {
			ed := findEnum(t, name)
			for _, p := range values {
				t.Run(string(p.Name), func(t *testing.T) {
					v := ed.Values().ByName(p.Name)
					if v == nil {
						t.Fatalf("%s has no value %s", name, p.Name)
					}
					if v.Number() != p.Number {
						t.Errorf("%s = %d, want %d", p.Name, v.Number(), p.Number)
					}
				})
			}
			if n := ed.Values().Len(); n != len(values) {
				t.Errorf("%s has %d values, the table pins %d", name, n, len(values))
			}
		})
	}
}

// DefaultString renders a field's declared default like a .proto file's
// [default = ...] option (strings unquoted), or "" if none is declared.
func DefaultString(fd protoreflect.FieldDescriptor) string {
	if !fd.HasDefault() {
		return ""
	}
	if fd.Kind() == protoreflect.EnumKind {
		return string(fd.DefaultEnumValue().Name())
	}
	v := fd.Default()
	switch fd.Kind() {
	case protoreflect.DoubleKind, protoreflect.FloatKind:
		f := v.Float()
		if f == math.Trunc(f) && math.Abs(f) < 1e15 {
			return fmt.Sprintf("%.1f", f)
		}
		return fmt.Sprint(f)
	case protoreflect.BytesKind:
		return string(v.Bytes())
	}
	return fmt.Sprint(v.Interface())
}

// CheckDefaults checks every pinned default, then checks that file declares
// no default outside the table.
func CheckDefaults[P ~DefaultShape](t *testing.T, file protoreflect.FileDescriptor, table []P) {
	t.Helper()
	pinned := map[string]bool{}
	for _, row := range table {
		p := Default(row)
		pinned[string(p.Message)+"."+string(p.Field)] = true
		t.Run(string(p.Message)+"."+string(p.Field), func(t *testing.T) {
			fd := findMessage(t, p.Message).Fields().ByName(p.Field)
			if fd == nil {
				t.Fatalf("%s has no field %q", p.Message, p.Field)
			}
			if !fd.HasDefault() {
				t.Fatalf("no declared default, want %q", p.Value)
			}
			if got := DefaultString(fd); got != p.Value {
				t.Errorf("default = %q, want %q", got, p.Value)
			}
		})
	}
	var unpinned []string
	WalkMessages(file, func(md protoreflect.MessageDescriptor) {
		for i := 0; i < md.Fields().Len(); i++ {
			fd := md.Fields().Get(i)
			if fd.HasDefault() && !pinned[string(fd.FullName())] {
				unpinned = append(unpinned, fmt.Sprintf("%s=%s", fd.FullName(), DefaultString(fd)))
			}
		}
	})
	if len(unpinned) > 0 {
		t.Errorf("%s declares defaults the table does not pin: %v", file.Path(), unpinned)
	}
}

// WalkMessages calls f for every message in file, nested ones included,
// map entries excluded.
func WalkMessages(file protoreflect.FileDescriptor, f func(protoreflect.MessageDescriptor)) {
	var walk func(protoreflect.MessageDescriptors)
	walk = func(ms protoreflect.MessageDescriptors) {
		for i := 0; i < ms.Len(); i++ {
			md := ms.Get(i)
			if md.IsMapEntry() {
				continue
			}
			f(md)
			walk(md.Messages())
		}
	}
	walk(file.Messages())
}

// WalkEnums calls f for every enum in file, nested ones included.
func WalkEnums(file protoreflect.FileDescriptor, f func(protoreflect.EnumDescriptor)) {
	for i := 0; i < file.Enums().Len(); i++ {
		f(file.Enums().Get(i))
	}
	WalkMessages(file, func(md protoreflect.MessageDescriptor) {
		for i := 0; i < md.Enums().Len(); i++ {
			f(md.Enums().Get(i))
		}
	})
}

// Fill sets every field of m, recursing into message fields up to depth
// levels (message fields below that are left unset unless required, which
// are set but empty). Values are deterministic and derived from field
// numbers; for each oneof only the first member is set. Enums get their
// last declared value, so that non-zero numbers reach the wire.
func Fill(m protoreflect.Message, depth int) {
	md := m.Descriptor()
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if od := fd.ContainingOneof(); od != nil && od.Fields().Get(0) != fd {
			continue
		}
		switch {
		case fd.IsMap():
			mp := m.Mutable(fd).Map()
			for j := 1; j <= 2; j++ {
				k := scalar(fd.MapKey(), j).MapKey()
				if fd.MapValue().Kind() == protoreflect.MessageKind {
					v := mp.NewValue()
					if depth > 0 {
						Fill(v.Message(), depth-1)
					}
					mp.Set(k, v)
				} else {
					mp.Set(k, scalar(fd.MapValue(), j))
				}
			}
		case fd.IsList():
			l := m.Mutable(fd).List()
			for j := 1; j <= 2; j++ {
				if fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind {
					if depth <= 0 {
						break
					}
					v := l.NewElement()
					Fill(v.Message(), depth-1)
					l.Append(v)
				} else {
					l.Append(scalar(fd, j))
				}
			}
		case fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind:
			if depth > 0 {
				Fill(m.Mutable(fd).Message(), depth-1)
			} else if fd.Cardinality() == protoreflect.Required {
				m.Mutable(fd)
			}
		default:
			m.Set(fd, scalar(fd, 1))
		}
	}
}

func scalar(fd protoreflect.FieldDescriptor, j int) protoreflect.Value {
	n := int64(fd.Number())*10 + int64(j)
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return protoreflect.ValueOfBool(j%2 == 1)
	case protoreflect.EnumKind:
		vs := fd.Enum().Values()
		return protoreflect.ValueOfEnum(vs.Get((vs.Len() - j%vs.Len()) % vs.Len()).Number())
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return protoreflect.ValueOfInt32(int32(-n))
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return protoreflect.ValueOfInt64(-n * 1_000_000_007)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return protoreflect.ValueOfUint32(uint32(n))
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return protoreflect.ValueOfUint64(uint64(n) * 1_000_000_007)
	case protoreflect.FloatKind:
		return protoreflect.ValueOfFloat32(float32(n) + 0.5)
	case protoreflect.DoubleKind:
		return protoreflect.ValueOfFloat64(float64(n) + 0.25)
	case protoreflect.StringKind:
		return protoreflect.ValueOfString(fmt.Sprintf("%s-%d", fd.Name(), j))
	case protoreflect.BytesKind:
		return protoreflect.ValueOfBytes([]byte{byte(n), 0, 0xff, byte(j)})
	}
	panic(fmt.Sprintf("schematest: unsupported kind %v", fd.Kind()))
}

// UnknownFields lists the paths of every message within m that holds
// unknown fields (fields its schema did not recognise when parsing).
func UnknownFields(m protoreflect.Message) []string {
	var out []string
	var walk func(m protoreflect.Message, path string)
	walk = func(m protoreflect.Message, path string) {
		if len(m.GetUnknown()) > 0 {
			out = append(out, path)
		}
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			p := path + "." + string(fd.Name())
			switch {
			case fd.IsMap():
				if fd.MapValue().Kind() == protoreflect.MessageKind {
					v.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
						walk(mv.Message(), fmt.Sprintf("%s[%v]", p, k.Interface()))
						return true
					})
				}
			case fd.IsList():
				if fd.Kind() == protoreflect.MessageKind {
					for i := 0; i < v.List().Len(); i++ {
						walk(v.List().Get(i).Message(), fmt.Sprintf("%s[%d]", p, i))
					}
				}
			case fd.Kind() == protoreflect.MessageKind:
				walk(v.Message(), p)
			}
			return true
		})
	}
	walk(m, string(m.Descriptor().FullName()))
	sort.Strings(out)
	return out
}

// FieldNames returns the sorted names of md's fields, with numbers.
func FieldNames(md protoreflect.MessageDescriptor) string {
	var names []string
	for i := 0; i < md.Fields().Len(); i++ {
		f := md.Fields().Get(i)
		names = append(names, fmt.Sprintf("%s=%d", f.Name(), f.Number()))
	}
	sort.Strings(names)
	return strings.Join(names, " ")
}
