package resources

import "testing"

// ResourceQuantities semantics (src/tests/resource_quantities_tests.cpp):
// sorted by name, zero entries dropped, subtraction clamps at zero.
func TestQuantities(t *testing.T) {
	q := func(s string) Quantities {
		out, err := ParseQuantities(s)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	tests := []struct {
		name       string
		a, b       Quantities
		plus, diff string
		contains   bool
	}{
		{"disjoint", q("cpus:1"), q("mem:2"), "cpus:1; mem:2", "cpus:1", false},
		{"same", q("cpus:1;mem:2"), q("cpus:0.5"), "cpus:1.5; mem:2", "cpus:0.5; mem:2", true},
		{"clamp", q("cpus:1"), q("cpus:3"), "cpus:4", "{}", false},
		{"empty", nil, q("cpus:1"), "cpus:1", "{}", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Plus(tt.b).String(); got != tt.plus {
				t.Errorf("plus = %s", got)
			}
			if got := tt.a.Minus(tt.b).String(); got != tt.diff {
				t.Errorf("minus = %s", got)
			}
			if got := tt.a.Contains(tt.b); got != tt.contains {
				t.Errorf("contains = %v", got)
			}
		})
	}
	if got := q("cpus:4;mem:2").Min(q("cpus:1;disk:3")).String(); got != "cpus:1" {
		t.Fatalf("Min = %s", got)
	}
	if got := QuantitiesOf(map[string]float64{"mem": 2, "cpus": 1, "gpus": 0}).String(); got != "cpus:1; mem:2" {
		t.Fatalf("QuantitiesOf = %s", got)
	}
}

// ResourceLimits: absent names are unlimited, zero limits exist.
func TestLimits(t *testing.T) {
	l := LimitsOf(map[string]float64{"cpus": 2, "mem": 0})
	tests := []struct {
		q    string
		want bool
	}{
		{"cpus:2", true},
		{"cpus:2.001", false},
		{"mem:1", false},
		{"disk:1000", true},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			q, _ := ParseQuantities(tt.q)
			if got := l.ContainsQuantities(q); got != tt.want {
				t.Fatalf("ContainsQuantities = %v", got)
			}
		})
	}
	q, _ := ParseQuantities("cpus:3;disk:5")
	if got := l.Minus(q).String(); got != "cpus:0; mem:0" {
		t.Fatalf("Minus = %s", got)
	}
}

func TestQuantitiesInPlace(t *testing.T) {
	q := quantitiesOf(t, "cpus:1;mem:2")
	alias := q
	q.Add(quantitiesOf(t, "cpus:1"))
	if q.String() != "cpus:2; mem:2" {
		t.Fatalf("Add = %s", q)
	}
	q.Add(quantitiesOf(t, "disk:3"))
	if q.String() != "cpus:2; disk:3; mem:2" {
		t.Fatalf("Add new name = %s", q)
	}
	q.Sub(quantitiesOf(t, "cpus:5;mem:1"))
	if q.String() != "disk:3; mem:1" {
		t.Fatalf("Sub = %s", q)
	}
	_ = alias
	p := quantitiesOf(t, "cpus:1")
	r := p.Plus(nil)
	r.Add(quantitiesOf(t, "cpus:1"))
	if p.String() != "cpus:1" {
		t.Fatalf("Plus aliased its receiver: %s", p)
	}
}

func quantitiesOf(t *testing.T, s string) Quantities {
	t.Helper()
	q, err := ParseQuantities(s)
	if err != nil {
		t.Fatal(err)
	}
	return q
}
