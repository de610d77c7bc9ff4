// Package mesosjson reads and writes protobuf messages in the JSON dialect
// spoken by Apache Mesos (the master and agent HTTP APIs, and modules such as
// criteo/mesos-command-modules that exchange Mesos-JSON protobufs).
//
// Mesos does not use the proto3 canonical JSON mapping. Its writer and reader
// live in stout (3rdparty/stout/include/stout/protobuf.hpp, jsonify.hpp and
// json.hpp in the Mesos tree). This package follows them:
//
//   - Keys are the proto field names (snake_case), in declaration order.
//     Only those names are accepted when reading; camelCase is not.
//   - Enums are written by value name. Integers of every width (including
//     int64 and uint64) are written as JSON numbers. Doubles are written the
//     way Mesos's rapidjson writer does ("1.0", "0.5", "1e21"); ±Inf as the
//     strings "Infinity" and "-Infinity". Bytes are standard base64.
//   - Repeated and map fields are written only when non-empty. Singular
//     fields are written when set, and also when unset if the field has an
//     explicit default and is not deprecated (stout writes the default).
//   - Unknown fields and extensions are not written.
//   - Output is one line of pure ASCII: everything outside ASCII is escaped as
//     \uXXXX (surrogate pairs above U+FFFF), so byte length equals the length
//     a JavaScript parser sees.
//
// When reading, unknown keys are ignored, null means "unset", numbers and
// booleans may also be given as strings ("12", "1.5", "true"), a single value
// is accepted where an array is expected, and an unknown enum name drops the
// value unless the field is required. See Unmarshal for the details and for
// where this package is stricter than Mesos.
package mesosjson

import (
	"encoding/base64"
	"math"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
)

// Marshal returns the Mesos-JSON encoding of m on one line of ASCII.
// A nil message encodes as "{}". Missing required fields are not an error
// (Mesos does not check them when writing either).
func Marshal(m proto.Message) ([]byte, error) {
	return AppendMarshal(nil, m)
}

// AppendMarshal appends the Mesos-JSON encoding of m to b.
func AppendMarshal(b []byte, m proto.Message) ([]byte, error) {
	if m == nil {
		return append(b, "{}"...), nil
	}
	r := m.ProtoReflect()
	if !r.IsValid() {
		return append(b, "{}"...), nil
	}
	return appendMessage(b, r), nil
}

func appendMessage(b []byte, m protoreflect.Message) []byte {
	b = append(b, '{')
	fields := m.Descriptor().Fields()
	first := true
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if !emitField(m, fd) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, string(fd.Name()))
		b = append(b, ':')
		switch {
		case fd.IsMap():
			b = appendMap(b, fd, m.Get(fd).Map())
		case fd.IsList():
			list := m.Get(fd).List()
			b = append(b, '[')
			for j := 0; j < list.Len(); j++ {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendValue(b, fd, list.Get(j))
			}
			b = append(b, ']')
		default:
			b = appendValue(b, fd, m.Get(fd))
		}
	}
	return append(b, '}')
}

// emitField reports whether stout's JSON writer would output fd: repeated
// and map fields when non-empty; singular fields when set, or when they have
// an explicit default and are not deprecated.
func emitField(m protoreflect.Message, fd protoreflect.FieldDescriptor) bool {
	switch {
	case fd.IsMap():
		return m.Get(fd).Map().Len() > 0
	case fd.IsList():
		return m.Get(fd).List().Len() > 0
	case m.Has(fd):
		return true
	default:
		return fd.HasDefault() && !deprecated(fd)
	}
}

func deprecated(fd protoreflect.FieldDescriptor) bool {
	opts, ok := fd.Options().(*descriptorpb.FieldOptions)
	return ok && opts.GetDeprecated()
}

func appendMap(b []byte, fd protoreflect.FieldDescriptor, mp protoreflect.Map) []byte {
	type entry struct {
		key protoreflect.MapKey
		val protoreflect.Value
	}
	entries := make([]entry, 0, mp.Len())
	mp.Range(func(k protoreflect.MapKey, v protoreflect.Value) bool {
		entries = append(entries, entry{k, v})
		return true
	})
	// Mesos writes map entries in whatever order the C++ map iterates; we
	// sort them so that the output is deterministic.
	slices.SortFunc(entries, func(x, y entry) int { return compareKeys(x.key, y.key) })
	b = append(b, '{')
	for i, e := range entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, mapKeyString(e.key))
		b = append(b, ':')
		b = appendValue(b, fd.MapValue(), e.val)
	}
	return append(b, '}')
}

func compareKeys(x, y protoreflect.MapKey) int {
	switch a := x.Interface().(type) {
	case string:
		return cmpOrdered(a, y.String())
	case bool:
		return cmpOrdered(strconv.FormatBool(a), strconv.FormatBool(y.Bool()))
	case int32, int64:
		return cmpOrdered(x.Int(), y.Int())
	default:
		return cmpOrdered(x.Uint(), y.Uint())
	}
}

func cmpOrdered[T int64 | uint64 | string](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func mapKeyString(k protoreflect.MapKey) string {
	switch v := k.Interface().(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int32, int64:
		return strconv.FormatInt(k.Int(), 10)
	default:
		return strconv.FormatUint(k.Uint(), 10)
	}
}

func appendValue(b []byte, fd protoreflect.FieldDescriptor, v protoreflect.Value) []byte {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return strconv.AppendBool(b, v.Bool())
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return strconv.AppendInt(b, v.Int(), 10)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind,
		protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return strconv.AppendUint(b, v.Uint(), 10)
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		// stout widens float to double before writing, so do we.
		return appendDouble(b, v.Float())
	case protoreflect.StringKind:
		return appendString(b, v.String())
	case protoreflect.BytesKind:
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, v.Bytes())
		return append(b, '"')
	case protoreflect.EnumKind:
		if ev := fd.Enum().Values().ByNumber(v.Enum()); ev != nil {
			return appendString(b, string(ev.Name()))
		}
		// Only reachable if a program stored an undefined number; the
		// reader accepts numbers, so keep the value.
		return strconv.AppendInt(b, int64(v.Enum()), 10)
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return appendMessage(b, v.Message())
	}
	return append(b, "null"...)
}

// appendDouble writes f the way Mesos's (patched) rapidjson 1.1.0 writer
// does: shortest round-trip digits, a ".0" on integral values, decimal
// notation for exponents in (-6, 21], otherwise d.ddde±x without a '+'.
// Infinities are quoted strings. NaN, which Mesos writes as a bare (invalid)
// NaN token, is written as the string "NaN".
func appendDouble(b []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(b, `"Infinity"`...)
	case math.IsInf(f, -1):
		return append(b, `"-Infinity"`...)
	}
	if math.Signbit(f) {
		b = append(b, '-')
		f = -f
	}
	if f == 0 {
		return append(b, "0.0"...)
	}
	// Shortest digits: "d.ddde±xx".
	var tmp [32]byte
	s := strconv.AppendFloat(tmp[:0], f, 'e', -1, 64)
	ePos := slices.Index(s, 'e')
	digits := make([]byte, 0, 20)
	digits = append(digits, s[0])
	if ePos > 2 {
		digits = append(digits, s[2:ePos]...)
	}
	exp, _ := strconv.Atoi(string(s[ePos+1:]))
	n := len(digits)
	k := exp - (n - 1) // value = digits × 10^k
	kk := n + k        // 10^(kk-1) <= value < 10^kk
	switch {
	case k >= 0 && kk <= 21:
		b = append(b, digits...)
		for i := 0; i < k; i++ {
			b = append(b, '0')
		}
		return append(b, ".0"...)
	case kk > 0 && kk <= 21:
		b = append(b, digits[:kk]...)
		b = append(b, '.')
		return append(b, digits[kk:]...)
	case kk > -6 && kk <= 0:
		b = append(b, "0."...)
		for i := 0; i < -kk; i++ {
			b = append(b, '0')
		}
		return append(b, digits...)
	default:
		b = append(b, digits[0])
		if n > 1 {
			b = append(b, '.')
			b = append(b, digits[1:]...)
		}
		b = append(b, 'e')
		return strconv.AppendInt(b, int64(kk-1), 10)
	}
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string in pure ASCII. Invalid UTF-8 bytes
// become U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c >= 0x20:
				b = append(b, c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c == '\b':
				b = append(b, '\\', 'b')
			case c == '\f':
				b = append(b, '\\', 'f')
			default:
				b = appendU(b, rune(c))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r > 0xFFFF {
			r1, r2 := utf16.EncodeRune(r)
			b = appendU(appendU(b, r1), r2)
		} else {
			b = appendU(b, r) // includes U+FFFD for invalid bytes
		}
	}
	return append(b, '"')
}

func appendU(b []byte, r rune) []byte {
	return append(b, '\\', 'u',
		hexDigits[(r>>12)&0xf], hexDigits[(r>>8)&0xf], hexDigits[(r>>4)&0xf], hexDigits[r&0xf])
}
