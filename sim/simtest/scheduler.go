package simtest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/sim/master"
)

// Scheduler is one framework's connection to a master: its SUBSCRIBE
// stream and its calls. Its methods fail the test on any error.
type Scheduler struct {
	t      testing.TB
	base   string
	stream string
	body   io.ReadCloser
	events *mesoshttp.EventReader
	timer  *time.Timer

	mu sync.Mutex
	id *mesosv1.FrameworkID
}

// Subscribe subscribes a MULTI_ROLE framework named name in role to the
// master at addr (host:port). The stream is closed when the test ends, or
// after timeout (then Next fails), whichever comes first.
func Subscribe(t testing.TB, addr, name, role string, timeout time.Duration) *Scheduler {
	t.Helper()
	base := "http://" + addr + "/api/v1/scheduler"
	body := fmt.Sprintf(`{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":%q,"roles":[%q],"capabilities":[{"type":"MULTI_ROLE"}]}}}`, name, role)
	resp, err := http.Post(base, "application/json", bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		t.Fatalf("SUBSCRIBE: %d %s", resp.StatusCode, b)
	}
	s := &Scheduler{t: t, base: base, stream: resp.Header.Get(master.StreamIDHeader), body: resp.Body,
		events: mesoshttp.NewEventReader(resp.Body, mesoshttp.JSON, 0)}
	s.timer = time.AfterFunc(timeout, func() { resp.Body.Close() })
	t.Cleanup(s.Close)
	return s
}

// Close ends the stream.
func (s *Scheduler) Close() {
	s.timer.Stop()
	s.body.Close()
}

// ID is the framework's id, once SUBSCRIBED has been read.
func (s *Scheduler) ID() *mesosv1.FrameworkID {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.id
}

// Next reads the next event; SUBSCRIBED sets the framework's id.
func (s *Scheduler) Next() (*schedulerv1.Event, error) {
	ev := &schedulerv1.Event{}
	if err := s.events.Read(ev); err != nil {
		return nil, err
	}
	if ev.GetType() == schedulerv1.Event_SUBSCRIBED {
		s.mu.Lock()
		s.id = ev.GetSubscribed().GetFrameworkId()
		s.mu.Unlock()
	}
	return ev, nil
}

// Post sends a call on the framework's stream and expects 202.
func (s *Scheduler) Post(call *schedulerv1.Call) {
	s.t.Helper()
	if call.FrameworkId == nil {
		call.FrameworkId = s.ID()
	}
	b, err := mesoshttp.JSON.Marshal(call)
	if err != nil {
		s.t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPost, s.base, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(master.StreamIDHeader, s.stream)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusAccepted {
		msg, _ := io.ReadAll(res.Body)
		s.t.Fatalf("%s: %d %s", call.GetType(), res.StatusCode, msg)
	}
}

// Launch accepts offer with one command task using cpus of it, named
// after the offer, and with the given refuse filter for the rest
// (refuseSeconds < 0: none given, Mesos's default of 5 s).
func (s *Scheduler) Launch(offer *mesosv1.Offer, cpus float64, command string, refuseSeconds float64) *mesosv1.TaskInfo {
	task := &mesosv1.TaskInfo{
		Name:    proto.String("task"),
		TaskId:  &mesosv1.TaskID{Value: proto.String(offer.GetId().GetValue() + "-task")},
		AgentId: offer.GetAgentId(),
		Resources: []*mesosv1.Resource{{Name: proto.String("cpus"), Type: mesosv1.Value_SCALAR.Enum(),
			Scalar: &mesosv1.Value_Scalar{Value: proto.Float64(cpus)}}},
		Command: &mesosv1.CommandInfo{Value: proto.String(command)},
	}
	accept := &schedulerv1.Call_Accept{
		OfferIds:   []*mesosv1.OfferID{offer.GetId()},
		Operations: []*mesosv1.Offer_Operation{{Type: mesosv1.Offer_Operation_LAUNCH.Enum(), Launch: &mesosv1.Offer_Operation_Launch{TaskInfos: []*mesosv1.TaskInfo{task}}}},
	}
	if refuseSeconds >= 0 {
		accept.Filters = &mesosv1.Filters{RefuseSeconds: proto.Float64(refuseSeconds)}
	}
	s.Post(&schedulerv1.Call{Type: schedulerv1.Call_ACCEPT.Enum(), Accept: accept})
	return task
}

// Decline declines offer with Mesos's default filter.
func (s *Scheduler) Decline(offer *mesosv1.Offer) {
	s.Post(&schedulerv1.Call{Type: schedulerv1.Call_DECLINE.Enum(), Decline: &schedulerv1.Call_Decline{OfferIds: []*mesosv1.OfferID{offer.GetId()}}})
}

// Acknowledge acknowledges a status update (only those with a uuid need
// it; others are ignored).
func (s *Scheduler) Acknowledge(st *mesosv1.TaskStatus) {
	if len(st.GetUuid()) == 0 {
		return
	}
	s.Post(&schedulerv1.Call{Type: schedulerv1.Call_ACKNOWLEDGE.Enum(), Acknowledge: &schedulerv1.Call_Acknowledge{
		AgentId: st.GetAgentId(), TaskId: st.GetTaskId(), Uuid: st.GetUuid()}})
}

// RunTasks launches n command tasks, one per offer (refusing nothing of
// the rest, so that offers keep coming), declines the offers beyond them,
// acknowledges every update, and returns once all n have finished. A task
// that ends in any other state fails the test, as does the stream ending
// first. afterOffers, if not nil, runs after each OFFERS event with the
// number of tasks launched so far.
func (s *Scheduler) RunTasks(n int, cpus float64, command string, afterOffers func(launched int)) {
	s.t.Helper()
	launched, finished := 0, 0
	for finished < n {
		ev, err := s.Next()
		if err != nil {
			s.t.Fatalf("stream: %v (launched %d, finished %d)", err, launched, finished)
		}
		switch ev.GetType() {
		case schedulerv1.Event_OFFERS:
			for _, o := range ev.GetOffers().GetOffers() {
				if launched == n {
					s.Decline(o)
					continue
				}
				launched++
				s.Launch(o, cpus, command, 0)
			}
			if afterOffers != nil {
				afterOffers(launched)
			}
		case schedulerv1.Event_UPDATE:
			st := ev.GetUpdate().GetStatus()
			switch st.GetState() {
			case mesosv1.TaskState_TASK_FINISHED:
				finished++
			case mesosv1.TaskState_TASK_STAGING, mesosv1.TaskState_TASK_STARTING, mesosv1.TaskState_TASK_RUNNING:
			default:
				s.t.Fatalf("task %s: %s %s", st.GetTaskId().GetValue(), st.GetState(), st.GetMessage())
			}
			s.Acknowledge(st)
		}
	}
}
