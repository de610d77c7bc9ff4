package mesosjson_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/mactor/mactor/messages/mesosjson"
)

// defaults is what stout writes for the unset All fields that have an
// explicit default and are not deprecated (def_dep is deprecated).
const defaults = `"def_d":5.0,"def_e":"BLUE","def_b":true`

func TestMarshal(t *testing.T) {
	tests := []struct {
		name string
		msg  proto.Message
		want string
	}{
		{"empty writes only defaults", newAll(), `{` + defaults + `}`},
		{"nil", nil, `{}`},
		{"integers are numbers", fromText(newAll, `i32: -1 i64: -9223372036854775807 u32: 4294967295 u64: 18446744073709551615 s32: -3 s64: -4 f32: 5 f64: 6 sf32: -7 sf64: -8`),
			`{"i32":-1,"i64":-9223372036854775807,"u32":4294967295,"u64":18446744073709551615,"s32":-3,"s64":-4,"f32":5,"f64":6,"sf32":-7,"sf64":-8,` + defaults + `}`},
		{"doubles like rapidjson", fromText(newAll, `d: 1 f: 0.5 r_d: [0, -1, 1234567890.12345, 1e20, 1e21, 1.5e300, 0.000001, 1e-7, 2.5e-10, -0.0]`),
			`{"d":1.0,"f":0.5,"r_d":[0.0,-1.0,1234567890.12345,100000000000000000000.0,1e21,1.5e300,0.000001,1e-7,2.5e-10,-0.0],` + defaults + `}`},
		{"float widened to double", fromText(newAll, `f: 0.1`), `{"f":0.10000000149011612,` + defaults + `}`},
		{"infinities are strings", fromText(newAll, `d: inf r_d: [-inf, nan]`), `{"d":"Infinity","r_d":["-Infinity","NaN"],` + defaults + `}`},
		{"enum by name, bytes base64", fromText(newAll, `e: GREEN by: "\x00\xffab" r_e: [BLUE, RED] r_by: ["", "x"]`),
			`{"by":"AP9hYg==","e":"GREEN","r_e":["BLUE","RED"],"r_by":["","eA=="],` + defaults + `}`},
		{"strings are ASCII", fromText(newAll, `s: "é\"\\\n\t\x01/<>\x7f😀"`),
			`{"s":"\u00e9\"\\\n\t\u0001/<>` + "\x7f" + `\ud83d\ude00",` + defaults + `}`},
		{"invalid utf8 becomes U+FFFD", fromText(newAll, `s: "a\xffb"`), `{"s":"a\ufffdb",` + defaults + `}`},
		{"set defaults and deprecated", fromText(newAll, `def_d: 1 def_dep: "r" def_e: RED def_b: false`),
			`{"def_d":1.0,"def_dep":"r","def_e":"RED","def_b":false}`},
		{"maps sorted", fromText(newAll, `m_si {key: "b" value: 2} m_si {key: "a" value: 1} m_is {key: -5 value: "x"} m_is {key: 10 value: "y"} m_is {key: 9 value: "z"} m_bm {key: true value {name: "t" color: GREEN}} m_bm {key: false value {}} m_ue {key: 18446744073709551615 value: BLUE}`),
			`{"m_si":{"a":1,"b":2},"m_is":{"-5":"x","9":"z","10":"y"},"m_bm":{"false":{},"true":{"name":"t","color":"GREEN"}},"m_ue":{"18446744073709551615":"BLUE"},` + defaults + `}`},
		{"nested and repeated messages", fromText(newAll, `nested { s: "n" } r_m { i32: 1 } r_m { }`),
			`{"nested":{"s":"n",` + defaults + `},"r_m":[{"i32":1,` + defaults + `},{` + defaults + `}],` + defaults + `}`},
		{"missing required fields are written anyway", fromText(newReq, `opt: BLUE`), `{"opt":"BLUE"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := mesosjson.Marshal(tt.msg)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("Marshal:\n got %s\nwant %s", got, tt.want)
			}
			for i, c := range got {
				if c >= 0x80 || c == '\n' || c == '\r' {
					t.Fatalf("byte %d of output is %#x: not single-line ASCII", i, c)
				}
			}
		})
	}
}

func TestUnmarshal(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // prototext of the expected All
	}{
		{"empty", `{}`, ``},
		{"whitespace around", " \n\t{ } \r\n", ``},
		{"numbers", `{"i32":-1,"i64":-9223372036854775808,"u64":18446744073709551615,"d":1.5,"f":0.25}`,
			`i32: -1 i64: -9223372036854775808 u64: 18446744073709551615 d: 1.5 f: 0.25`},
		{"numbers as strings", `{"i32":"-1","i64":" 42 ","u32":"1e3","d":"1.0","f":"2","b":"true","r_b":["false",true]}`,
			`i32: -1 i64: 42 u32: 1000 d: 1 f: 2 b: true r_b: [false, true]`},
		{"integral floats for integers", `{"i64":5.0,"u64":1E2}`, `i64: 5 u64: 100`},
		{"infinity strings", `{"d":"Infinity","f":"-Infinity","r_d":["NaN"]}`, `d: inf f: -inf r_d: [nan]`},
		{"unknown keys ignored", `{"nope":{"deep":[1,2,{"x":null}]},"I32":5,"s":"x"}`, `s: "x"`},
		{"camelCase is not a field name", `{"rI64":[1],"r_i64":[2]}`, `r_i64: [2]`},
		{"null is unset", `{"i32":null,"nested":null,"r_s":null,"m_si":null,"e":null,"r_s":null}`, ``},
		{"null elements skipped", `{"r_s":["a",null,"b"]}`, `r_s: ["a", "b"]`},
		{"scalar where list expected", `{"r_s":"only","r_m":{"i32":3}}`, `r_s: ["only"] r_m {i32: 3}`},
		{"nested arrays flatten", `{"r_i64":[1,[2,[3]],4]}`, `r_i64: [1, 2, 3, 4]`},
		{"last duplicate key wins", `{"s":"first","s":"second"}`, `s: "second"`},
		{"enum names and numbers", `{"e":"GREEN","r_e":["BLUE",0,"NOPE",99,"RED"]}`, `e: GREEN r_e: [BLUE, RED, RED]`},
		{"unknown optional enum dropped", `{"e":"PURPLE","def_e":""}`, ``},
		{"bytes", `{"by":"AP9hYg==","r_by":["eA","eA=","e A = =","","QUJD\nREVG"]}`,
			`by: "\x00\xffab" r_by: ["x", "x", "x", "", "ABCDEF"]`},
		{"unicode escapes", `{"s":"\u00e9\ud83d\ude00\u0000"}`, `s: "é😀\x00"`},
		{"maps", `{"m_si":{"a":1,"b":"2"},"m_is":{"-5":"x"},"m_bm":{"true":{"name":"n","color":"RED"}},"m_ue":{"7":"GREEN","8":"NOPE"}}`,
			`m_si {key: "a" value: 1} m_si {key: "b" value: 2} m_is {key: -5 value: "x"} m_bm {key: true value {name: "n" color: RED}} m_ue {key: 7 value: GREEN} m_ue {key: 8 value: RED}`},
		{"map null value keeps key", `{"m_si":{"k":null},"m_ue":{"3":null}}`,
			`m_si {key: "k" value: 0} m_ue {key: 3 value: RED}`},
		{"map given as array of objects", `{"m_si":[{"a":1},{"b":2}]}`, `m_si {key: "a" value: 1} m_si {key: "b" value: 2}`},
		{"empty nested object sets the field", `{"nested":{}}`, `nested {}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newAll()
			if err := mesosjson.Unmarshal([]byte(tt.in), got); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tt.in, err)
			}
			want := fromText(newAll, tt.want)
			if !proto.Equal(want, got) {
				t.Errorf("Unmarshal(%s) mismatch\n-want %s\n+got %s", tt.in, txt(want), txt(got))
			}
		})
	}
}

func TestUnmarshalErrors(t *testing.T) {
	deep := strings.Repeat(`{"nested":`, 200) + `{}` + strings.Repeat(`}`, 200)
	tests := []struct {
		name, in, want string
	}{
		{"empty input", ``, "empty input"},
		{"not JSON", `{"s":`, "invalid JSON"},
		{"trailing data", `{} {}`, "unexpected data after"},
		{"trailing garbage", `{}x`, "invalid JSON"},
		{"top-level array", `[{}]`, "expected a JSON object, got array"},
		{"top-level null", `null`, "expected a JSON object, got null"},
		{"too deep", deep, "nested deeper than 200"},
		{"string for int", `{"i32":"abc"}`, `field "i32": failed to parse "abc" as a JSON number`},
		{"plus sign not JSON", `{"i64":"+5"}`, `failed to parse "+5"`},
		{"fraction for int", `{"i64":1.5}`, `field "i64": number 1.5 is not an integer`},
		{"int32 overflow", `{"i32":2147483648}`, `out of range for int32`},
		{"uint negative", `{"u64":-1}`, `out of range for uint64`},
		{"uint64 overflow", `{"u64":18446744073709551616}`, `out of range for uint64`},
		{"double overflow", `{"d":1e400}`, `out of range`},
		{"float overflow", `{"f":1e39}`, `out of range for float`},
		{"number for string", `{"nested":{"s":1.0}}`, `field "nested.s": not expecting a JSON number for a string field`},
		{"bool for int", `{"i32":true}`, `not expecting a JSON boolean`},
		{"object for scalar", `{"b":{}}`, `not expecting a JSON object`},
		{"bad bool string", `{"b":"yes"}`, `failed to parse "yes" as a JSON boolean`},
		{"array for singular", `{"s":["a"]}`, `not expecting a JSON array for a singular field`},
		{"string for message", `{"nested":"x"}`, `not expecting a JSON string for a message field`},
		{"number for list of messages", `{"r_m":[1]}`, `field "r_m[0]": not expecting a JSON number for a message field`},
		{"bad base64", `{"by":"a$b="}`, `failed to base64-decode`},
		{"bad map key", `{"m_is":{"x":"y"}}`, `field "m_is[\"x\"]": failed to parse "x" as a JSON number`},
		{"map not an object", `{"m_si":5}`, `not expecting a JSON number for a map field`},
		{"bool enum", `{"e":true}`, `not expecting a JSON boolean for an enum field`},
		{"missing required", `{"req":{"name":"x"}}`, `required field`},
		{"map null message value is empty", `{"m_bm":{"false":null}}`, `required field mesosjson.test.Req.name`},
		{"null required", `{"req":{"name":null,"color":"RED"}}`, `required field`},
		{"unknown required enum", `{"req":{"name":"x","color":"NOPE"}}`, `field "req.color": failed to find enum value "NOPE"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := mesosjson.Unmarshal([]byte(tt.in), newAll())
			if err == nil {
				t.Fatalf("Unmarshal(%.60s) succeeded, want error containing %q", tt.in, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Unmarshal(%.60s) = %q, want it to contain %q", tt.in, err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "mesosjson: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestUnmarshalDepthLimit(t *testing.T) {
	// 200 levels (the top object included) are accepted, like stout.
	ok := strings.Repeat(`{"nested":`, 199) + `{}` + strings.Repeat(`}`, 199)
	if err := mesosjson.Unmarshal([]byte(ok), newAll()); err != nil {
		t.Fatalf("200 levels: %v", err)
	}
}

func TestFieldError(t *testing.T) {
	err := mesosjson.Unmarshal([]byte(`{"r_m":[{},{"nested":{"i32":"x"}}]}`), newAll())
	var fe *mesosjson.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v is not a *FieldError", err)
	}
	if fe.Path != "r_m[1].nested.i32" {
		t.Errorf("Path = %q", fe.Path)
	}
}

func TestAllowPartial(t *testing.T) {
	m := newReq()
	if err := (mesosjson.UnmarshalOptions{AllowPartial: true}).Unmarshal([]byte(`{"opt":"GREEN"}`), m); err != nil {
		t.Fatal(err)
	}
	fd := m.Descriptor().Fields().ByName("opt")
	if got := m.Get(fd).Enum(); got != 1 {
		t.Errorf("opt = %d, want 1", got)
	}
}

func TestUnmarshalResets(t *testing.T) {
	m := fromText(newAll, `s: "old" i32: 3`)
	if err := mesosjson.Unmarshal([]byte(`{"i64":1}`), m); err != nil {
		t.Fatal(err)
	}
	if !proto.Equal(fromText(newAll, `i64: 1`), m) {
		t.Errorf("not reset: got %s", txt(m))
	}
}

func TestUnmarshalNilTarget(t *testing.T) {
	if err := mesosjson.Unmarshal([]byte(`{}`), nil); err == nil {
		t.Error("want an error for a nil message")
	}
}

// TestRoundTrip checks Marshal → Unmarshal → Marshal is stable, and that
// values survive exactly.
func TestRoundTrip(t *testing.T) {
	in := fromText(newAll, `i32: -2147483648 i64: -9223372036854775808 u64: 18446744073709551615
		d: 0.1 f: 3.4028235e38 r_d: [5e-324, 1.7976931348623157e308, inf, -inf] b: true s: "é😀\x00"
		by: "\x00\x01\x02\xfe\xff" e: BLUE nested { r_s: ["x", ""] } r_m { m_si { key: "" value: 0 } }
		m_bm { key: true value { name: "n" color: GREEN } } def_dep: "*"`)
	b1, err := mesosjson.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := newAll()
	if err := mesosjson.Unmarshal(b1, out); err != nil {
		t.Fatalf("Unmarshal(%s): %v", b1, err)
	}
	// Defaults come back as explicitly set fields, as they do in Mesos;
	// clear them before comparing presence-sensitive values.
	clearDefaults(out.ProtoReflect(), in.ProtoReflect())
	if !proto.Equal(in, out) {
		t.Errorf("round trip mismatch\n-in %s\n+out %s", txt(in), txt(out))
	}
	b2, err := mesosjson.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(b1) != string(b2) {
		t.Errorf("not stable:\n%s\n%s", b1, b2)
	}
}

// clearDefaults clears fields set in got but not in ref, recursively.
func clearDefaults(got, ref protoreflect.Message) {
	got.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case !ref.Has(fd):
			got.Clear(fd)
		case fd.Message() != nil && !fd.IsList() && !fd.IsMap():
			clearDefaults(v.Message(), ref.Get(fd).Message())
		case fd.Message() != nil && fd.IsList():
			for i := 0; i < v.List().Len(); i++ {
				clearDefaults(v.List().Get(i).Message(), ref.Get(fd).List().Get(i).Message())
			}
		}
		return true
	})
}

func TestNaNRoundTrip(t *testing.T) {
	b, _ := mesosjson.Marshal(fromText(newAll, `d: nan`))
	m := newAll()
	if err := mesosjson.Unmarshal(b, m); err != nil {
		t.Fatal(err)
	}
	if d := m.Get(m.Descriptor().Fields().ByName("d")).Float(); !math.IsNaN(d) {
		t.Errorf("d = %v, want NaN", d)
	}
}

func txt(m proto.Message) string { return prototext.MarshalOptions{}.Format(m) }
