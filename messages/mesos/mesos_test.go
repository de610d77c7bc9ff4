package mesos_test

import (
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/mactor/mactor/messages/mesos"
	"github.com/mactor/mactor/messages/mesos/internal/schematest"
)

// Local row types keep the table literals below local to this package.
type (
	fieldPin   schematest.Field
	enumPin    schematest.EnumValue
	defaultPin schematest.Default
)

const (
	req = protoreflect.Required
	opt = protoreflect.Optional
	rep = protoreflect.Repeated

	kBool    = protoreflect.BoolKind
	kInt32   = protoreflect.Int32Kind
	kInt64   = protoreflect.Int64Kind
	kUint32  = protoreflect.Uint32Kind
	kUint64  = protoreflect.Uint64Kind
	kDouble  = protoreflect.DoubleKind
	kString  = protoreflect.StringKind
	kBytes   = protoreflect.BytesKind
	kEnum    = protoreflect.EnumKind
	kMessage = protoreflect.MessageKind
)

// fieldPins lists, per message, every field of the unversioned messages with
// its Mesos 1.11 number, kind, label and type (nested messages of the first
// six included). Note the pre-v1 names: SlaveID, slave_id, SlaveInfo and
// SlaveInfo.checkpoint = 7, which v1 AgentInfo does not have.
var fieldPins = []fieldPin{
	{"mesos.FrameworkInfo", "user", 1, kString, req, ""},
	{"mesos.FrameworkInfo", "name", 2, kString, req, ""},
	{"mesos.FrameworkInfo", "id", 3, kMessage, opt, "mesos.FrameworkID"},
	{"mesos.FrameworkInfo", "failover_timeout", 4, kDouble, opt, ""},
	{"mesos.FrameworkInfo", "checkpoint", 5, kBool, opt, ""},
	{"mesos.FrameworkInfo", "role", 6, kString, opt, ""},
	{"mesos.FrameworkInfo", "roles", 12, kString, rep, ""},
	{"mesos.FrameworkInfo", "hostname", 7, kString, opt, ""},
	{"mesos.FrameworkInfo", "principal", 8, kString, opt, ""},
	{"mesos.FrameworkInfo", "webui_url", 9, kString, opt, ""},
	{"mesos.FrameworkInfo", "capabilities", 10, kMessage, rep, "mesos.FrameworkInfo.Capability"},
	{"mesos.FrameworkInfo", "labels", 11, kMessage, opt, "mesos.Labels"},
	{"mesos.FrameworkInfo", "offer_filters", 13, kMessage, rep, "map<string, mesos.OfferFilters>"},
	{"mesos.FrameworkInfo.Capability", "type", 1, kEnum, opt, "mesos.FrameworkInfo.Capability.Type"},
	{"mesos.SlaveInfo", "hostname", 1, kString, req, ""},
	{"mesos.SlaveInfo", "port", 8, kInt32, opt, ""},
	{"mesos.SlaveInfo", "resources", 3, kMessage, rep, "mesos.Resource"},
	{"mesos.SlaveInfo", "attributes", 5, kMessage, rep, "mesos.Attribute"},
	{"mesos.SlaveInfo", "id", 6, kMessage, opt, "mesos.SlaveID"},
	{"mesos.SlaveInfo", "domain", 10, kMessage, opt, "mesos.DomainInfo"},
	{"mesos.SlaveInfo", "checkpoint", 7, kBool, opt, ""},
	{"mesos.SlaveInfo.Capability", "type", 1, kEnum, opt, "mesos.SlaveInfo.Capability.Type"},
	{"mesos.Resource", "provider_id", 12, kMessage, opt, "mesos.ResourceProviderID"},
	{"mesos.Resource", "name", 1, kString, req, ""},
	{"mesos.Resource", "type", 2, kEnum, req, "mesos.Value.Type"},
	{"mesos.Resource", "scalar", 3, kMessage, opt, "mesos.Value.Scalar"},
	{"mesos.Resource", "ranges", 4, kMessage, opt, "mesos.Value.Ranges"},
	{"mesos.Resource", "set", 5, kMessage, opt, "mesos.Value.Set"},
	{"mesos.Resource", "role", 6, kString, opt, ""},
	{"mesos.Resource", "allocation_info", 11, kMessage, opt, "mesos.Resource.AllocationInfo"},
	{"mesos.Resource", "reservation", 8, kMessage, opt, "mesos.Resource.ReservationInfo"},
	{"mesos.Resource", "reservations", 13, kMessage, rep, "mesos.Resource.ReservationInfo"},
	{"mesos.Resource", "disk", 7, kMessage, opt, "mesos.Resource.DiskInfo"},
	{"mesos.Resource", "revocable", 9, kMessage, opt, "mesos.Resource.RevocableInfo"},
	{"mesos.Resource", "shared", 10, kMessage, opt, "mesos.Resource.SharedInfo"},
	{"mesos.Resource.AllocationInfo", "role", 1, kString, opt, ""},
	{"mesos.Resource.ReservationInfo", "type", 4, kEnum, opt, "mesos.Resource.ReservationInfo.Type"},
	{"mesos.Resource.ReservationInfo", "role", 3, kString, opt, ""},
	{"mesos.Resource.ReservationInfo", "principal", 1, kString, opt, ""},
	{"mesos.Resource.ReservationInfo", "labels", 2, kMessage, opt, "mesos.Labels"},
	{"mesos.Resource.DiskInfo", "persistence", 1, kMessage, opt, "mesos.Resource.DiskInfo.Persistence"},
	{"mesos.Resource.DiskInfo", "volume", 2, kMessage, opt, "mesos.Volume"},
	{"mesos.Resource.DiskInfo", "source", 3, kMessage, opt, "mesos.Resource.DiskInfo.Source"},
	{"mesos.Resource.DiskInfo.Persistence", "id", 1, kString, req, ""},
	{"mesos.Resource.DiskInfo.Persistence", "principal", 2, kString, opt, ""},
	{"mesos.Resource.DiskInfo.Source", "type", 1, kEnum, req, "mesos.Resource.DiskInfo.Source.Type"},
	{"mesos.Resource.DiskInfo.Source", "path", 2, kMessage, opt, "mesos.Resource.DiskInfo.Source.Path"},
	{"mesos.Resource.DiskInfo.Source", "mount", 3, kMessage, opt, "mesos.Resource.DiskInfo.Source.Mount"},
	{"mesos.Resource.DiskInfo.Source", "vendor", 7, kString, opt, ""},
	{"mesos.Resource.DiskInfo.Source", "id", 4, kString, opt, ""},
	{"mesos.Resource.DiskInfo.Source", "metadata", 5, kMessage, opt, "mesos.Labels"},
	{"mesos.Resource.DiskInfo.Source", "profile", 6, kString, opt, ""},
	{"mesos.Resource.DiskInfo.Source.Path", "root", 1, kString, opt, ""},
	{"mesos.Resource.DiskInfo.Source.Mount", "root", 1, kString, opt, ""},
	{"mesos.Offer", "id", 1, kMessage, req, "mesos.OfferID"},
	{"mesos.Offer", "framework_id", 2, kMessage, req, "mesos.FrameworkID"},
	{"mesos.Offer", "slave_id", 3, kMessage, req, "mesos.SlaveID"},
	{"mesos.Offer", "hostname", 4, kString, req, ""},
	{"mesos.Offer", "url", 8, kMessage, opt, "mesos.URL"},
	{"mesos.Offer", "domain", 11, kMessage, opt, "mesos.DomainInfo"},
	{"mesos.Offer", "resources", 5, kMessage, rep, "mesos.Resource"},
	{"mesos.Offer", "attributes", 7, kMessage, rep, "mesos.Attribute"},
	{"mesos.Offer", "executor_ids", 6, kMessage, rep, "mesos.ExecutorID"},
	{"mesos.Offer", "unavailability", 9, kMessage, opt, "mesos.Unavailability"},
	{"mesos.Offer", "allocation_info", 10, kMessage, opt, "mesos.Resource.AllocationInfo"},
	{"mesos.Offer.Operation", "type", 1, kEnum, opt, "mesos.Offer.Operation.Type"},
	{"mesos.Offer.Operation", "id", 12, kMessage, opt, "mesos.OperationID"},
	{"mesos.Offer.Operation", "launch", 2, kMessage, opt, "mesos.Offer.Operation.Launch"},
	{"mesos.Offer.Operation", "launch_group", 7, kMessage, opt, "mesos.Offer.Operation.LaunchGroup"},
	{"mesos.Offer.Operation", "reserve", 3, kMessage, opt, "mesos.Offer.Operation.Reserve"},
	{"mesos.Offer.Operation", "unreserve", 4, kMessage, opt, "mesos.Offer.Operation.Unreserve"},
	{"mesos.Offer.Operation", "create", 5, kMessage, opt, "mesos.Offer.Operation.Create"},
	{"mesos.Offer.Operation", "destroy", 6, kMessage, opt, "mesos.Offer.Operation.Destroy"},
	{"mesos.Offer.Operation", "grow_volume", 13, kMessage, opt, "mesos.Offer.Operation.GrowVolume"},
	{"mesos.Offer.Operation", "shrink_volume", 14, kMessage, opt, "mesos.Offer.Operation.ShrinkVolume"},
	{"mesos.Offer.Operation", "create_disk", 15, kMessage, opt, "mesos.Offer.Operation.CreateDisk"},
	{"mesos.Offer.Operation", "destroy_disk", 16, kMessage, opt, "mesos.Offer.Operation.DestroyDisk"},
	{"mesos.Offer.Operation.Launch", "task_infos", 1, kMessage, rep, "mesos.TaskInfo"},
	{"mesos.Offer.Operation.LaunchGroup", "executor", 1, kMessage, req, "mesos.ExecutorInfo"},
	{"mesos.Offer.Operation.LaunchGroup", "task_group", 2, kMessage, req, "mesos.TaskGroupInfo"},
	{"mesos.Offer.Operation.Reserve", "source", 2, kMessage, rep, "mesos.Resource"},
	{"mesos.Offer.Operation.Reserve", "resources", 1, kMessage, rep, "mesos.Resource"},
	{"mesos.Offer.Operation.Unreserve", "resources", 1, kMessage, rep, "mesos.Resource"},
	{"mesos.Offer.Operation.Create", "volumes", 1, kMessage, rep, "mesos.Resource"},
	{"mesos.Offer.Operation.Destroy", "volumes", 1, kMessage, rep, "mesos.Resource"},
	{"mesos.Offer.Operation.GrowVolume", "volume", 1, kMessage, req, "mesos.Resource"},
	{"mesos.Offer.Operation.GrowVolume", "addition", 2, kMessage, req, "mesos.Resource"},
	{"mesos.Offer.Operation.ShrinkVolume", "volume", 1, kMessage, req, "mesos.Resource"},
	{"mesos.Offer.Operation.ShrinkVolume", "subtract", 2, kMessage, req, "mesos.Value.Scalar"},
	{"mesos.Offer.Operation.CreateDisk", "source", 1, kMessage, req, "mesos.Resource"},
	{"mesos.Offer.Operation.CreateDisk", "target_type", 2, kEnum, req, "mesos.Resource.DiskInfo.Source.Type"},
	{"mesos.Offer.Operation.CreateDisk", "target_profile", 3, kString, opt, ""},
	{"mesos.Offer.Operation.DestroyDisk", "source", 1, kMessage, req, "mesos.Resource"},
	{"mesos.TaskInfo", "name", 1, kString, req, ""},
	{"mesos.TaskInfo", "task_id", 2, kMessage, req, "mesos.TaskID"},
	{"mesos.TaskInfo", "slave_id", 3, kMessage, req, "mesos.SlaveID"},
	{"mesos.TaskInfo", "resources", 4, kMessage, rep, "mesos.Resource"},
	{"mesos.TaskInfo", "executor", 5, kMessage, opt, "mesos.ExecutorInfo"},
	{"mesos.TaskInfo", "command", 7, kMessage, opt, "mesos.CommandInfo"},
	{"mesos.TaskInfo", "container", 9, kMessage, opt, "mesos.ContainerInfo"},
	{"mesos.TaskInfo", "health_check", 8, kMessage, opt, "mesos.HealthCheck"},
	{"mesos.TaskInfo", "check", 13, kMessage, opt, "mesos.CheckInfo"},
	{"mesos.TaskInfo", "kill_policy", 12, kMessage, opt, "mesos.KillPolicy"},
	{"mesos.TaskInfo", "data", 6, kBytes, opt, ""},
	{"mesos.TaskInfo", "labels", 10, kMessage, opt, "mesos.Labels"},
	{"mesos.TaskInfo", "discovery", 11, kMessage, opt, "mesos.DiscoveryInfo"},
	{"mesos.TaskInfo", "max_completion_time", 14, kMessage, opt, "mesos.DurationInfo"},
	{"mesos.TaskInfo", "limits", 15, kMessage, rep, "map<string, mesos.Value.Scalar>"},
	{"mesos.TaskStatus", "task_id", 1, kMessage, req, "mesos.TaskID"},
	{"mesos.TaskStatus", "state", 2, kEnum, req, "mesos.TaskState"},
	{"mesos.TaskStatus", "message", 4, kString, opt, ""},
	{"mesos.TaskStatus", "source", 9, kEnum, opt, "mesos.TaskStatus.Source"},
	{"mesos.TaskStatus", "reason", 10, kEnum, opt, "mesos.TaskStatus.Reason"},
	{"mesos.TaskStatus", "data", 3, kBytes, opt, ""},
	{"mesos.TaskStatus", "slave_id", 5, kMessage, opt, "mesos.SlaveID"},
	{"mesos.TaskStatus", "executor_id", 7, kMessage, opt, "mesos.ExecutorID"},
	{"mesos.TaskStatus", "timestamp", 6, kDouble, opt, ""},
	{"mesos.TaskStatus", "uuid", 11, kBytes, opt, ""},
	{"mesos.TaskStatus", "healthy", 8, kBool, opt, ""},
	{"mesos.TaskStatus", "check_status", 15, kMessage, opt, "mesos.CheckStatusInfo"},
	{"mesos.TaskStatus", "labels", 12, kMessage, opt, "mesos.Labels"},
	{"mesos.TaskStatus", "container_status", 13, kMessage, opt, "mesos.ContainerStatus"},
	{"mesos.TaskStatus", "unreachable_time", 14, kMessage, opt, "mesos.TimeInfo"},
	{"mesos.TaskStatus", "limitation", 16, kMessage, opt, "mesos.TaskResourceLimitation"},

	// Identifiers and the other messages the allocator and hook interfaces use.
	{"mesos.SlaveID", "value", 1, kString, req, ""},
	{"mesos.FrameworkID", "value", 1, kString, req, ""},
	{"mesos.OfferID", "value", 1, kString, req, ""},
	{"mesos.TaskID", "value", 1, kString, req, ""},
	{"mesos.ExecutorID", "value", 1, kString, req, ""},
	{"mesos.Filters", "refuse_seconds", 1, kDouble, opt, ""},
	{"mesos.Request", "slave_id", 1, kMessage, opt, "mesos.SlaveID"},
	{"mesos.Request", "resources", 2, kMessage, rep, "mesos.Resource"},
	{"mesos.MasterInfo", "id", 1, kString, req, ""},
	{"mesos.MasterInfo", "ip", 2, kUint32, req, ""},
	{"mesos.MasterInfo", "port", 3, kUint32, req, ""},
	{"mesos.MasterInfo", "pid", 4, kString, opt, ""},
	{"mesos.MasterInfo", "hostname", 5, kString, opt, ""},
	{"mesos.MasterInfo", "version", 6, kString, opt, ""},
	{"mesos.MasterInfo", "address", 7, kMessage, opt, "mesos.Address"},
	{"mesos.MasterInfo", "domain", 8, kMessage, opt, "mesos.DomainInfo"},
	{"mesos.MasterInfo", "capabilities", 9, kMessage, rep, "mesos.MasterInfo.Capability"},
	{"mesos.MasterInfo.Capability", "type", 1, kEnum, opt, "mesos.MasterInfo.Capability.Type"},
	{"mesos.Unavailability", "start", 1, kMessage, req, "mesos.TimeInfo"},
	{"mesos.Unavailability", "duration", 2, kMessage, opt, "mesos.DurationInfo"},
	{"mesos.InverseOffer", "id", 1, kMessage, req, "mesos.OfferID"},
	{"mesos.InverseOffer", "url", 2, kMessage, opt, "mesos.URL"},
	{"mesos.InverseOffer", "framework_id", 3, kMessage, req, "mesos.FrameworkID"},
	{"mesos.InverseOffer", "slave_id", 4, kMessage, opt, "mesos.SlaveID"},
	{"mesos.InverseOffer", "unavailability", 5, kMessage, req, "mesos.Unavailability"},
	{"mesos.InverseOffer", "resources", 6, kMessage, rep, "mesos.Resource"},
	{"mesos.Labels", "labels", 1, kMessage, rep, "mesos.Label"},
	{"mesos.Label", "key", 1, kString, req, ""},
	{"mesos.Label", "value", 2, kString, opt, ""},
	{"mesos.Environment", "variables", 1, kMessage, rep, "mesos.Environment.Variable"},
	{"mesos.Environment.Variable", "name", 1, kString, req, ""},
	{"mesos.Environment.Variable", "type", 3, kEnum, opt, "mesos.Environment.Variable.Type"},
	{"mesos.Environment.Variable", "value", 2, kString, opt, ""},
	{"mesos.Environment.Variable", "secret", 4, kMessage, opt, "mesos.Secret"},
	{"mesos.WeightInfo", "weight", 1, kDouble, req, ""},
	{"mesos.WeightInfo", "role", 2, kString, opt, ""},
	{"mesos.TimeInfo", "nanoseconds", 1, kInt64, req, ""},
}

func TestFieldNumbers(t *testing.T) {
	schematest.CheckFields(t, fieldPins)
}

// enumPins pins every value of the enums used on the allocator and hook
// paths. The unversioned names are SOURCE_SLAVE and REASON_SLAVE_*.
var enumPins = []enumPin{
	{"mesos.TaskState", "TASK_STAGING", 6},
	{"mesos.TaskState", "TASK_STARTING", 0},
	{"mesos.TaskState", "TASK_RUNNING", 1},
	{"mesos.TaskState", "TASK_KILLING", 8},
	{"mesos.TaskState", "TASK_FINISHED", 2},
	{"mesos.TaskState", "TASK_FAILED", 3},
	{"mesos.TaskState", "TASK_KILLED", 4},
	{"mesos.TaskState", "TASK_ERROR", 7},
	{"mesos.TaskState", "TASK_LOST", 5},
	{"mesos.TaskState", "TASK_DROPPED", 9},
	{"mesos.TaskState", "TASK_UNREACHABLE", 10},
	{"mesos.TaskState", "TASK_GONE", 11},
	{"mesos.TaskState", "TASK_GONE_BY_OPERATOR", 12},
	{"mesos.TaskState", "TASK_UNKNOWN", 13},
	{"mesos.TaskStatus.Source", "SOURCE_MASTER", 0},
	{"mesos.TaskStatus.Source", "SOURCE_SLAVE", 1},
	{"mesos.TaskStatus.Source", "SOURCE_EXECUTOR", 2},
	{"mesos.TaskStatus.Reason", "REASON_COMMAND_EXECUTOR_FAILED", 0},
	{"mesos.TaskStatus.Reason", "REASON_CONTAINER_LAUNCH_FAILED", 21},
	{"mesos.TaskStatus.Reason", "REASON_CONTAINER_LIMITATION", 19},
	{"mesos.TaskStatus.Reason", "REASON_CONTAINER_LIMITATION_DISK", 20},
	{"mesos.TaskStatus.Reason", "REASON_CONTAINER_LIMITATION_MEMORY", 8},
	{"mesos.TaskStatus.Reason", "REASON_CONTAINER_PREEMPTED", 17},
	{"mesos.TaskStatus.Reason", "REASON_CONTAINER_UPDATE_FAILED", 22},
	{"mesos.TaskStatus.Reason", "REASON_MAX_COMPLETION_TIME_REACHED", 33},
	{"mesos.TaskStatus.Reason", "REASON_EXECUTOR_REGISTRATION_TIMEOUT", 23},
	{"mesos.TaskStatus.Reason", "REASON_EXECUTOR_REREGISTRATION_TIMEOUT", 24},
	{"mesos.TaskStatus.Reason", "REASON_EXECUTOR_TERMINATED", 1},
	{"mesos.TaskStatus.Reason", "REASON_EXECUTOR_UNREGISTERED", 2},
	{"mesos.TaskStatus.Reason", "REASON_FRAMEWORK_REMOVED", 3},
	{"mesos.TaskStatus.Reason", "REASON_GC_ERROR", 4},
	{"mesos.TaskStatus.Reason", "REASON_INVALID_FRAMEWORKID", 5},
	{"mesos.TaskStatus.Reason", "REASON_INVALID_OFFERS", 6},
	{"mesos.TaskStatus.Reason", "REASON_IO_SWITCHBOARD_EXITED", 27},
	{"mesos.TaskStatus.Reason", "REASON_MASTER_DISCONNECTED", 7},
	{"mesos.TaskStatus.Reason", "REASON_RECONCILIATION", 9},
	{"mesos.TaskStatus.Reason", "REASON_RESOURCES_UNKNOWN", 18},
	{"mesos.TaskStatus.Reason", "REASON_SLAVE_DISCONNECTED", 10},
	{"mesos.TaskStatus.Reason", "REASON_SLAVE_DRAINING", 34},
	{"mesos.TaskStatus.Reason", "REASON_SLAVE_REMOVED", 11},
	{"mesos.TaskStatus.Reason", "REASON_SLAVE_REMOVED_BY_OPERATOR", 31},
	{"mesos.TaskStatus.Reason", "REASON_SLAVE_REREGISTERED", 32},
	{"mesos.TaskStatus.Reason", "REASON_SLAVE_RESTARTED", 12},
	{"mesos.TaskStatus.Reason", "REASON_SLAVE_UNKNOWN", 13},
	{"mesos.TaskStatus.Reason", "REASON_TASK_KILLED_DURING_LAUNCH", 30},
	{"mesos.TaskStatus.Reason", "REASON_TASK_CHECK_STATUS_UPDATED", 28},
	{"mesos.TaskStatus.Reason", "REASON_TASK_HEALTH_CHECK_STATUS_UPDATED", 29},
	{"mesos.TaskStatus.Reason", "REASON_TASK_GROUP_INVALID", 25},
	{"mesos.TaskStatus.Reason", "REASON_TASK_GROUP_UNAUTHORIZED", 26},
	{"mesos.TaskStatus.Reason", "REASON_TASK_INVALID", 14},
	{"mesos.TaskStatus.Reason", "REASON_TASK_UNAUTHORIZED", 15},
	{"mesos.TaskStatus.Reason", "REASON_TASK_UNKNOWN", 16},
	{"mesos.SlaveInfo.Capability.Type", "UNKNOWN", 0},
	{"mesos.SlaveInfo.Capability.Type", "MULTI_ROLE", 1},
	{"mesos.SlaveInfo.Capability.Type", "HIERARCHICAL_ROLE", 2},
	{"mesos.SlaveInfo.Capability.Type", "RESERVATION_REFINEMENT", 3},
	{"mesos.SlaveInfo.Capability.Type", "RESOURCE_PROVIDER", 4},
	{"mesos.SlaveInfo.Capability.Type", "RESIZE_VOLUME", 5},
	{"mesos.SlaveInfo.Capability.Type", "AGENT_OPERATION_FEEDBACK", 6},
	{"mesos.SlaveInfo.Capability.Type", "AGENT_DRAINING", 7},
	{"mesos.SlaveInfo.Capability.Type", "TASK_RESOURCE_LIMITS", 8},
	{"mesos.Value.Type", "SCALAR", 0},
	{"mesos.Value.Type", "RANGES", 1},
	{"mesos.Value.Type", "SET", 2},
	{"mesos.Value.Type", "TEXT", 3},
}

func TestEnumNumbers(t *testing.T) {
	schematest.CheckEnums(t, enumPins)
}

// defaultPins is every [default = ...] in mesos/mesos.proto.
var defaultPins = []defaultPin{
	{"mesos.FrameworkInfo", "failover_timeout", "0.0"},
	{"mesos.FrameworkInfo", "checkpoint", "false"},
	{"mesos.FrameworkInfo", "role", "*"},
	{"mesos.CheckInfo", "delay_seconds", "15.0"},
	{"mesos.CheckInfo", "interval_seconds", "10.0"},
	{"mesos.CheckInfo", "timeout_seconds", "20.0"},
	{"mesos.HealthCheck", "delay_seconds", "15.0"},
	{"mesos.HealthCheck", "interval_seconds", "10.0"},
	{"mesos.HealthCheck", "timeout_seconds", "20.0"},
	{"mesos.HealthCheck", "consecutive_failures", "3"},
	{"mesos.HealthCheck", "grace_period_seconds", "10.0"},
	{"mesos.HealthCheck.HTTPCheckInfo", "protocol", "IPv4"},
	{"mesos.HealthCheck.TCPCheckInfo", "protocol", "IPv4"},
	{"mesos.CommandInfo", "shell", "true"},
	{"mesos.CommandInfo.URI", "extract", "true"},
	{"mesos.MasterInfo", "port", "5050"},
	{"mesos.SlaveInfo", "port", "5051"},
	{"mesos.SlaveInfo", "checkpoint", "false"},
	{"mesos.CSIPluginInfo", "name", "default"},
	{"mesos.Resource", "role", "*"},
	{"mesos.Filters", "refuse_seconds", "5.0"},
	{"mesos.Environment.Variable", "type", "VALUE"},
	{"mesos.Image", "cached", "true"},
	{"mesos.NetworkInfo.IPAddress", "protocol", "IPv4"},
	{"mesos.LinuxInfo", "share_cgroups", "true"},
	{"mesos.ContainerInfo.DockerInfo", "network", "HOST"},
	{"mesos.ContainerInfo.DockerInfo", "privileged", "false"},
	{"mesos.DrainConfig", "mark_gone", "false"},
}

func TestDeclaredDefaults(t *testing.T) {
	schematest.CheckDefaults(t, mesos.File_mesos_mesos_proto, defaultPins)
}

func TestGetterDefaults(t *testing.T) {
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"Filters.refuse_seconds", (&mesos.Filters{}).GetRefuseSeconds(), 5.0},
		{"CommandInfo.shell", (&mesos.CommandInfo{}).GetShell(), true},
		{"CommandInfo.URI.extract", (&mesos.CommandInfo_URI{}).GetExtract(), true},
		{"FrameworkInfo.role", (&mesos.FrameworkInfo{}).GetRole(), "*"},
		{"FrameworkInfo.failover_timeout", (&mesos.FrameworkInfo{}).GetFailoverTimeout(), 0.0},
		{"SlaveInfo.port", (&mesos.SlaveInfo{}).GetPort(), int32(5051)},
		{"SlaveInfo.checkpoint", (&mesos.SlaveInfo{}).GetCheckpoint(), false},
		{"MasterInfo.port", (&mesos.MasterInfo{}).GetPort(), uint32(5050)},
		{"Resource.role", (&mesos.Resource{}).GetRole(), "*"},
		{"Environment.Variable.type", (&mesos.Environment_Variable{}).GetType(), mesos.Environment_Variable_VALUE},
		{"HealthCheck.consecutive_failures", (&mesos.HealthCheck{}).GetConsecutiveFailures(), uint32(3)},
		{"TaskStatus.state (first declared value)", (&mesos.TaskStatus{}).GetState(), mesos.TaskState_TASK_STAGING},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %v (%T), want %v (%T)", tt.got, tt.got, tt.want, tt.want)
			}
		})
	}
}
