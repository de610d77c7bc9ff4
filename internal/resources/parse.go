//lint:file-ignore SA1019 the JSON form sets the default role through the legacy Resource.role field, as Mesos does

package resources

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"

	"github.com/mactor/mactor/messages/mesos"
)

// Parse reads resources in the syntax of Mesos's --resources flag (Mesos's
// Resources::parse): either a JSON array of Resource objects, or
// semicolon-separated "name(role):value" entries where the role is optional
// (defaultRole, usually "*", applies) and value is a scalar ("4", "0.5"),
// ranges ("[31000-32000, 33000-33010]") or a set ("{a,b}"). A role other
// than "*" makes a static reservation. Resources are validated as Mesos
// does (including "same name, different types" and the command-line ban on
// revocable, persistent and dynamically reserved resources); empty ones
// ("disk:0") are dropped.
func Parse(text, defaultRole string) (Resources, error) {
	var list []Resource
	trimmed := strings.TrimSpace(text)
	if strings.HasPrefix(trimmed, "[") && json.Valid([]byte(trimmed)) {
		var raws []json.RawMessage
		if err := json.Unmarshal([]byte(trimmed), &raws); err != nil {
			return nil, fmt.Errorf("%w: resources JSON must be an array of objects: %v", ErrParse, err)
		}
		for i, raw := range raws {
			var pr mesos.Resource
			if err := protojson.Unmarshal(raw, &pr); err != nil {
				return nil, fmt.Errorf("%w: JSON resource %d: %v", ErrParse, i, err)
			}
			if pr.Role == nil && len(pr.Reservations) == 0 {
				pr.Role = &defaultRole
			}
			r, err := ResourceFromProto(&pr)
			if err != nil {
				return nil, fmt.Errorf("JSON resource %d: %w", i, err)
			}
			list = append(list, r)
		}
	} else {
		for _, token := range tokenize(text, ";") {
			r, err := parseEntry(token, defaultRole)
			if err != nil {
				return nil, err
			}
			list = append(list, r)
		}
	}
	types := make(map[string]ValueType)
	var out Resources
	for _, r := range list {
		switch {
		case r.IsPersistentVolume():
			return nil, fmt.Errorf("%w: persistent volumes cannot be specified at the command line", ErrInvalid)
		case r.IsRevocable():
			return nil, fmt.Errorf("%w: revocable resources cannot be specified at the command line", ErrInvalid)
		case r.IsDynamicallyReserved():
			return nil, fmt.Errorf("%w: dynamic reservations cannot be specified at the command line", ErrInvalid)
		}
		if t, ok := types[r.Name]; ok && t != r.Type {
			return nil, fmt.Errorf("%w: resources with the same name (%q) but different types are not allowed", ErrInvalid, r.Name)
		}
		types[r.Name] = r.Type
		out.Add(r)
	}
	return out, nil
}

// MustParse is Parse with the "*" default role for tests and constants: it
// panics on error.
func MustParse(text string) Resources {
	r, err := Parse(text, RoleStar)
	if err != nil {
		panic(err)
	}
	return r
}

// parseEntry reads one "name(role):value" entry.
func parseEntry(token, defaultRole string) (Resource, error) {
	pair := tokenize(token, ":")
	if len(pair) != 2 {
		return Resource{}, fmt.Errorf("%w: bad value for resources, missing or extra ':' in %q", ErrParse, token)
	}
	name, role := strings.TrimSpace(pair[0]), defaultRole
	if open := strings.IndexByte(pair[0], '('); open >= 0 {
		closing := strings.IndexByte(pair[0], ')')
		if closing < open {
			return Resource{}, fmt.Errorf("%w: bad value for resources, mismatched parentheses in %q", ErrParse, token)
		}
		if rest := strings.TrimSpace(pair[0][closing+1:]); rest != "" {
			return Resource{}, fmt.Errorf("%w: unexpected %q after the role in %q", ErrParse, rest, token)
		}
		name = strings.TrimSpace(pair[0][:open])
		role = strings.TrimSpace(pair[0][open+1 : closing])
	}
	if name == "" {
		return Resource{}, fmt.Errorf("%w: empty resource name in %q", ErrParse, token)
	}
	if err := ValidateRole(role); err != nil {
		return Resource{}, fmt.Errorf("resource %q: %w", name, err)
	}
	r, err := parseValue(name, pair[1])
	if err != nil {
		return Resource{}, err
	}
	if role != RoleStar {
		r.Meta = &Meta{Reservations: []Reservation{StaticReservation(role)}}
	}
	return r, nil
}

// parseValue reads a value the way Mesos's values::parse does: spaces are
// ignored; "[...]" is ranges, "{...}" a set, anything else a scalar.
func parseValue(name, text string) (Resource, error) {
	v := strings.ReplaceAll(text, " ", "")
	fail := func(format string, args ...any) (Resource, error) {
		return Resource{}, fmt.Errorf("%w: failed to parse resource %s value %q: %s", ErrParse, name, text, fmt.Sprintf(format, args...))
	}
	if v == "" {
		return fail("expecting non-empty string")
	}
	if !bracketsMatch(v, '{', '}') || !bracketsMatch(v, '[', ']') || !bracketsMatch(v, '(', ')') {
		return fail("mismatched brackets")
	}
	switch i := strings.IndexByte(v, '['); {
	case i == 0:
		tokens := tokenize(v, "[]-,\n")
		if len(tokens)%2 != 0 {
			return fail("expecting one or more \"ranges\"")
		}
		rs := make([]Range, 0, len(tokens)/2)
		for k := 0; k < len(tokens); k += 2 {
			b, err1 := strconv.ParseUint(tokens[k], 10, 64)
			e, err2 := strconv.ParseUint(tokens[k+1], 10, 64)
			if err1 != nil || err2 != nil {
				return fail("expecting non-negative integers in %q", tokens[k]+"-"+tokens[k+1])
			}
			if b > e {
				return Resource{}, fmt.Errorf("%w: resource %s: range %d-%d has begin > end", ErrInvalid, name, b, e)
			}
			rs = append(rs, Range{b, e})
		}
		return Resource{Name: name, Type: RangesType, Ranges: NewRanges(rs...)}, nil
	case i > 0:
		return fail("unexpected '[' found")
	}
	switch i := strings.IndexByte(v, '{'); {
	case i == 0:
		items := tokenize(v, "{},\n")
		if err := validateSetItems(items); err != nil {
			return Resource{}, fmt.Errorf("resource %s: %w", name, err)
		}
		return Resource{Name: name, Type: SetType, Set: NewSet(items...)}, nil
	case i > 0:
		return fail("unexpected '{' found")
	}
	f, err := parseFloat(v)
	if err != nil {
		return fail("bad type: not a scalar, ranges or set")
	}
	if err := validateFloat(f); err != nil {
		return Resource{}, fmt.Errorf("resource %s value %q: %w", name, text, err)
	}
	s := ScalarOf(f)
	if f != 0 && s <= 0 {
		return Resource{}, fmt.Errorf("%w: resource %s value %q: value <= 0 at three-decimal precision", ErrInvalid, name, text)
	}
	return Resource{Name: name, Type: ScalarType, Scalar: s}, nil
}

// parseFloat accepts decimal floating point (with optional exponent) only:
// no hexadecimal, no underscores, no "inf" or "nan" words.
func parseFloat(s string) (float64, error) {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			return 0, fmt.Errorf("%w: not a number", ErrParse)
		}
	}
	return strconv.ParseFloat(s, 64)
}

// ParseQuantities reads "name:value;..." scalar quantities (Mesos's
// ResourceQuantities::fromString): values must be non-negative scalars;
// zeros are dropped and repeated names summed.
func ParseQuantities(text string) (Quantities, error) {
	var q Quantities
	for _, token := range tokenize(text, ";") {
		name, s, err := parseScalarEntry(token, "quantity")
		if err != nil {
			return nil, err
		}
		q = q.add(name, s)
	}
	return q, nil
}

// ParseLimits reads "name:value;..." limits (Mesos's
// ResourceLimits::fromString): non-negative scalars, zero allowed, no
// repeated names.
func ParseLimits(text string) (Limits, error) {
	var l Limits
	for _, token := range tokenize(text, ";") {
		name, s, err := parseScalarEntry(token, "limit")
		if err != nil {
			return nil, err
		}
		if _, dup := l.Get(name); dup {
			return nil, fmt.Errorf("%w: failed to parse %q to limit: duplicate names are not allowed", ErrParse, token)
		}
		l = l.set(name, s)
	}
	return l, nil
}

func parseScalarEntry(token, what string) (string, Scalar, error) {
	pair := tokenize(token, ":")
	if len(pair) != 2 {
		return "", 0, fmt.Errorf("%w: failed to parse %q: missing or extra ':'", ErrParse, token)
	}
	name := strings.TrimSpace(pair[0])
	r, err := parseValue(name, pair[1])
	if err != nil {
		return "", 0, fmt.Errorf("failed to parse %q to %s: %w", pair[1], what, err)
	}
	if r.Type != ScalarType {
		return "", 0, fmt.Errorf("%w: failed to parse %q to %s: only scalar values are allowed", ErrParse, pair[1], what)
	}
	return name, r.Scalar, nil
}

// ParseMinAllocatable reads the --min_allocatable_resources flag: '|'
// separated alternatives, each "name:value;..." quantities
// ("cpus:0.01|mem:32"). Resources are allocatable when they contain at
// least one alternative.
func ParseMinAllocatable(text string) ([]Quantities, error) {
	var out []Quantities
	for _, token := range tokenize(text, "|") {
		q, err := ParseQuantities(token)
		if err != nil {
			return nil, fmt.Errorf("min allocatable resources %q: %w", text, err)
		}
		out = append(out, q)
	}
	return out, nil
}

// tokenize splits s at any of the delimiter bytes and drops empty tokens
// (stout's strings::tokenize).
func tokenize(s, delims string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(delims, r) })
}

// bracketsMatch is stout's checkBracketsMatching: every closing bracket has
// an opening one before it and the counts agree.
func bracketsMatch(s string, open, closing byte) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case open:
			depth++
		case closing:
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}
