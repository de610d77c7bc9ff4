package wirecompat

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	mesos "github.com/mesos/mesos-go/api/v1/lib"
	mgresources "github.com/mesos/mesos-go/api/v1/lib/resources"
	"github.com/mesos/mesos-go/api/v1/lib/scheduler"
	"github.com/mesos/mesos-go/api/v1/lib/scheduler/calls"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/messages/mesosjson"
)

// Messages built the way a mesos-go scheduler builds them: with its calls
// and resources packages and gogo struct literals, independent of our
// fixtures.

// nativeDisk is a persistent volume from mesos-go's builder. The builder
// leaves the required Volume.mode unset (see TestMesosGoVolumeWithoutMode),
// so set it as a working framework must.
func nativeDisk() mesos.Resource {
	r := mgresources.NewDisk(10).Disk("pv-1", "data").DiskSource("/mnt/a", mesos.MOUNT).Resource
	r.Disk.Volume.Mode = mesos.RW.Enum()
	return r
}

func nativeTask() mesos.TaskInfo {
	return mesos.TaskInfo{
		Name:    "native-1",
		TaskID:  mesos.TaskID{Value: "native-1"},
		AgentID: mesos.AgentID{Value: "S-9"},
		Resources: []mesos.Resource{
			mgresources.NewCPUs(0.25).Resource,
			mgresources.NewMemory(128).Role("web").Resource,
			mgresources.Build().Name(mgresources.NamePorts).Ranges(mgresources.BuildRanges().Span(31000, 31001).Ranges).Resource,
			nativeDisk(),
		},
		Command: &mesos.CommandInfo{
			Value:     proto.String("echo héllo"),
			Shell:     proto.Bool(true),
			URIs:      []mesos.CommandInfo_URI{{Value: "http://example.org/x.tgz", Extract: proto.Bool(true)}},
			Arguments: []string{"a", "b"},
		},
		Labels: &mesos.Labels{Labels: []mesos.Label{{Key: "k", Value: proto.String("v")}}},
		Data:   []byte{1, 2, 3},
	}
}

type nativeCase struct {
	name   string
	theirs gogoMessage
	ours   proto.Message // empty message to decode into
	check  func(t *testing.T, m proto.Message)
}

func nativeCases() []nativeCase {
	uuid := []byte("0123456789abcdef")
	return []nativeCase{
		{"Call/SUBSCRIBE", calls.Subscribe(&mesos.FrameworkInfo{
			User: "u", Name: "native", ID: &mesos.FrameworkID{Value: "fw-9"},
			FailoverTimeout: proto.Float64(float64(7 * 24 * time.Hour / time.Second)),
			Roles:           []string{"r1", "r2"},
			Capabilities: []mesos.FrameworkInfo_Capability{
				{Type: mesos.FrameworkInfo_Capability_MULTI_ROLE}, {Type: mesos.FrameworkInfo_Capability_GPU_RESOURCES},
			},
			Labels: &mesos.Labels{Labels: []mesos.Label{{Key: "owner", Value: proto.String("me")}}},
		}), new(schedulerv1.Call), func(t *testing.T, m proto.Message) {
			c := m.(*schedulerv1.Call)
			fi := c.GetSubscribe().GetFrameworkInfo()
			if c.GetType() != schedulerv1.Call_SUBSCRIBE || c.GetFrameworkId().GetValue() != "fw-9" || fi.GetFailoverTimeout() != 604800 ||
				fi.GetCapabilities()[1].GetType() != mesosv1.FrameworkInfo_Capability_GPU_RESOURCES {
				t.Errorf("decoded %v", c)
			}
		}},
		{"Call/ACCEPT", calls.Accept(calls.OfferOperations{
			calls.OpLaunch(nativeTask()),
			calls.OpReserve(mgresources.NewCPUs(1).Resource),
		}.WithOffers(mesos.OfferID{Value: "o-9"})).With(calls.Framework("fw-9"), calls.RefuseSeconds(10*time.Second)),
			new(schedulerv1.Call), func(t *testing.T, m proto.Message) {
				c := m.(*schedulerv1.Call)
				a := c.GetAccept()
				task := a.GetOperations()[0].GetLaunch().GetTaskInfos()[0]
				if c.GetType() != schedulerv1.Call_ACCEPT || a.GetOfferIds()[0].GetValue() != "o-9" || a.GetFilters().GetRefuseSeconds() != 10 ||
					task.GetCommand().GetValue() != "echo héllo" || task.GetResources()[2].GetRanges().GetRange()[0].GetEnd() != 31001 ||
					task.GetResources()[3].GetDisk().GetSource().GetMount().GetRoot() != "/mnt/a" {
					t.Errorf("decoded %v", c)
				}
			}},
		{"Call/DECLINE", calls.Decline(mesos.OfferID{Value: "o-1"}, mesos.OfferID{Value: "o-2"}).With(calls.Framework("fw-9"), calls.RefuseSeconds(time.Hour)),
			new(schedulerv1.Call), func(t *testing.T, m proto.Message) {
				c := m.(*schedulerv1.Call)
				if c.GetType() != schedulerv1.Call_DECLINE || len(c.GetDecline().GetOfferIds()) != 2 || c.GetDecline().GetFilters().GetRefuseSeconds() != 3600 {
					t.Errorf("decoded %v", c)
				}
			}},
		{"Call/ACKNOWLEDGE", calls.Acknowledge("S-9", "native-1", uuid).With(calls.Framework("fw-9")),
			new(schedulerv1.Call), func(t *testing.T, m proto.Message) {
				a := m.(*schedulerv1.Call).GetAcknowledge()
				if string(a.GetUuid()) != string(uuid) || a.GetAgentId().GetValue() != "S-9" || a.GetTaskId().GetValue() != "native-1" {
					t.Errorf("decoded %v", a)
				}
			}},
		{"Call/RECONCILE", calls.Reconcile(calls.ReconcileTasks(map[string]string{"native-1": "S-9"})).With(calls.Framework("fw-9")),
			new(schedulerv1.Call), func(t *testing.T, m proto.Message) {
				if r := m.(*schedulerv1.Call).GetReconcile().GetTasks(); len(r) != 1 || r[0].GetAgentId().GetValue() != "S-9" {
					t.Errorf("decoded %v", m)
				}
			}},
		{"Call/KILL", calls.Kill("native-1", "S-9").With(calls.Framework("fw-9")), new(schedulerv1.Call), nil},
		{"Call/REVIVE", calls.ReviveWith([]string{"r1"}).With(calls.Framework("fw-9")), new(schedulerv1.Call), nil},
		{"Event/SUBSCRIBED", &scheduler.Event{
			Type: scheduler.Event_SUBSCRIBED,
			Subscribed: &scheduler.Event_Subscribed{
				FrameworkID:              &mesos.FrameworkID{Value: "fw-9"},
				HeartbeatIntervalSeconds: proto.Float64(15),
				MasterInfo:               &mesos.MasterInfo{ID: "m", IP: 16777343, Port: proto.Uint32(5050), Hostname: proto.String("localhost")},
			},
		}, new(schedulerv1.Event), func(t *testing.T, m proto.Message) {
			s := m.(*schedulerv1.Event).GetSubscribed()
			if s.GetHeartbeatIntervalSeconds() != 15 || s.GetMasterInfo().GetIp() != 16777343 || s.GetMasterInfo().GetPort() != 5050 {
				t.Errorf("decoded %v", s)
			}
		}},
		{"Event/OFFERS", &scheduler.Event{
			Type: scheduler.Event_OFFERS,
			Offers: &scheduler.Event_Offers{Offers: []mesos.Offer{{
				ID: mesos.OfferID{Value: "o-9"}, FrameworkID: mesos.FrameworkID{Value: "fw-9"}, AgentID: mesos.AgentID{Value: "S-9"},
				Hostname:  "agent9",
				Resources: nativeTask().Resources,
				Attributes: []mesos.Attribute{
					{Name: "rack", Type: mesos.TEXT, Text: &mesos.Value_Text{Value: "r9"}},
					{Name: "numa", Type: mesos.SCALAR, Scalar: &mesos.Value_Scalar{Value: 2}},
				},
				AllocationInfo: &mesos.Resource_AllocationInfo{Role: proto.String("r1")},
			}}},
		}, new(schedulerv1.Event), func(t *testing.T, m proto.Message) {
			o := m.(*schedulerv1.Event).GetOffers().GetOffers()[0]
			if o.GetAgentId().GetValue() != "S-9" || o.GetResources()[1].GetRole() != "web" || o.GetAttributes()[0].GetText().GetValue() != "r9" ||
				o.GetAllocationInfo().GetRole() != "r1" {
				t.Errorf("decoded %v", o)
			}
		}},
		{"Event/UPDATE", &scheduler.Event{
			Type: scheduler.Event_UPDATE,
			Update: &scheduler.Event_Update{Status: mesos.TaskStatus{
				TaskID: mesos.TaskID{Value: "native-1"}, State: mesos.TASK_FAILED.Enum(),
				Source: mesos.SOURCE_AGENT.Enum(), Reason: mesos.REASON_CONTAINER_LAUNCH_FAILED.Enum(),
				Message: proto.String("boom"), UUID: uuid, Timestamp: proto.Float64(1.5e9),
				AgentID: &mesos.AgentID{Value: "S-9"},
			}},
		}, new(schedulerv1.Event), func(t *testing.T, m proto.Message) {
			s := m.(*schedulerv1.Event).GetUpdate().GetStatus()
			if s.GetState() != mesosv1.TaskState_TASK_FAILED || s.GetSource() != mesosv1.TaskStatus_SOURCE_AGENT ||
				s.GetReason() != mesosv1.TaskStatus_REASON_CONTAINER_LAUNCH_FAILED || string(s.GetUuid()) != string(uuid) {
				t.Errorf("decoded %v", s)
			}
		}},
	}
}

// TestNativeMesosGoToOurs: binary and JSON written by mesos-go, read by us.
func TestNativeMesosGoToOurs(t *testing.T) {
	for _, nc := range nativeCases() {
		t.Run(nc.name+"/protobuf", func(t *testing.T) {
			b, err := nc.theirs.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			ours := nc.ours.ProtoReflect().New().Interface()
			if err := proto.Unmarshal(b, ours); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			comparer{t: t}.message(nc.name, ours.ProtoReflect(), reflect.ValueOf(nc.theirs))
			if nc.check != nil {
				nc.check(t, ours)
			}
		})
		t.Run(nc.name+"/json", func(t *testing.T) {
			b, err := json.Marshal(nc.theirs)
			if err != nil {
				t.Fatal(err)
			}
			ours := nc.ours.ProtoReflect().New().Interface()
			if err := mesosjson.Unmarshal(b, ours); err != nil {
				t.Fatalf("mesosjson.Unmarshal(%s): %v", b, err)
			}
			comparer{t: t}.message(nc.name, ours.ProtoReflect(), reflect.ValueOf(nc.theirs))
			if nc.check != nil {
				nc.check(t, ours)
			}
		})
	}
}

// TestNativeOursToMesosGo: we re-encode what we read (binary and JSON) and
// mesos-go must read back what it wrote.
func TestNativeOursToMesosGo(t *testing.T) {
	for _, nc := range nativeCases() {
		t.Run(nc.name, func(t *testing.T) {
			b, _ := nc.theirs.Marshal()
			ours := nc.ours.ProtoReflect().New().Interface()
			if err := proto.Unmarshal(b, ours); err != nil {
				t.Fatal(err)
			}
			ourBytes, err := proto.Marshal(ours)
			if err != nil {
				t.Fatal(err)
			}
			back := reflect.New(reflect.TypeOf(nc.theirs).Elem()).Interface().(gogoMessage)
			if err := back.Unmarshal(ourBytes); err != nil {
				t.Fatalf("mesos-go Unmarshal: %v", err)
			}
			if !reflect.DeepEqual(back, nc.theirs) {
				t.Errorf("protobuf: mesos-go read back\n%+v\nwant\n%+v", back, nc.theirs)
			}
			ourJSON, err := mesosjson.Marshal(ours)
			if err != nil {
				t.Fatal(err)
			}
			backJSON := reflect.New(reflect.TypeOf(nc.theirs).Elem()).Interface().(gogoMessage)
			if err := json.Unmarshal(ourJSON, backJSON); err != nil {
				t.Fatalf("mesos-go json.Unmarshal(%s): %v", ourJSON, err)
			}
			comparer{t: t, jsonDefaults: true}.message(nc.name, ours.ProtoReflect(), reflect.ValueOf(backJSON))
		})
	}
}

// TestMesosGoVolumeWithoutMode documents a mesos-go quirk: its resources
// builder makes a Volume without the required mode. gogo's binary encoder
// refuses it, but its JSON encoder writes it; Mesos rejects such JSON
// (missing required fields), and so does mesosjson.Unmarshal unless
// AllowPartial is set.
func TestMesosGoVolumeWithoutMode(t *testing.T) {
	r := mgresources.NewDisk(10).Disk("pv-1", "data").Resource
	if _, err := r.Marshal(); err == nil {
		t.Error("gogo encoded a Volume without mode; expected a required-field error")
	}
	j, err := json.Marshal(&r)
	if err != nil {
		t.Fatal(err)
	}
	var ours mesosv1.Resource
	if err := mesosjson.Unmarshal(j, &ours); err == nil {
		t.Errorf("mesosjson.Unmarshal accepted %s", j)
	}
	if err := (mesosjson.UnmarshalOptions{AllowPartial: true}).Unmarshal(j, &ours); err != nil || ours.GetDisk().GetVolume().GetContainerPath() != "data" {
		t.Errorf("mesosjson AllowPartial: %v, %v", err, &ours)
	}
}
