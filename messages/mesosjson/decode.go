package mesosjson

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// MaxDepth is the deepest nesting of JSON objects and arrays accepted, the
// same limit as stout's JSON parser (STOUT_JSON_MAX_DEPTH).
const MaxDepth = 200

// UnmarshalOptions configures Unmarshal.
type UnmarshalOptions struct {
	// AllowPartial accepts messages with missing required fields. Mesos
	// rejects them ("Missing required fields"), and so does Unmarshal by
	// default.
	AllowPartial bool
}

// Unmarshal parses Mesos JSON into m, which is reset first. It is
// UnmarshalOptions{}.Unmarshal.
func Unmarshal(b []byte, m proto.Message) error {
	return UnmarshalOptions{}.Unmarshal(b, m)
}

// Unmarshal parses Mesos JSON into m, which is reset first.
//
// Like Mesos (stout's protobuf::parse):
//   - the input must be one JSON object, nested at most MaxDepth deep, with
//     nothing but whitespace after it; a repeated key keeps the last value;
//   - keys are matched against proto field names only; unknown keys are
//     ignored, and null means unset;
//   - integers and floating-point numbers may be JSON numbers or strings
//     holding a JSON number; doubles also accept "Infinity" and "-Infinity";
//     bools accept true/false or "true"/"false";
//   - bytes are standard base64; whitespace is skipped and decoding stops
//     at the first '=';
//   - enums are given by name; an unknown name is dropped (the field stays
//     unset, or the element is skipped) unless the field is required;
//   - a repeated field accepts a single value as a one-element list, and
//     nested arrays are flattened; map fields take a JSON object whose keys
//     are the map keys as strings;
//   - required fields are checked at the end unless AllowPartial is set.
//
// Where Mesos silently truncates or wraps, this is stricter: an integer field
// given a fractional or out-of-range number is an error, as is a float field
// given a value beyond float32's range. It is more lenient in two places:
// enums may also be given by number, and doubles accept "NaN".
func (o UnmarshalOptions) Unmarshal(b []byte, m proto.Message) error {
	if m == nil {
		return errors.New("mesosjson: Unmarshal(nil message)")
	}
	r := m.ProtoReflect()
	if !r.IsValid() {
		return errors.New("mesosjson: Unmarshal into a nil message pointer")
	}
	if d := nestingDepth(b); d > MaxDepth {
		return fmt.Errorf("mesosjson: JSON nested deeper than %d levels", MaxDepth)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if err == io.EOF {
			return errors.New("mesosjson: empty input")
		}
		return fmt.Errorf("mesosjson: invalid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("mesosjson: invalid JSON: unexpected data after the top-level value at offset %d", dec.InputOffset())
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("mesosjson: expected a JSON object, got %s", jsonKind(v))
	}
	proto.Reset(m)
	if err := parseMessage(r, obj, ""); err != nil {
		return err
	}
	if !o.AllowPartial {
		if err := proto.CheckInitialized(m); err != nil {
			return fmt.Errorf("mesosjson: %w", err)
		}
	}
	return nil
}

// nestingDepth returns the maximum nesting of objects and arrays in b. It
// is safe on any input; invalid JSON is left to the decoder.
func nestingDepth(b []byte) int {
	depth, maxDepth := 0, 0
	inString, escaped := false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			maxDepth = max(maxDepth, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return maxDepth
}

// FieldError is returned for a value that does not fit its field.
type FieldError struct {
	Path string // dotted proto field path, e.g. "subscribe.framework_info.roles[1]"
	Msg  string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("mesosjson: field %q: %s", e.Path, e.Msg)
}

func fieldErr(path, format string, args ...any) error {
	return &FieldError{Path: path, Msg: fmt.Sprintf(format, args...)}
}

func joinPath(prefix string, name protoreflect.Name) string {
	if prefix == "" {
		return string(name)
	}
	return prefix + "." + string(name)
}

func parseMessage(m protoreflect.Message, obj map[string]any, prefix string) error {
	fields := m.Descriptor().Fields()
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys) // deterministic error reporting
	for _, k := range keys {
		fd := fields.ByName(protoreflect.Name(k))
		if fd == nil {
			continue // unknown fields are ignored
		}
		if err := parseField(m, fd, obj[k], joinPath(prefix, fd.Name())); err != nil {
			return err
		}
	}
	return nil
}

func parseField(m protoreflect.Message, fd protoreflect.FieldDescriptor, v any, path string) error {
	if v == nil {
		return nil // null is unset
	}
	switch {
	case fd.IsMap():
		switch x := v.(type) {
		case map[string]any:
			return parseMap(m.Mutable(fd).Map(), fd, x, path)
		case []any:
			for i, e := range x {
				if err := parseField(m, fd, e, fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
			return nil
		default:
			return fieldErr(path, "not expecting a JSON %s for a map field", jsonKind(v))
		}
	case fd.IsList():
		if x, ok := v.([]any); ok {
			for i, e := range x {
				if err := parseField(m, fd, e, fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
			return nil
		}
		list := m.Mutable(fd).List()
		if isMessage(fd) {
			obj, ok := v.(map[string]any)
			if !ok {
				return fieldErr(path, "not expecting a JSON %s for a message field", jsonKind(v))
			}
			e := list.NewElement()
			if err := parseMessage(e.Message(), obj, path); err != nil {
				return err
			}
			list.Append(e)
			return nil
		}
		val, ok, err := parseScalar(fd, v, path)
		if ok {
			list.Append(val)
		}
		return err
	case isMessage(fd):
		obj, ok := v.(map[string]any)
		if !ok {
			return fieldErr(path, "not expecting a JSON %s for a message field", jsonKind(v))
		}
		return parseMessage(m.Mutable(fd).Message(), obj, path)
	default:
		if _, ok := v.([]any); ok {
			return fieldErr(path, "not expecting a JSON array for a singular field")
		}
		val, ok, err := parseScalar(fd, v, path)
		if ok {
			m.Set(fd, val)
		}
		return err
	}
}

func isMessage(fd protoreflect.FieldDescriptor) bool {
	return fd.Kind() == protoreflect.MessageKind || fd.Kind() == protoreflect.GroupKind
}

func parseMap(mp protoreflect.Map, fd protoreflect.FieldDescriptor, obj map[string]any, path string) error {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	kd, vd := fd.MapKey(), fd.MapValue()
	for _, k := range keys {
		epath := fmt.Sprintf("%s[%q]", path, k)
		kv, ok, err := parseScalar(kd, k, epath)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		key := kv.MapKey()
		raw := obj[k]
		switch {
		case isMessage(vd):
			val := mp.NewValue()
			if raw != nil {
				o, isObj := raw.(map[string]any)
				if !isObj {
					return fieldErr(epath, "not expecting a JSON %s for a message field", jsonKind(raw))
				}
				if err := parseMessage(val.Message(), o, epath); err != nil {
					return err
				}
			}
			mp.Set(key, val)
		case raw == nil:
			// Mesos adds the entry with only its key set.
			mp.Set(key, zeroValue(vd))
		default:
			val, ok, err := parseScalar(vd, raw, epath)
			if err != nil {
				return err
			}
			if !ok {
				val = zeroValue(vd)
			}
			mp.Set(key, val)
		}
	}
	return nil
}

func zeroValue(fd protoreflect.FieldDescriptor) protoreflect.Value {
	if fd.Kind() == protoreflect.EnumKind {
		return protoreflect.ValueOfEnum(fd.Enum().Values().Get(0).Number())
	}
	return fd.Default()
}

// jsonNumber matches the JSON number grammar (RFC 8259), which is what
// stout requires of a number given as a string.
var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// parseScalar converts a decoded JSON value (string, json.Number, bool) to a
// value for the scalar field fd. ok is false when the value is to be dropped
// (an unknown enum value in a non-required field).
func parseScalar(fd protoreflect.FieldDescriptor, v any, path string) (val protoreflect.Value, ok bool, err error) {
	switch fd.Kind() {
	case protoreflect.StringKind:
		if s, isStr := v.(string); isStr {
			return protoreflect.ValueOfString(s), true, nil
		}
	case protoreflect.BytesKind:
		if s, isStr := v.(string); isStr {
			bs, err := decodeBase64(s)
			if err != nil {
				return val, false, fieldErr(path, "failed to base64-decode bytes: %v", err)
			}
			return protoreflect.ValueOfBytes(bs), true, nil
		}
	case protoreflect.BoolKind:
		switch x := v.(type) {
		case bool:
			return protoreflect.ValueOfBool(x), true, nil
		case string:
			switch strings.Trim(x, " \t\n\r") {
			case "true":
				return protoreflect.ValueOfBool(true), true, nil
			case "false":
				return protoreflect.ValueOfBool(false), true, nil
			}
			return val, false, fieldErr(path, "failed to parse %q as a JSON boolean", x)
		}
	case protoreflect.EnumKind:
		var ev protoreflect.EnumValueDescriptor
		switch x := v.(type) {
		case string:
			ev = fd.Enum().Values().ByName(protoreflect.Name(x))
			if ev == nil && fd.Cardinality() == protoreflect.Required {
				return val, false, fieldErr(path, "failed to find enum value %q in %s", x, fd.Enum().FullName())
			}
		case json.Number:
			n, err := strconv.ParseInt(string(x), 10, 32)
			if err != nil {
				return val, false, fieldErr(path, "enum number %s is not an int32", x)
			}
			ev = fd.Enum().Values().ByNumber(protoreflect.EnumNumber(n))
			if ev == nil && fd.Cardinality() == protoreflect.Required {
				return val, false, fieldErr(path, "enum number %d is not a value of %s", n, fd.Enum().FullName())
			}
		default:
			return val, false, fieldErr(path, "not expecting a JSON %s for an enum field", jsonKind(v))
		}
		if ev == nil {
			return val, false, nil
		}
		return protoreflect.ValueOfEnum(ev.Number()), true, nil
	case protoreflect.FloatKind, protoreflect.DoubleKind:
		var text string
		switch x := v.(type) {
		case json.Number:
			text = string(x)
		case string:
			switch t := strings.Trim(x, " \t\n\r"); t {
			case "Infinity":
				return floatValue(fd, math.Inf(1)), true, nil
			case "-Infinity":
				return floatValue(fd, math.Inf(-1)), true, nil
			case "NaN":
				return floatValue(fd, math.NaN()), true, nil
			default:
				if !jsonNumber.MatchString(t) {
					return val, false, fieldErr(path, "failed to parse %q as a JSON number", x)
				}
				text = t
			}
		default:
			return val, false, fieldErr(path, "not expecting a JSON %s for a floating-point field", jsonKind(v))
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return val, false, fieldErr(path, "number %s is out of range", text)
		}
		if fd.Kind() == protoreflect.FloatKind {
			if math.Abs(f) > math.MaxFloat32 {
				return val, false, fieldErr(path, "number %s is out of range for float", text)
			}
			return protoreflect.ValueOfFloat32(float32(f)), true, nil
		}
		return protoreflect.ValueOfFloat64(f), true, nil
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind,
		protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind,
		protoreflect.Uint32Kind, protoreflect.Fixed32Kind,
		protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		var text string
		switch x := v.(type) {
		case json.Number:
			text = string(x)
		case string:
			text = strings.Trim(x, " \t\n\r")
			if !jsonNumber.MatchString(text) {
				return val, false, fieldErr(path, "failed to parse %q as a JSON number", x)
			}
		default:
			return val, false, fieldErr(path, "not expecting a JSON %s for an integer field", jsonKind(v))
		}
		return parseInteger(fd, text, path)
	default:
		return val, false, fieldErr(path, "unsupported field kind %v", fd.Kind())
	}
	return val, false, fieldErr(path, "not expecting a JSON %s for a %v field", jsonKind(v), fd.Kind())
}

func parseInteger(fd protoreflect.FieldDescriptor, text, path string) (protoreflect.Value, bool, error) {
	var bits int
	signed := true
	switch fd.Kind() {
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		bits = 32
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		bits = 64
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		bits, signed = 32, false
	default:
		bits, signed = 64, false
	}
	if signed {
		n, err := strconv.ParseInt(text, 10, bits)
		if err != nil {
			f, ferr := integralFloat(text)
			if ferr != nil {
				return protoreflect.Value{}, false, fieldErr(path, "%s", ferr)
			}
			lim := math.Ldexp(1, bits-1)
			if f < -lim || f >= lim {
				return protoreflect.Value{}, false, fieldErr(path, "number %s is out of range for int%d", text, bits)
			}
			n = int64(f)
		}
		if bits == 32 {
			return protoreflect.ValueOfInt32(int32(n)), true, nil
		}
		return protoreflect.ValueOfInt64(n), true, nil
	}
	n, err := strconv.ParseUint(text, 10, bits)
	if err != nil {
		f, ferr := integralFloat(text)
		if ferr != nil {
			return protoreflect.Value{}, false, fieldErr(path, "%s", ferr)
		}
		if f < 0 || f >= math.Ldexp(1, bits) {
			return protoreflect.Value{}, false, fieldErr(path, "number %s is out of range for uint%d", text, bits)
		}
		n = uint64(f)
	}
	if bits == 32 {
		return protoreflect.ValueOfUint32(uint32(n)), true, nil
	}
	return protoreflect.ValueOfUint64(n), true, nil
}

// integralFloat accepts numbers such as "1e3" or "5.0" for integer fields,
// and rejects fractions.
func integralFloat(text string) (float64, error) {
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return 0, fmt.Errorf("number %s is out of range", text)
	}
	if f != math.Trunc(f) {
		return 0, fmt.Errorf("number %s is not an integer", text)
	}
	return f, nil
}

// decodeBase64 decodes like stout's base64::decode: standard alphabet,
// whitespace skipped, padding optional (decoding stops at the first '=').
func decodeBase64(s string) ([]byte, error) {
	if i := strings.IndexByte(s, '='); i >= 0 {
		s = s[:i]
	}
	if strings.ContainsAny(s, " \t\n\v\f\r") {
		s = strings.Map(func(r rune) rune {
			switch r {
			case ' ', '\t', '\n', '\v', '\f', '\r':
				return -1
			}
			return r
		}, s)
	}
	if len(s)%4 == 1 {
		// A lone trailing sextet carries no whole byte; stout drops it.
		last := s[len(s)-1]
		if !strings.ContainsRune(base64Alphabet, rune(last)) {
			return nil, fmt.Errorf("invalid character %q", last)
		}
		s = s[:len(s)-1]
	}
	return base64.RawStdEncoding.DecodeString(s)
}

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

func floatValue(fd protoreflect.FieldDescriptor, f float64) protoreflect.Value {
	if fd.Kind() == protoreflect.FloatKind {
		return protoreflect.ValueOfFloat32(float32(f))
	}
	return protoreflect.ValueOfFloat64(f)
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
