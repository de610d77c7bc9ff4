package wirecompat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/messages/mesosjson"
)

// TestJSONOursToMesosGo writes each fixture with mesosjson and reads it with
// mesos-go's JSON decoding (encoding/json calling its ffjson-generated
// UnmarshalJSON methods).
func TestJSONOursToMesosGo(t *testing.T) {
	for _, fx := range v1Fixtures() {
		t.Run(fx.name, func(t *testing.T) {
			b, err := mesosjson.Marshal(fx.msg)
			if err != nil {
				t.Fatal(err)
			}
			theirs := newMesosGo(t, fx.msg)
			if err := json.Unmarshal(b, theirs); err != nil {
				t.Fatalf("mesos-go json.Unmarshal(%s): %v", b, err)
			}
			// mesosjson writes unset fields that have a default, as Mesos
			// does; mesos-go then holds the default.
			comparer{t: t, jsonDefaults: true}.message(fx.name, fx.msg.ProtoReflect(), reflect.ValueOf(theirs))
		})
	}
}

// TestJSONMesosGoToOurs writes with mesos-go's JSON (ffjson) and reads with
// mesosjson.
func TestJSONMesosGoToOurs(t *testing.T) {
	for _, fx := range v1Fixtures() {
		t.Run(fx.name, func(t *testing.T) {
			theirs := mesosGoCopy(t, fx.msg)
			b, err := json.Marshal(theirs)
			if err != nil {
				t.Fatalf("mesos-go json.Marshal: %v", err)
			}
			ours := fx.msg.ProtoReflect().New().Interface()
			if err := mesosjson.Unmarshal(b, ours); err != nil {
				t.Fatalf("mesosjson.Unmarshal(%s): %v", b, err)
			}
			comparer{t: t}.message(fx.name, ours.ProtoReflect(), reflect.ValueOf(theirs))
			if !proto.Equal(ours, fx.msg) {
				t.Errorf("JSON round trip through mesos-go changed the message:\nJSON %s", b)
			}
		})
	}
}

// TestJSONNames checks that mesosjson spells everything as mesos-go's JSON
// does: every non-null value mesos-go writes appears in our output at the
// same key path (snake_case proto names), with the same enum name, string,
// base64 text, boolean or number. Mesos's own extra: unset fields with a
// default, which only we write.
func TestJSONNames(t *testing.T) {
	for _, fx := range v1Fixtures() {
		t.Run(fx.name, func(t *testing.T) {
			theirsJSON, err := json.Marshal(mesosGoCopy(t, fx.msg))
			if err != nil {
				t.Fatal(err)
			}
			oursJSON, err := mesosjson.Marshal(fx.msg)
			if err != nil {
				t.Fatal(err)
			}
			theirs, ours := flatten(t, theirsJSON), flatten(t, oursJSON)
			paths := make([]string, 0, len(theirs))
			for p := range theirs {
				paths = append(paths, p)
			}
			sort.Strings(paths)
			for _, p := range paths {
				tv := theirs[p]
				if tv == nil {
					continue // mesos-go writes null for empty repeated fields
				}
				ov, ok := ours[p]
				switch {
				case !ok:
					t.Errorf("%s: mesos-go writes %v, mesosjson has no such key", p, tv)
				case !sameJSON(ov, tv):
					t.Errorf("%s: mesosjson writes %v, mesos-go %v", p, ov, tv)
				}
			}
			for _, c := range oursJSON {
				if c >= 0x80 || c < 0x20 {
					t.Fatalf("mesosjson output is not single-line ASCII: %s", oursJSON)
				}
			}
		})
	}
}

// mesosGoCopy returns the mesos-go message that mesos-go decodes from our
// bytes.
func mesosGoCopy(t *testing.T, m proto.Message) gogoMessage {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	theirs := newMesosGo(t, m)
	if err := theirs.Unmarshal(b); err != nil {
		t.Fatal(err)
	}
	return theirs
}

// flatten maps key paths ("offers.offers[0].id.value") to scalar JSON values
// (string, json.Number, bool, nil). Empty objects and arrays are leaves too.
func flatten(t *testing.T, b []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("invalid JSON %s: %v", b, err)
	}
	out := map[string]any{}
	var walk func(string, any)
	walk = func(p string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if len(x) == 0 {
				out[p] = "{}"
			}
			for k, e := range x {
				if p == "" {
					walk(k, e)
				} else {
					walk(p+"."+k, e)
				}
			}
		case []any:
			if len(x) == 0 {
				out[p] = "[]"
			}
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", p, i), e)
			}
		default:
			out[p] = v
		}
	}
	walk("", v)
	return out
}

// sameJSON compares scalar JSON values; numbers compare by value, since
// mesos-go writes 3600.5 as 3600.5 and 1e6 as 1e+06 while Mesos writes
// 1000000.0.
func sameJSON(a, b any) bool {
	an, aok := a.(json.Number)
	bn, bok := b.(json.Number)
	if aok && bok {
		if ai, err := strconv.ParseInt(string(an), 10, 64); err == nil {
			bi, err := strconv.ParseInt(string(bn), 10, 64)
			if err == nil {
				return ai == bi
			}
		}
		if au, err := strconv.ParseUint(string(an), 10, 64); err == nil {
			bu, err := strconv.ParseUint(string(bn), 10, 64)
			if err == nil {
				return au == bu
			}
		}
		af, err1 := strconv.ParseFloat(string(an), 64)
		bf, err2 := strconv.ParseFloat(string(bn), 64)
		return err1 == nil && err2 == nil && (af == bf || math.IsNaN(af) && math.IsNaN(bf))
	}
	return a == b
}
