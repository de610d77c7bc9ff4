package supervisor

import "fmt"

// Strategy is what a supervisor does when a child has to be restarted.
type Strategy int

const (
	// OneForOne restarts only the child that exited (the default).
	OneForOne Strategy = iota
	// OneForAll terminates all other children (in reverse start order),
	// then restarts all of them in start order.
	OneForAll
	// RestForOne terminates the children started after the one that
	// exited (in reverse start order), then restarts it and them in start
	// order.
	RestForOne
	// SimpleOneForOne is OneForOne for dynamic children that all come from
	// one template spec. They are started with Handle.StartChild(id) and
	// terminated in parallel when the supervisor shuts down.
	SimpleOneForOne
)

// String implements fmt.Stringer with OTP's names.
func (s Strategy) String() string {
	switch s {
	case OneForOne:
		return "one_for_one"
	case OneForAll:
		return "one_for_all"
	case RestForOne:
		return "rest_for_one"
	case SimpleOneForOne:
		return "simple_one_for_one"
	}
	return fmt.Sprintf("Strategy(%d)", int(s))
}

// group returns, in start order, the children that a restart of c
// involves: c alone, all children, or c and those after it.
func (s *supervisor) group(c *child) []*child {
	switch s.strategy {
	case OneForAll:
		return append([]*child(nil), s.children...)
	case RestForOne:
		for i, x := range s.children {
			if x == c {
				return append([]*child(nil), s.children[i:]...)
			}
		}
	}
	return []*child{c}
}
