package scheduler_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/scheduler"
	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// decliner is a behaviour that declines every offer for 30 seconds.
type decliner struct {
	scheduler.Base // every other callback is a no-op
	declined       chan<- string
}

func (s *decliner) ResourceOffers(d scheduler.Driver, offers []*mesosv1.Offer) {
	for _, o := range offers {
		if err := d.DeclineOffer([]*mesosv1.OfferID{o.GetId()}, &mesosv1.Filters{RefuseSeconds: proto.Float64(30)}); err == nil {
			s.declined <- o.GetId().GetValue()
		}
	}
}

func ExampleStart() {
	master := exampleMaster() // stands in for a Mesos master
	defer master.Close()

	system := actor.NewActorSystem()
	declined := make(chan string, 1)
	d, err := scheduler.Start(system, scheduler.Config{
		Masters: []string{master.URL},
		Framework: &mesosv1.FrameworkInfo{
			User:            proto.String("root"),
			Name:            proto.String("decliner"),
			Roles:           []string{"hello_world_role"},
			FailoverTimeout: proto.Float64(7 * 24 * 3600),
			Capabilities:    []*mesosv1.FrameworkInfo_Capability{{Type: mesosv1.FrameworkInfo_Capability_MULTI_ROLE.Enum()}},
		},
		New: func() scheduler.Scheduler { return &decliner{declined: declined} },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("declined", <-declined)
	fmt.Println("stop:", d.Stop(false)) // tear the framework down
	fmt.Println("join:", d.Join())
	// Output:
	// declined offer-1
	// stop: <nil>
	// join: <nil>
}

// sticky keeps the names of the tasks it launched across crashes.
type sticky struct {
	scheduler.Base
	launched []string
}

func (s *sticky) MarshalState() ([]byte, error) { return []byte(fmt.Sprint(len(s.launched))), nil }

func (s *sticky) UnmarshalState(b []byte) error {
	var n int
	_, err := fmt.Sscan(string(b), &n)
	s.launched = make([]string, n)
	return err
}

func ExampleStateful() {
	var _ scheduler.Stateful = &sticky{}
	store := &scheduler.MemoryStore{}
	// scheduler.Start(system, cfg, scheduler.WithStateStore(store)) saves
	// the state after every event the behaviour handles, and gives it
	// back to the fresh instance after a crash:
	before := &sticky{launched: []string{"t1", "t2"}}
	state, _ := before.MarshalState()
	_ = store.Save("hello", state)

	after := &sticky{}
	saved, _, _ := store.Load("hello")
	_ = after.UnmarshalState(saved)
	fmt.Println(len(after.launched), "tasks remembered")
	// Output:
	// 2 tasks remembered
}

// exampleMaster is a minimal master: it subscribes the framework, offers
// one offer and accepts calls.
func exampleMaster() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		enc, _ := mesoshttp.EncodingOf(r.Header.Get("Content-Type"))
		body, _ := io.ReadAll(r.Body)
		call := &schedulerv1.Call{}
		if err := enc.Unmarshal(body, call); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if call.GetType() != schedulerv1.Call_SUBSCRIBE {
			w.WriteHeader(http.StatusAccepted)
			return
		}
		w.Header().Set("Content-Type", enc.ContentType())
		w.Header().Set(mesoshttp.HeaderStreamID, "6f1e4c2a-9b3d-4e5f-8a7b-0c1d2e3f4a5b")
		events := mesoshttp.NewEventWriter(w, enc)
		_ = events.Write(subscribed(frameworkID, 15))
		_ = events.Write(offers("offer-1"))
		<-r.Context().Done()
	}))
}
