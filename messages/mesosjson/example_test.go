package mesosjson_test

import (
	"fmt"

	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/messages/mesosjson"
)

// A scheduler SUBSCRIBE call as a Mesos master reads it. Unset fields with a
// default (failover_timeout, checkpoint) are written with that default, as
// Mesos does; the deprecated "role" is not.
func Example() {
	call := &schedulerv1.Call{
		Type: schedulerv1.Call_SUBSCRIBE.Enum(),
		Subscribe: &schedulerv1.Call_Subscribe{
			FrameworkInfo: &mesosv1.FrameworkInfo{
				User:  proto.String("root"),
				Name:  proto.String("café"),
				Roles: []string{"web"},
				Capabilities: []*mesosv1.FrameworkInfo_Capability{
					{Type: mesosv1.FrameworkInfo_Capability_MULTI_ROLE.Enum()},
				},
			},
		},
	}
	b, err := mesosjson.Marshal(call)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(b))

	// Reading is tolerant: unknown keys are ignored, null is unset, and
	// numbers may be strings.
	var info mesosv1.FrameworkInfo
	err = mesosjson.Unmarshal([]byte(`{"user":"u","name":"n","failover_timeout":"604800","webui_url":null,"future_field":1}`), &info)
	fmt.Println(info.GetFailoverTimeout(), info.WebuiUrl == nil, err)
	// Output:
	// {"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"root","name":"caf\u00e9","failover_timeout":0.0,"checkpoint":false,"roles":["web"],"capabilities":[{"type":"MULTI_ROLE"}]}}}
	// 604800 true <nil>
}
