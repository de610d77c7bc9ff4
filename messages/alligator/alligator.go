package alligator

import (
	"fmt"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
)

// SlaveResources and FrameworkResources are parts of other messages, never
// sent on their own.
func isPart(name protoreflect.Name) bool {
	return name == "SlaveResources" || name == "FrameworkResources"
}

// New returns a new, empty message for an alligator event type such as
// "AddFramework" or "SlaveRemoveExecutorHook" (the `type` form field).
func New(eventType string) (proto.Message, error) {
	md := File_allocator_allocator_proto.Messages().ByName(protoreflect.Name(eventType))
	if md == nil || isPart(md.Name()) {
		return nil, fmt.Errorf("alligator: unknown event type %q", eventType)
	}
	mt, err := protoregistry.GlobalTypes.FindMessageByName(md.FullName())
	if err != nil {
		return nil, fmt.Errorf("alligator: %s: %w", md.FullName(), err)
	}
	return mt.New().Interface(), nil
}

// EventTypes lists the event types New accepts, in declaration order: 15
// allocator calls followed by 4 hook calls.
func EventTypes() []string {
	msgs := File_allocator_allocator_proto.Messages()
	var names []string
	for i := 0; i < msgs.Len(); i++ {
		if n := msgs.Get(i).Name(); !isPart(n) {
			names = append(names, string(n))
		}
	}
	return names
}
