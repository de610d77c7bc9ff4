package supervisor

import (
	"slices"
	"testing"
	"time"
)

// TestCountChildren is OTP's count_children.
func TestCountChildren(t *testing.T) {
	sys, w := newSystem(t), newWorld()
	inner := Spec{Children: []ChildSpec{w.spec("leaf", Permanent)}}
	h := startSup(t, sys, Spec{Children: []ChildSpec{
		w.spec("w1", Permanent), w.spec("w2", Permanent), inner.ChildSpec("s1"), w.spec("tr", Transient),
	}})
	for _, tc := range []struct {
		name string
		act  func()
		want Counts
	}{
		{"all running", func() {}, Counts{Specs: 4, Active: 4, Supervisors: 1, Workers: 3}},
		{"transient exited normally", func() {
			sys.Root.Send(childPID(t, h, "tr"), &stopSelf{})
			eventually(t, func() bool { ci, _ := childInfo(t, h, "tr"); return ci.Status == Stopped }, "tr stopped")
		}, Counts{Specs: 4, Active: 3, Supervisors: 1, Workers: 3}},
		{"supervisor terminated", func() {
			if err := h.TerminateChild("s1"); err != nil {
				t.Fatal(err)
			}
		}, Counts{Specs: 4, Active: 2, Supervisors: 1, Workers: 3}},
		{"worker deleted", func() {
			if err := h.DeleteChild("tr"); err != nil {
				t.Fatal(err)
			}
		}, Counts{Specs: 3, Active: 2, Supervisors: 1, Workers: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.act()
			n, err := h.CountChildren()
			if err != nil {
				t.Fatal(err)
			}
			if n != tc.want {
				t.Fatalf("counts %+v, want %+v", n, tc.want)
			}
		})
	}
}

// TestWhichChildren is OTP's which_children.
func TestWhichChildren(t *testing.T) {
	sys, w := newSystem(t), newWorld()
	inner := Spec{Children: []ChildSpec{w.spec("leaf", Permanent)}}
	h := startSup(t, sys, Spec{Children: []ChildSpec{w.spec("a", Transient), inner.ChildSpec("sup"), w.spec("b", Temporary)}, Options: []Option{hour}})
	sys.Root.Send(childPID(t, h, "a"), &crashMsg{})
	eventually(t, func() bool { ci, _ := childInfo(t, h, "a"); return ci.Restarts == 1 }, "a restarted")
	cs, err := h.WhichChildren()
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		ID       string
		Type     ChildType
		Restart  RestartType
		Status   Status
		Restarts int
		HasPID   bool
	}
	var got []row
	for _, c := range cs {
		got = append(got, row{c.ID, c.Type, c.Restart, c.Status, c.Restarts, c.PID != nil})
		if c.PID != nil && c.PID.Id != h.PID().Id+"/"+c.ID {
			t.Fatalf("PID %v for %s", c.PID, c.ID)
		}
	}
	want := []row{
		{"a", Worker, Transient, Running, 1, true},
		{"sup", Supervisor, Permanent, Running, 0, true},
		{"b", Worker, Temporary, Running, 0, true},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("which children\n got %+v\nwant %+v", got, want)
	}
}

// TestOrderOfChildren is OTP's order_of_children: children start in spec
// order, a rest_for_one restart stops the later ones in reverse order and
// starts them in order, and the supervisor stops all in reverse order.
func TestOrderOfChildren(t *testing.T) {
	sys, w := newSystem(t), newWorld()
	ids := []string{"ch7", "ch3", "ch10", "ch2", "ch5"} // not sorted on purpose
	var specs []ChildSpec
	for _, id := range ids {
		specs = append(specs, w.spec(id, Permanent))
	}
	h, err := Start(sys, "", Spec{Strategy: RestForOne, Children: specs, Options: []Option{WithIntensity(2, time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, want []string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Fatalf("%s: %v, want %v", what, got, want)
		}
	}
	check("start order", filter(w.lines(), "start:"), []string{"start:ch7", "start:ch3", "start:ch10", "start:ch2", "start:ch5"})

	mark := len(w.lines())
	sys.Root.Send(childPID(t, h, "ch10"), &crashMsg{})
	eventually(t, func() bool { ci, _ := childInfo(t, h, "ch5"); return ci.Restarts == 1 && ci.Status == Running }, "restarted")
	check("restart", filter(w.lines()[mark:], "stop:", "start:"), []string{"stop:ch5", "stop:ch2", "start:ch10", "start:ch2", "start:ch5"})

	cs, _ := h.WhichChildren()
	var order []string
	for _, c := range cs {
		order = append(order, c.ID)
	}
	check("which children order", order, ids)

	mark = len(w.lines())
	_ = h.Stop()
	check("stop order", filter(w.lines()[mark:], "stop:"), []string{"stop:ch5", "stop:ch2", "stop:ch10", "stop:ch3", "stop:ch7"})
}
