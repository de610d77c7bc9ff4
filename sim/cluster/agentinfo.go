package cluster

import (
	"fmt"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/resources"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// agentInfo builds the AgentInfo of agent i.
func agentInfo(masterID string, i int, res, attrs string) (*mesosv1.AgentInfo, error) {
	rs, err := parseResources(res)
	if err != nil {
		return nil, err
	}
	as, err := parseAttributes(attrs)
	if err != nil {
		return nil, err
	}
	as = append(as, textAttribute("sim_agent", fmt.Sprint(i)))
	return &mesosv1.AgentInfo{
		Id:         &mesosv1.AgentID{Value: proto.String(fmt.Sprintf("%s-S%d", masterID, i))},
		Hostname:   proto.String("127.0.0.1"),
		Port:       proto.Int32(5051),
		Resources:  rs,
		Attributes: as,
	}, nil
}

// parseResources reads Mesos's resource syntax into v1 resources.
func parseResources(text string) ([]*mesosv1.Resource, error) {
	parsed, err := resources.Parse(text, "*")
	if err != nil {
		return nil, fmt.Errorf("%w: --agent-resources: %w", ErrBadConfig, err)
	}
	var out []*mesosv1.Resource
	for _, r := range parsed.ToProto() {
		b, err := proto.Marshal(r)
		if err != nil {
			return nil, fmt.Errorf("%w: --agent-resources: %w", ErrBadConfig, err)
		}
		v := &mesosv1.Resource{}
		if err := proto.Unmarshal(b, v); err != nil {
			return nil, fmt.Errorf("%w: --agent-resources: %w", ErrBadConfig, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// parseAttributes reads "name:value;name:value" as text attributes.
func parseAttributes(text string) ([]*mesosv1.Attribute, error) {
	var out []*mesosv1.Attribute
	for _, part := range strings.Split(text, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, value, ok := strings.Cut(part, ":")
		if !ok || name == "" || value == "" {
			return nil, fmt.Errorf("%w: --agent-attributes: %q is not name:value", ErrBadConfig, part)
		}
		out = append(out, textAttribute(name, value))
	}
	return out, nil
}

func textAttribute(name, value string) *mesosv1.Attribute {
	return &mesosv1.Attribute{Name: proto.String(name), Type: mesosv1.Value_TEXT.Enum(), Text: &mesosv1.Value_Text{Value: proto.String(value)}}
}
