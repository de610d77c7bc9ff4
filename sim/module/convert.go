package module

import (
	"fmt"

	"google.golang.org/protobuf/proto"
)

// convert re-parses src as dst: v1 and unversioned Mesos messages share
// their field numbers (AgentID is SlaveID on the wire). A nil src gives a
// nil result.
func convert[T proto.Message](src proto.Message, dst T) (T, error) {
	var zero T
	if src == nil || !src.ProtoReflect().IsValid() {
		return zero, nil
	}
	b, err := proto.MarshalOptions{AllowPartial: true}.Marshal(src)
	if err != nil {
		return zero, fmt.Errorf("%w: %w", ErrConvert, err)
	}
	if err := (proto.UnmarshalOptions{AllowPartial: true}).Unmarshal(b, dst); err != nil {
		return zero, fmt.Errorf("%w: %w", ErrConvert, err)
	}
	return dst, nil
}

// convertAll converts each element of src with newDst.
func convertAll[S proto.Message, T proto.Message](src []S, newDst func() T) ([]T, error) {
	out := make([]T, 0, len(src))
	for _, s := range src {
		t, err := convert(s, newDst())
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}
