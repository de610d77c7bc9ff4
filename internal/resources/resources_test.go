package resources

import (
	"testing"
)

// Arithmetic cases after Mesos's ResourcesTest (src/tests/resources_tests.cpp):
// resources combine only with the same identity; subtraction drops empty
// and over-subtracted resources; containment respects identity.
func TestResourcesArithmetic(t *testing.T) {
	p := MustParse
	tests := []struct {
		name      string
		a, b      Resources
		sum, diff string
		contains  bool // a contains b
	}{
		{"scalars", p("cpus:2;mem:1024"), p("cpus:1"), "cpus:3; mem:1024", "cpus:1; mem:1024", true},
		{"precision", p("cpus:0.1"), p("cpus:0.2"), "cpus:0.3", "{}", false},
		{"over subtract drops", p("cpus:1"), p("cpus:2"), "cpus:3", "{}", false},
		{"roles do not mix", p("cpus(r):2"), p("cpus:1"), "cpus(reservations: [(STATIC,r)]):2; cpus:1", "cpus(reservations: [(STATIC,r)]):2", false},
		{"static vs dynamic", p("cpus(r):2"), dynamic(p("cpus:1"), "r", ""), "cpus(reservations: [(STATIC,r)]):2; cpus(reservations: [(DYNAMIC,r)]):1", "cpus(reservations: [(STATIC,r)]):2", false},
		{"principal matters", dynamic(p("cpus:2"), "r", "p1"), dynamic(p("cpus:1"), "r", "p2"), "cpus(reservations: [(DYNAMIC,r,p1)]):2; cpus(reservations: [(DYNAMIC,r,p2)]):1", "cpus(reservations: [(DYNAMIC,r,p1)]):2", false},
		{"allocation role", p("cpus:2").Allocate("r"), p("cpus:1"), "cpus(allocated: r):2; cpus:1", "cpus(allocated: r):2", false},
		{"ranges", p("ports:[1-10]"), p("ports:[3-4]"), "ports:[1-10]", "ports:[1-2, 5-10]", true},
		{"sets", p("zones:{a,b,c}"), p("zones:{b}"), "zones:{a, b, c}", "zones:{a, c}", true},
		{"revocable apart", Of(revocable(NewScalar("cpus", 2))), p("cpus:1"), "cpus{REV}:2; cpus:1", "cpus{REV}:2", false},
		{"mount disks never merge", Of(mountDisk("/m", 100)), Of(mountDisk("/m", 100)), "disk[MOUNT]:100; disk[MOUNT]:100", "{}", true},
		{"mount disk not split", Of(mountDisk("/m", 100)), Of(mountDisk("/m", 50)), "disk[MOUNT]:100; disk[MOUNT]:50", "disk[MOUNT]:100", false},
		{"persistent volumes never merge", Of(volume("a", 5, "r", false)), Of(volume("b", 5, "r", false)), "disk(reservations: [(DYNAMIC,r)])[a:data]:5; disk(reservations: [(DYNAMIC,r)])[b:data]:5", "disk(reservations: [(DYNAMIC,r)])[a:data]:5", false},
		{"shared copies", Of(volume("a", 5, "r", true)), Of(volume("a", 5, "r", true)), "disk(reservations: [(DYNAMIC,r)])[a:data]<SHARED>:5<2>", "{}", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Plus(tt.b).String(); got != tt.sum {
				t.Errorf("a+b = %q, want %q", got, tt.sum)
			}
			if got := tt.a.Minus(tt.b).String(); got != tt.diff {
				t.Errorf("a-b = %q, want %q", got, tt.diff)
			}
			if got := tt.a.Contains(tt.b); got != tt.contains {
				t.Errorf("a.Contains(b) = %v, want %v", got, tt.contains)
			}
		})
	}
}

func TestPlusDoesNotAlias(t *testing.T) {
	a := MustParse("cpus:1;mem:2")
	b := a.Plus(MustParse("cpus:1"))
	if a.String() != "cpus:1; mem:2" || b.String() != "cpus:2; mem:2" {
		t.Fatalf("a = %v, b = %v", a, b)
	}
	c := b.Minus(MustParse("mem:2"))
	if b.String() != "cpus:2; mem:2" || c.String() != "cpus:2" {
		t.Fatalf("b = %v, c = %v", b, c)
	}
}

// Mesos's Resources::isAllocatableTo and the reservation helpers.
func TestReservationPredicates(t *testing.T) {
	refined := MustParse("cpus:1").PushReservation(DynamicReservation("a", "")).PushReservation(DynamicReservation("a/b", ""))
	tests := []struct {
		name          string
		r             Resource
		role          string
		allocatableTo bool
		reservedTo    bool
		refined       bool
		dynamic       bool
	}{
		{"unreserved", NewScalar("cpus", 1), "x", true, false, false, false},
		{"own static", MustParse("cpus(x):1")[0], "x", true, true, false, false},
		{"ancestor", MustParse("cpus(a):1")[0], "a/b", true, false, false, false},
		{"descendant", MustParse("cpus(a/b):1")[0], "a", false, false, false, false},
		{"sibling", MustParse("cpus(a/c):1")[0], "a/b", false, false, false, false},
		{"prefix is not ancestor", MustParse("cpus(a):1")[0], "ab", false, false, false, false},
		{"refined", refined[0], "a/b", true, true, true, true},
		{"refined to parent", refined[0], "a", false, false, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			if got := r.IsAllocatableTo(tt.role); got != tt.allocatableTo {
				t.Errorf("IsAllocatableTo(%q) = %v", tt.role, got)
			}
			if got := r.IsReservedTo(tt.role); got != tt.reservedTo {
				t.Errorf("IsReservedTo(%q) = %v", tt.role, got)
			}
			if got := r.HasRefinedReservations(); got != tt.refined {
				t.Errorf("HasRefinedReservations = %v", got)
			}
			if got := r.IsDynamicallyReserved(); got != tt.dynamic {
				t.Errorf("IsDynamicallyReserved = %v", got)
			}
		})
	}
}

func TestFilters(t *testing.T) {
	all := MustParse("cpus:4;cpus(r):2;mem(a):64;ports:[1-3]").Plus(Of(revocable(NewScalar("cpus", 1))))
	tests := []struct {
		name string
		got  Resources
		want string
	}{
		{"scalars", all.Scalars(), "cpus:4; cpus(reservations: [(STATIC,r)]):2; mem(reservations: [(STATIC,a)]):64; cpus{REV}:1"},
		{"unreserved", all.Unreserved(), "cpus:4; ports:[1-3]; cpus{REV}:1"},
		{"reserved", all.Reserved(), "cpus(reservations: [(STATIC,r)]):2; mem(reservations: [(STATIC,a)]):64"},
		{"reserved to r", all.ReservedTo("r"), "cpus(reservations: [(STATIC,r)]):2"},
		{"allocatable to a/x", all.AllocatableTo("a/x"), "cpus:4; mem(reservations: [(STATIC,a)]):64; ports:[1-3]; cpus{REV}:1"},
		{"revocable", all.Revocable(), "cpus{REV}:1"},
		{"non revocable unreserved", all.Unreserved().NonRevocable(), "cpus:4; ports:[1-3]"},
		{"to unreserved", all.ToUnreserved(), "cpus:6; mem:64; ports:[1-3]; cpus{REV}:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got.String() != tt.want {
				t.Fatalf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	if q := all.ScalarQuantities().String(); q != "cpus:7; mem:64" {
		t.Fatalf("ScalarQuantities = %s", q)
	}
	if q := all.Quantities().String(); q != "cpus:7; mem:64; ports:3" {
		t.Fatalf("Quantities = %s", q)
	}
}

func TestAllocations(t *testing.T) {
	r := MustParse("cpus:1").Allocate("a").Plus(MustParse("mem:2").Allocate("b")).Plus(MustParse("cpus:2").Allocate("a"))
	m := r.Allocations()
	if len(m) != 2 || m["a"].String() != "cpus(allocated: a):3" || m["b"].String() != "mem(allocated: b):2" {
		t.Fatalf("Allocations = %v", m)
	}
	if got := r.Unallocate().String(); got != "cpus:3; mem:2" {
		t.Fatalf("Unallocate = %s", got)
	}
	if got := r.AllocationRoles(); len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Fatalf("AllocationRoles = %v", got)
	}
}

func TestReservationStack(t *testing.T) {
	base := MustParse("cpus:2")
	one := base.PushReservation(DynamicReservation("a", "ops"))
	two := one.PushReservation(DynamicReservation("a/b", "ops"))
	if got := two.String(); got != "cpus(reservations: [(DYNAMIC,a,ops),(DYNAMIC,a/b,ops)]):2" {
		t.Fatalf("two = %s", got)
	}
	if !two.PopReservation().Equal(one) || !one.PopReservation().Equal(base) {
		t.Fatalf("pop does not undo push")
	}
	if two[0].ReservationRole() != "a/b" {
		t.Fatalf("reservation role = %s", two[0].ReservationRole())
	}
}

func TestContainsQuantities(t *testing.T) {
	r := MustParse("cpus:0.005;mem:16;ports:[1-5];zones:{a,b}")
	tests := []struct {
		q    string
		want bool
	}{
		{"cpus:0.005", true},
		{"cpus:0.01", false},
		{"mem:16", true},
		{"ports:5", true},
		{"ports:6", false},
		{"zones:2", true},
		{"gpus:1", false},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			q, err := ParseQuantities(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.ContainsQuantities(q); got != tt.want {
				t.Fatalf("ContainsQuantities(%s) = %v", tt.q, got)
			}
		})
	}
}
