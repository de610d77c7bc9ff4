package wirecompat

import (
	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// Fixtures in mactor's v1 types. Every field set here exists in Mesos 1.4,
// so mesos-go must carry all of it.

var (
	str = proto.String
	f64 = proto.Float64
	u64 = proto.Uint64
	i64 = proto.Int64
	i32 = proto.Int32
	u32 = proto.Uint32
	yes = proto.Bool(true)
	no  = proto.Bool(false)
)

func labels(kv ...string) *mesosv1.Labels {
	l := &mesosv1.Labels{}
	for i := 0; i+1 < len(kv); i += 2 {
		l.Labels = append(l.Labels, &mesosv1.Label{Key: str(kv[i]), Value: str(kv[i+1])})
	}
	return l
}

func frameworkInfo() *mesosv1.FrameworkInfo {
	return &mesosv1.FrameworkInfo{
		User:            str("root"),
		Name:            str("marathon \u00e9\u4e16"),
		Id:              &mesosv1.FrameworkID{Value: str("fw-0001")},
		FailoverTimeout: f64(604800),
		Checkpoint:      yes,
		Roles:           []string{"web", "batch/spark"},
		Hostname:        str("m1.example.org"),
		Principal:       str("ops"),
		WebuiUrl:        str("http://m1.example.org:8080"),
		Capabilities: []*mesosv1.FrameworkInfo_Capability{
			{Type: mesosv1.FrameworkInfo_Capability_MULTI_ROLE.Enum()},
			{Type: mesosv1.FrameworkInfo_Capability_PARTITION_AWARE.Enum()},
			{Type: mesosv1.FrameworkInfo_Capability_TASK_KILLING_STATE.Enum()},
			{Type: mesosv1.FrameworkInfo_Capability_RESERVATION_REFINEMENT.Enum()},
			{Type: mesosv1.FrameworkInfo_Capability_REGION_AWARE.Enum()},
		},
		Labels: labels("team", "infra", "empty", ""),
	}
}

func attributes() []*mesosv1.Attribute {
	return []*mesosv1.Attribute{
		{Name: str("cores"), Type: mesosv1.Value_SCALAR.Enum(), Scalar: &mesosv1.Value_Scalar{Value: f64(48.5)}},
		{Name: str("slots"), Type: mesosv1.Value_RANGES.Enum(), Ranges: &mesosv1.Value_Ranges{Range: []*mesosv1.Value_Range{
			{Begin: u64(1), End: u64(4)}, {Begin: u64(10), End: u64(18446744073709551615)}}}},
		{Name: str("zones"), Type: mesosv1.Value_SET.Enum(), Set: &mesosv1.Value_Set{Item: []string{"a", "b"}}},
		{Name: str("rack"), Type: mesosv1.Value_TEXT.Enum(), Text: &mesosv1.Value_Text{Value: str("r-17")}},
	}
}

// resources has one Resource of each Value type, with reservations, disk
// info, allocation info, revocable and shared markers.
func resources() []*mesosv1.Resource {
	return []*mesosv1.Resource{
		{
			Name: str("cpus"), Type: mesosv1.Value_SCALAR.Enum(), Scalar: &mesosv1.Value_Scalar{Value: f64(2.5)},
			AllocationInfo: &mesosv1.Resource_AllocationInfo{Role: str("web")},
			Reservations: []*mesosv1.Resource_ReservationInfo{
				{Type: mesosv1.Resource_ReservationInfo_STATIC.Enum(), Role: str("web")},
				{Type: mesosv1.Resource_ReservationInfo_DYNAMIC.Enum(), Role: str("web/api"), Principal: str("ops"), Labels: labels("lease", "7d")},
			},
		},
		{
			Name: str("ports"), Type: mesosv1.Value_RANGES.Enum(),
			Ranges: &mesosv1.Value_Ranges{Range: []*mesosv1.Value_Range{{Begin: u64(31000), End: u64(32000)}, {Begin: u64(8080), End: u64(8080)}}},
		},
		{
			Name: str("gpus-models"), Type: mesosv1.Value_SET.Enum(), Set: &mesosv1.Value_Set{Item: []string{"k80", "p100"}},
			Revocable: &mesosv1.Resource_RevocableInfo{},
		},
		{
			Name: str("disk"), Type: mesosv1.Value_SCALAR.Enum(), Scalar: &mesosv1.Value_Scalar{Value: f64(1024)},
			Role:        str("db"),
			Reservation: &mesosv1.Resource_ReservationInfo{Principal: str("ops"), Labels: labels("k", "v")},
			Disk: &mesosv1.Resource_DiskInfo{
				Persistence: &mesosv1.Resource_DiskInfo_Persistence{Id: str("vol-1"), Principal: str("ops")},
				Volume:      &mesosv1.Volume{ContainerPath: str("data"), Mode: mesosv1.Volume_RW.Enum()},
				Source: &mesosv1.Resource_DiskInfo_Source{
					Type:  mesosv1.Resource_DiskInfo_Source_MOUNT.Enum(),
					Mount: &mesosv1.Resource_DiskInfo_Source_Mount{Root: str("/mnt/disk1")},
				},
			},
			Shared: &mesosv1.Resource_SharedInfo{},
		},
		{
			Name: str("scratch"), Type: mesosv1.Value_SCALAR.Enum(), Scalar: &mesosv1.Value_Scalar{Value: f64(0.001)},
			Disk: &mesosv1.Resource_DiskInfo{Source: &mesosv1.Resource_DiskInfo_Source{
				Type: mesosv1.Resource_DiskInfo_Source_PATH.Enum(),
				Path: &mesosv1.Resource_DiskInfo_Source_Path{Root: str("/var/scratch")},
			}},
		},
	}
}

func agentInfo() *mesosv1.AgentInfo {
	return &mesosv1.AgentInfo{
		Hostname:   str("a1.example.org"),
		Port:       i32(5051),
		Resources:  resources()[:2],
		Attributes: attributes(),
		Id:         &mesosv1.AgentID{Value: str("S-0001")},
		Domain: &mesosv1.DomainInfo{FaultDomain: &mesosv1.DomainInfo_FaultDomain{
			Region: &mesosv1.DomainInfo_FaultDomain_RegionInfo{Name: str("eu-west")},
			Zone:   &mesosv1.DomainInfo_FaultDomain_ZoneInfo{Name: str("eu-west-1a")},
		}},
	}
}

func environment() *mesosv1.Environment {
	return &mesosv1.Environment{Variables: []*mesosv1.Environment_Variable{
		{Name: str("PATH"), Value: str("/usr/bin:/bin")},
		{Name: str("EMPTY"), Value: str("")},
		{Name: str("TYPED"), Type: mesosv1.Environment_Variable_VALUE.Enum(), Value: str("x=y")},
	}}
}

func commandInfo() *mesosv1.CommandInfo {
	return &mesosv1.CommandInfo{
		Uris: []*mesosv1.CommandInfo_URI{
			{Value: str("https://example.org/app.tgz"), Extract: yes, Cache: no},
			{Value: str("https://example.org/run.sh"), Executable: yes, Extract: no, OutputFile: str("run")},
		},
		Environment: environment(),
		Shell:       no,
		Value:       str("/bin/app"),
		Arguments:   []string{"app", "--port", "$PORT0", "\"quoted\"\n"},
		User:        str("nobody"),
	}
}

func executorInfo() *mesosv1.ExecutorInfo {
	return &mesosv1.ExecutorInfo{
		Type:                mesosv1.ExecutorInfo_CUSTOM.Enum(),
		ExecutorId:          &mesosv1.ExecutorID{Value: str("exec-1")},
		FrameworkId:         &mesosv1.FrameworkID{Value: str("fw-0001")},
		Command:             commandInfo(),
		Resources:           resources()[:1],
		Name:                str("my executor"),
		Data:                []byte{0, 1, 2, 0xff},
		ShutdownGracePeriod: &mesosv1.DurationInfo{Nanoseconds: i64(5_000_000_000)},
		Labels:              labels("exec", "yes"),
	}
}

func taskInfo() *mesosv1.TaskInfo {
	return &mesosv1.TaskInfo{
		Name:      str("web-1"),
		TaskId:    &mesosv1.TaskID{Value: str("web-1.4f2c")},
		AgentId:   &mesosv1.AgentID{Value: str("S-0001")},
		Resources: resources()[:2],
		Executor:  executorInfo(),
		Data:      []byte("opaque \x00 data"),
		Labels:    labels("canary", "true"),
		HealthCheck: &mesosv1.HealthCheck{
			DelaySeconds: f64(15), IntervalSeconds: f64(10), TimeoutSeconds: f64(20),
			ConsecutiveFailures: u32(3), GracePeriodSeconds: f64(10),
			Type: mesosv1.HealthCheck_HTTP.Enum(),
			Http: &mesosv1.HealthCheck_HTTPCheckInfo{Port: u32(8080), Path: str("/health"), Statuses: []uint32{200, 204}},
		},
		KillPolicy: &mesosv1.KillPolicy{GracePeriod: &mesosv1.DurationInfo{Nanoseconds: i64(-1)}},
	}
}

// commandTaskInfo is a task with a command and no executor.
func commandTaskInfo() *mesosv1.TaskInfo {
	t := taskInfo()
	t.Executor = nil
	t.Command = commandInfo()
	return t
}

func taskStatus() *mesosv1.TaskStatus {
	return &mesosv1.TaskStatus{
		TaskId:     &mesosv1.TaskID{Value: str("web-1.4f2c")},
		State:      mesosv1.TaskState_TASK_RUNNING.Enum(),
		Message:    str("running \u2713"),
		Source:     mesosv1.TaskStatus_SOURCE_EXECUTOR.Enum(),
		Reason:     mesosv1.TaskStatus_REASON_RECONCILIATION.Enum(),
		Data:       []byte{0xde, 0xad},
		AgentId:    &mesosv1.AgentID{Value: str("S-0001")},
		ExecutorId: &mesosv1.ExecutorID{Value: str("exec-1")},
		Timestamp:  f64(1.6e9 + 0.125),
		Uuid:       []byte{0x0f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x69, 0x78, 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0},
		Healthy:    yes,
		Labels:     labels("phase", "warm"),
		ContainerStatus: &mesosv1.ContainerStatus{
			ContainerId: &mesosv1.ContainerID{Value: str("c-1"), Parent: &mesosv1.ContainerID{Value: str("c-0")}},
			ExecutorPid: u32(4242),
		},
		UnreachableTime: &mesosv1.TimeInfo{Nanoseconds: i64(1_600_000_000_123_456_789)},
	}
}

// lostStatus uses the other enums: a terminal state, the master as source
// and an agent-side reason.
func lostStatus() *mesosv1.TaskStatus {
	return &mesosv1.TaskStatus{
		TaskId: &mesosv1.TaskID{Value: str("t-2")},
		State:  mesosv1.TaskState_TASK_UNREACHABLE.Enum(),
		Source: mesosv1.TaskStatus_SOURCE_MASTER.Enum(),
		Reason: mesosv1.TaskStatus_REASON_AGENT_REMOVED.Enum(),
	}
}

func offer() *mesosv1.Offer {
	return &mesosv1.Offer{
		Id:          &mesosv1.OfferID{Value: str("o-1")},
		FrameworkId: &mesosv1.FrameworkID{Value: str("fw-0001")},
		AgentId:     &mesosv1.AgentID{Value: str("S-0001")},
		Hostname:    str("a1.example.org"),
		Url: &mesosv1.URL{
			Scheme:  str("http"),
			Address: &mesosv1.Address{Hostname: str("a1.example.org"), Ip: str("10.0.0.7"), Port: i32(5051)},
			Path:    str("/slave(1)"),
		},
		Domain:         agentInfo().Domain,
		Resources:      resources(),
		Attributes:     attributes(),
		ExecutorIds:    []*mesosv1.ExecutorID{{Value: str("exec-1")}},
		Unavailability: &mesosv1.Unavailability{Start: &mesosv1.TimeInfo{Nanoseconds: i64(1)}, Duration: &mesosv1.DurationInfo{Nanoseconds: i64(3600e9)}},
		AllocationInfo: &mesosv1.Resource_AllocationInfo{Role: str("web")},
	}
}

func fwID() *mesosv1.FrameworkID { return &mesosv1.FrameworkID{Value: str("fw-0001")} }

func subscribeCall() *schedulerv1.Call {
	fi := frameworkInfo()
	return &schedulerv1.Call{
		FrameworkId: fi.Id,
		Type:        schedulerv1.Call_SUBSCRIBE.Enum(),
		Subscribe:   &schedulerv1.Call_Subscribe{FrameworkInfo: fi, SuppressedRoles: []string{"batch/spark"}},
	}
}

func acceptCall() *schedulerv1.Call {
	return &schedulerv1.Call{
		FrameworkId: fwID(),
		Type:        schedulerv1.Call_ACCEPT.Enum(),
		Accept: &schedulerv1.Call_Accept{
			OfferIds: []*mesosv1.OfferID{{Value: str("o-1")}, {Value: str("o-2")}},
			Operations: []*mesosv1.Offer_Operation{
				{Type: mesosv1.Offer_Operation_LAUNCH.Enum(), Launch: &mesosv1.Offer_Operation_Launch{TaskInfos: []*mesosv1.TaskInfo{taskInfo(), commandTaskInfo()}}},
				{Type: mesosv1.Offer_Operation_RESERVE.Enum(), Reserve: &mesosv1.Offer_Operation_Reserve{Resources: resources()[:1]}},
				{Type: mesosv1.Offer_Operation_CREATE.Enum(), Create: &mesosv1.Offer_Operation_Create{Volumes: resources()[3:4]}},
				{Type: mesosv1.Offer_Operation_LAUNCH_GROUP.Enum(), LaunchGroup: &mesosv1.Offer_Operation_LaunchGroup{
					Executor:  executorInfo(),
					TaskGroup: &mesosv1.TaskGroupInfo{Tasks: []*mesosv1.TaskInfo{commandTaskInfo()}},
				}},
			},
			Filters: &mesosv1.Filters{RefuseSeconds: f64(30)},
		},
	}
}

func declineCall() *schedulerv1.Call {
	return &schedulerv1.Call{
		FrameworkId: fwID(),
		Type:        schedulerv1.Call_DECLINE.Enum(),
		Decline: &schedulerv1.Call_Decline{
			OfferIds: []*mesosv1.OfferID{{Value: str("o-3")}},
			Filters:  &mesosv1.Filters{RefuseSeconds: f64(3600.5)},
		},
	}
}

func acknowledgeCall() *schedulerv1.Call {
	return &schedulerv1.Call{
		FrameworkId: fwID(),
		Type:        schedulerv1.Call_ACKNOWLEDGE.Enum(),
		Acknowledge: &schedulerv1.Call_Acknowledge{
			AgentId: &mesosv1.AgentID{Value: str("S-0001")},
			TaskId:  &mesosv1.TaskID{Value: str("web-1.4f2c")},
			Uuid:    taskStatus().Uuid,
		},
	}
}

func subscribedEvent() *schedulerv1.Event {
	return &schedulerv1.Event{
		Type: schedulerv1.Event_SUBSCRIBED.Enum(),
		Subscribed: &schedulerv1.Event_Subscribed{
			FrameworkId:              fwID(),
			HeartbeatIntervalSeconds: f64(15),
			MasterInfo: &mesosv1.MasterInfo{
				Id: str("m-1"), Ip: u32(0x0700000a), Port: u32(5050), Pid: str("master@10.0.0.7:5050"),
				Hostname: str("m1.example.org"), Version: str("1.11.0"),
				Address: &mesosv1.Address{Hostname: str("m1.example.org"), Ip: str("10.0.0.7"), Port: i32(5050)},
				Domain:  agentInfo().Domain,
			},
		},
	}
}

func offersEvent() *schedulerv1.Event {
	o2 := offer()
	o2.Id = &mesosv1.OfferID{Value: str("o-2")}
	o2.Resources = o2.Resources[1:2]
	o2.Url, o2.Unavailability, o2.Domain = nil, nil, nil
	return &schedulerv1.Event{
		Type:   schedulerv1.Event_OFFERS.Enum(),
		Offers: &schedulerv1.Event_Offers{Offers: []*mesosv1.Offer{offer(), o2}},
	}
}

func updateEvent() *schedulerv1.Event {
	return &schedulerv1.Event{
		Type:   schedulerv1.Event_UPDATE.Enum(),
		Update: &schedulerv1.Event_Update{Status: taskStatus()},
	}
}

// fixture is one message to carry across: ours, and a constructor for the
// matching mesos-go type.
type fixture struct {
	name string
	msg  proto.Message
}

func v1Fixtures() []fixture {
	return []fixture{
		{"FrameworkInfo", frameworkInfo()},
		{"AgentInfo", agentInfo()},
		{"Resource/scalar+reservations", resources()[0]},
		{"Resource/ranges", resources()[1]},
		{"Resource/set+revocable", resources()[2]},
		{"Resource/disk+legacy-reservation+shared", resources()[3]},
		{"Resource/disk-path", resources()[4]},
		{"Attribute/text", attributes()[3]},
		{"Offer", offer()},
		{"TaskInfo/executor", taskInfo()},
		{"TaskInfo/command", commandTaskInfo()},
		{"TaskStatus/running", taskStatus()},
		{"TaskStatus/unreachable", lostStatus()},
		{"Labels", labels("a", "1", "b", "", "c\u00ff", "\x00")},
		{"Environment", environment()},
		{"ExecutorInfo", executorInfo()},
		{"Call/SUBSCRIBE", subscribeCall()},
		{"Call/ACCEPT", acceptCall()},
		{"Call/DECLINE", declineCall()},
		{"Call/ACKNOWLEDGE", acknowledgeCall()},
		{"Event/SUBSCRIBED", subscribedEvent()},
		{"Event/OFFERS", offersEvent()},
		{"Event/UPDATE", updateEvent()},
		{"Event/HEARTBEAT", &schedulerv1.Event{Type: schedulerv1.Event_HEARTBEAT.Enum()}},
	}
}
