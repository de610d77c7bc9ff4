package bridgev1

import (
	"errors"
	"fmt"

	"google.golang.org/protobuf/reflect/protoreflect"
)

// Sentinel errors of Validate.
var (
	// ErrUnknownType reports a call type this protocol version lacks.
	ErrUnknownType = errors.New("bridge: unknown call type")
	// ErrPayload reports a payload that does not match the call type.
	ErrPayload = errors.New("bridge: payload does not match call type")
)

// Kind classifies calls by how the engine answers them.
type Kind int

// The kinds of call.
const (
	// KindInvalid is the kind of UNKNOWN and of undefined types.
	KindInvalid Kind = iota
	// KindSubscribe opens the event stream.
	KindSubscribe
	// KindOneWay is a void allocator method: 202 once journaled.
	KindOneWay
	// KindRequest is an allocator method with a result: 200 with it.
	KindRequest
	// KindHook is a hook or isolator call: 200 within its deadline.
	KindHook
)

func (k Kind) String() string {
	switch k {
	case KindSubscribe:
		return "subscribe"
	case KindOneWay:
		return "one-way"
	case KindRequest:
		return "request"
	case KindHook:
		return "hook"
	default:
		return "invalid"
	}
}

// KindOf tells how calls of type t are answered.
func KindOf(t Call_Type) Kind {
	switch {
	case t == Call_SUBSCRIBE:
		return KindSubscribe
	case t == Call_UPDATE_AVAILABLE || t == Call_GET_INVERSE_OFFER_STATUSES:
		return KindRequest
	case t >= Call_INITIALIZE && t <= Call_RESUME:
		return KindOneWay
	case t >= Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR && t <= Call_SLAVE_ATTRIBUTES_DECORATOR,
		t == Call_ISOLATOR_PREPARE || t == Call_ISOLATOR_CLEANUP:
		if _, ok := Call_Type_name[int32(t)]; ok {
			return KindHook
		}
	}
	return KindInvalid
}

// PayloadField is the payload field that calls of type t carry, or nil for
// types without a payload (and for unknown types).
func PayloadField(t Call_Type) protoreflect.FieldDescriptor {
	return (&Call{}).ProtoReflect().Descriptor().Fields().ByNumber(protoreflect.FieldNumber(t))
}

// Validate checks that c names a known type and carries exactly the
// payload that type needs. It does not look inside the payload.
func Validate(c *Call) error {
	t := c.GetType()
	if KindOf(t) == KindInvalid {
		return fmt.Errorf("%w: %d (%s)", ErrUnknownType, int32(t), t)
	}
	want := PayloadField(t)
	m := c.ProtoReflect()
	got := m.WhichOneof(m.Descriptor().Oneofs().ByName("payload"))
	switch {
	case want == nil && got != nil:
		return fmt.Errorf("%w: %s takes no payload, got %q", ErrPayload, t, got.Name())
	case want != nil && got == nil:
		return fmt.Errorf("%w: %s needs field %q", ErrPayload, t, want.Name())
	case want != nil && got.Number() != want.Number():
		return fmt.Errorf("%w: %s needs field %q, got %q", ErrPayload, t, want.Name(), got.Name())
	}
	return nil
}
