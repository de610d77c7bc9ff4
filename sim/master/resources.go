package master

import (
	"fmt"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/resources"
	"github.com/mactor/mactor/messages/mesos"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// minus returns have − used. The v1 and unversioned Resource messages share
// their field numbers, so they convert by re-parsing, as Mesos does.
// Allocation info is dropped for the arithmetic and set again on the result.
func minus(have, used []*mesosv1.Resource, role string) ([]*mesosv1.Resource, error) {
	h, err := toInternal(have)
	if err != nil {
		return nil, err
	}
	u, err := toInternal(used)
	if err != nil {
		return nil, err
	}
	var out []*mesosv1.Resource
	for _, r := range h.Minus(u).ToProto() {
		v := &mesosv1.Resource{}
		b, err := proto.Marshal(r)
		if err != nil {
			return nil, fmt.Errorf("master: resources: %w", err)
		}
		if err := proto.Unmarshal(b, v); err != nil {
			return nil, fmt.Errorf("master: resources: %w", err)
		}
		if role != "" {
			v.AllocationInfo = &mesosv1.Resource_AllocationInfo{Role: proto.String(role)}
		}
		out = append(out, v)
	}
	return out, nil
}

func toInternal(rs []*mesosv1.Resource) (resources.Resources, error) {
	ps := make([]*mesos.Resource, 0, len(rs))
	for _, r := range rs {
		r = proto.Clone(r).(*mesosv1.Resource)
		r.AllocationInfo = nil
		b, err := proto.Marshal(r)
		if err != nil {
			return nil, fmt.Errorf("master: resources: %w", err)
		}
		p := &mesos.Resource{}
		if err := proto.Unmarshal(b, p); err != nil {
			return nil, fmt.Errorf("master: resources: %w", err)
		}
		ps = append(ps, p)
	}
	res, err := resources.FromProto(ps)
	if err != nil {
		return nil, fmt.Errorf("master: resources: %w", err)
	}
	return res, nil
}
