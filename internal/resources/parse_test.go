package resources

import (
	"errors"
	"testing"
)

// Parse follows Mesos's Resources::parse (src/tests/resources_tests.cpp,
// ResourcesTest.Parsing*): text syntax, roles as static reservations, empty
// resources dropped, validation errors.
func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // Resources.String() of the result
		err  error
	}{
		{"agent", "cpus:24;mem:4096;disk:4096;ports:[31000-32000]", "cpus:24; mem:4096; disk:4096; ports:[31000-32000]", nil},
		{"spaces", " cpus : 1.5 ; mem : 512 ", "cpus:1.5; mem:512", nil},
		{"zero dropped", "cpus:2;mem:1024;disk:0", "cpus:2; mem:1024", nil},
		{"role", "cpus(role1):2;cpus:1", "cpus(reservations: [(STATIC,role1)]):2; cpus:1", nil},
		{"star role", "cpus(*):2", "cpus:2", nil},
		{"nested role", "mem(a/b):10", "mem(reservations: [(STATIC,a/b)]):10", nil},
		{"merge", "cpus:1;cpus:2", "cpus:3", nil},
		{"ranges coalesce", "ports:[1-2, 3-4, 10-12]", "ports:[1-4, 10-12]", nil},
		{"set", "zones:{b,a}", "zones:{a, b}", nil},
		{"trailing semicolon", "cpus:1;", "cpus:1", nil},
		{"json", `[{"name":"cpus","type":"SCALAR","scalar":{"value":2}},{"name":"mem","type":"SCALAR","scalar":{"value":10},"role":"r"}]`, "cpus:2; mem(reservations: [(STATIC,r)]):10", nil},
		{"missing colon", "cpus", "", ErrParse},
		{"extra colon", "cpus:1:2", "", ErrParse},
		{"mismatched paren", "cpus)r(:1", "", ErrParse},
		{"junk after role", "cpus(r)x:1", "", ErrParse},
		{"bad scalar", "cpus:abc", "", ErrParse},
		{"hex scalar", "cpus:0x10", "", ErrParse},
		{"negative", "cpus:-1", "", ErrInvalid},
		{"too precise", "cpus:0.0001", "", ErrInvalid},
		{"inverted range", "ports:[10-1]", "", ErrInvalid},
		{"odd range", "ports:[1-2,3]", "", ErrParse},
		{"bracket", "ports:1[2]", "", ErrParse},
		{"duplicate set items", "zones:{a,a}", "", ErrInvalid},
		{"bad role", "cpus(.):1", "", ErrInvalidRole},
		{"mixed types", "foo:1;foo:[1-2]", "", ErrInvalid},
		{"empty name", "(r):1", "", ErrParse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in, RoleStar)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("Parse(%q) error = %v, want %v", tt.in, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got.String() != tt.want {
				t.Fatalf("Parse(%q) = %q, want %q", tt.in, got.String(), tt.want)
			}
		})
	}
}

func TestParseDefaultRole(t *testing.T) {
	got, err := Parse("cpus:1;mem(other):2", "dflt")
	if err != nil {
		t.Fatal(err)
	}
	want := "cpus(reservations: [(STATIC,dflt)]):1; mem(reservations: [(STATIC,other)]):2"
	if got.String() != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestParseQuantities(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  bool
	}{
		{"cpus:0.01", "cpus:0.01", false},
		{"cpus:1;mem:32;cpus:1", "cpus:2; mem:32", false},
		{"cpus:0;mem:1", "mem:1", false},
		{"ports:[1-2]", "", true},
		{"cpus", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := ParseQuantities(tt.in)
			if (err != nil) != tt.err {
				t.Fatalf("err = %v", err)
			}
			if err == nil && q.String() != tt.want {
				t.Fatalf("got %q, want %q", q, tt.want)
			}
		})
	}
}

func TestParseMinAllocatable(t *testing.T) {
	alts, err := ParseMinAllocatable("cpus:0.01|mem:32")
	if err != nil {
		t.Fatal(err)
	}
	if len(alts) != 2 || alts[0].String() != "cpus:0.01" || alts[1].String() != "mem:32" {
		t.Fatalf("got %v", alts)
	}
	if _, err := ParseMinAllocatable("cpus:x|mem:1"); !errors.Is(err, ErrParse) {
		t.Fatalf("want ErrParse, got %v", err)
	}
}

func TestParseLimits(t *testing.T) {
	l, err := ParseLimits("cpus:0;mem:512")
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := l.Get("cpus"); !ok || v != 0 {
		t.Fatalf("cpus limit = %v %v", v, ok)
	}
	if _, ok := l.Get("disk"); ok {
		t.Fatal("disk should be unlimited")
	}
	if _, err := ParseLimits("cpus:1;cpus:2"); !errors.Is(err, ErrParse) {
		t.Fatalf("duplicate names: %v", err)
	}
}

// FuzzParse: the parser never panics, and whatever it accepts survives a
// trip through protobuf unchanged.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"cpus:24;mem:4096;disk:4096;ports:[31000-32000]",
		"cpus(role):2;mem(a/b):1",
		"zones:{a,b}",
		`[{"name":"cpus","type":"SCALAR","scalar":{"value":2}}]`,
		"ports:[1-2,5-6];x:0.001",
		"cpus:1;;mem:2;",
		"((:))", "[", "{", "a:[1-]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s, RoleStar)
		if err != nil {
			if !errors.Is(err, ErrParse) && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrInvalidRole) {
				t.Fatalf("Parse(%q): error %v wraps no sentinel", s, err)
			}
			return
		}
		back, err := FromProto(r.ToProto())
		if err != nil {
			t.Fatalf("round trip of %v: %v", r, err)
		}
		if !back.Equal(r) {
			t.Fatalf("round trip changed %v into %v", r, back)
		}
		for i := range r {
			if r[i].IsEmpty() {
				t.Fatalf("Parse(%q) kept an empty resource %v", s, r[i])
			}
		}
	})
}
