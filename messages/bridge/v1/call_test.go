package bridgev1

import (
	"errors"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/mactor/mactor/messages/mesos"
)

// TestEveryTypeHasItsPayload pins the protocol's central rule: the payload
// of a call type is the field with the type's number.
func TestEveryTypeHasItsPayload(t *testing.T) {
	noPayload := map[Call_Type]bool{Call_GET_INVERSE_OFFER_STATUSES: true, Call_PAUSE: true, Call_RESUME: true}
	for num, name := range Call_Type_name {
		typ := Call_Type(num)
		t.Run(name, func(t *testing.T) {
			if typ == Call_UNKNOWN {
				if KindOf(typ) != KindInvalid {
					t.Fatal("UNKNOWN is not invalid")
				}
				return
			}
			if KindOf(typ) == KindInvalid {
				t.Fatalf("type %s has no kind", name)
			}
			f := PayloadField(typ)
			if noPayload[typ] {
				if f != nil {
					t.Fatalf("%s has payload field %s", name, f.Name())
				}
				return
			}
			if f == nil || f.ContainingOneof() == nil || f.ContainingOneof().Name() != "payload" {
				t.Fatalf("%s: no payload field with number %d", name, num)
			}
		})
	}
}

// TestKinds pins how each method of the Mesos interfaces is answered.
func TestKinds(t *testing.T) {
	cases := []struct {
		typ  Call_Type
		kind Kind
	}{
		{Call_SUBSCRIBE, KindSubscribe},
		{Call_ADD_FRAMEWORK, KindOneWay},
		{Call_RECOVER_RESOURCES, KindOneWay},
		{Call_PAUSE, KindOneWay},
		{Call_RESUME, KindOneWay},
		{Call_UPDATE_AVAILABLE, KindRequest},
		{Call_GET_INVERSE_OFFER_STATUSES, KindRequest},
		{Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR, KindHook},
		{Call_SLAVE_ATTRIBUTES_DECORATOR, KindHook},
		{Call_ISOLATOR_PREPARE, KindHook},
		{Call_ISOLATOR_CLEANUP, KindHook},
		{Call_UNKNOWN, KindInvalid},
		{Call_Type(39), KindInvalid},
		{Call_Type(61), KindInvalid},
		{Call_Type(9999), KindInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.typ.String(), func(t *testing.T) {
			if got := KindOf(tc.typ); got != tc.kind {
				t.Fatalf("KindOf(%s) = %s, want %s", tc.typ, got, tc.kind)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	fw := &FrameworkTarget{FrameworkId: &mesos.FrameworkID{Value: ptr("f1")}}
	cases := []struct {
		name string
		call *Call
		want error
	}{
		{"ok one-way", &Call{Type: Call_REMOVE_FRAMEWORK, Payload: &Call_RemoveFramework{RemoveFramework: fw}}, nil},
		{"ok no payload", &Call{Type: Call_PAUSE}, nil},
		{"ok hook", &Call{Type: Call_SLAVE_RESOURCES_DECORATOR, Payload: &Call_SlaveResourcesDecorator{SlaveResourcesDecorator: &Call_SlaveInfoDecorator{}}}, nil},
		{"unknown", &Call{}, ErrUnknownType},
		{"undefined number", &Call{Type: Call_Type(45)}, ErrUnknownType},
		{"missing payload", &Call{Type: Call_ACTIVATE_FRAMEWORK}, ErrPayload},
		{"wrong payload", &Call{Type: Call_ACTIVATE_FRAMEWORK, Payload: &Call_RemoveFramework{RemoveFramework: fw}}, ErrPayload},
		{"payload on PAUSE", &Call{Type: Call_PAUSE, Payload: &Call_RemoveFramework{RemoveFramework: fw}}, ErrPayload},
		{"attributes vs resources", &Call{Type: Call_SLAVE_ATTRIBUTES_DECORATOR, Payload: &Call_SlaveResourcesDecorator{SlaveResourcesDecorator: &Call_SlaveInfoDecorator{}}}, ErrPayload},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.call)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("Validate = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestFieldNumbers pins the envelope; changing one breaks every module.
func TestFieldNumbers(t *testing.T) {
	cases := []struct {
		msg   protoreflect.MessageDescriptor
		field protoreflect.Name
		num   protoreflect.FieldNumber
	}{
		{(&Call{}).ProtoReflect().Descriptor(), "session_id", 1},
		{(&Call{}).ProtoReflect().Descriptor(), "sequence", 2},
		{(&Call{}).ProtoReflect().Descriptor(), "type", 3},
		{(&Response{}).ProtoReflect().Descriptor(), "sequence", 2},
		{(&Response{}).ProtoReflect().Descriptor(), "duplicate", 3},
		{(&Response{}).ProtoReflect().Descriptor(), "hook", 10},
		{(&Event{}).ProtoReflect().Descriptor(), "type", 1},
		{(&Event{}).ProtoReflect().Descriptor(), "sequence", 2},
		{(&Event{}).ProtoReflect().Descriptor(), "offers", 11},
		{(&HookResult{}).ProtoReflect().Descriptor(), "none", 10},
		{(&HookResult{}).ProtoReflect().Descriptor(), "fallback", 12},
	}
	for _, tc := range cases {
		t.Run(string(tc.msg.Name())+"."+string(tc.field), func(t *testing.T) {
			f := tc.msg.Fields().ByName(tc.field)
			if f == nil || f.Number() != tc.num {
				t.Fatalf("field %s: %v, want number %d", tc.field, f, tc.num)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
