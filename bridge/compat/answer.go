package compat

import (
	"fmt"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/hooks"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// AlligatorAnswer is the response body for an alligator hook event: the
// serialized Labels or Environment the module parses. alligator's module
// has no way to say None, so None is answered with the input's current
// value (the task's labels, the executor's command environment), which
// Mesos applies as no change. SlaveRemoveExecutorHook has no answer (nil).
// An error result is returned as an error.
func AlligatorAnswer(call *bridgev1.Call, res *bridgev1.HookResult) ([]byte, error) {
	if res.GetError() != "" {
		return nil, fmt.Errorf("hook error: %s", res.GetError())
	}
	var m proto.Message
	switch {
	case res.GetLabels() != nil:
		m = res.GetLabels()
	case res.GetEnvironment() != nil:
		m = res.GetEnvironment()
	default:
		m = hooks.Unchanged(call)
	}
	if m == nil {
		return nil, nil
	}
	b, err := proto.MarshalOptions{AllowPartial: true}.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("hook answer: %w", err)
	}
	return b, nil
}
