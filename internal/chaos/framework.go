package chaos

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync/atomic"
	"time"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// framework is one scheduler of the workload, speaking the v1 scheduler
// HTTP API (JSON) to the simulated master: it subscribes, launches one
// fake task on some offers and declines the others, acknowledges its
// status updates, and tears itself down after a while (a new framework
// takes its place).
type framework struct {
	master string // host:port
	name   string
	rng    *rand.Rand
	hc     *http.Client
	log    *zap.Logger
	stats  *workloadStats
}

// workloadStats counts what the frameworks did.
type workloadStats struct {
	subscribed, launched, declined, updates, teardowns atomic.Int64
}

const (
	frameworkRole = "chaos"
	taskCPUs      = 0.1
	taskMem       = 32
)

// run keeps one framework after another subscribed until ctx ends.
func (f *framework) run(ctx context.Context) {
	for ctx.Err() == nil {
		life := time.Duration(8+f.rng.IntN(8)) * time.Second
		if err := f.once(ctx, life); err != nil && ctx.Err() == nil {
			f.log.Debug("framework ended", zap.String("name", f.name), zap.Error(err))
			select {
			case <-ctx.Done():
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
}

// once is one framework's life: subscribe, work for life, tear down.
func (f *framework) once(ctx context.Context, life time.Duration) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sub := &schedulerv1.Call{Type: schedulerv1.Call_SUBSCRIBE.Enum(), Subscribe: &schedulerv1.Call_Subscribe{
		FrameworkInfo: &mesosv1.FrameworkInfo{User: proto.String("chaos"), Name: proto.String(f.name), Roles: []string{frameworkRole},
			Capabilities: []*mesosv1.FrameworkInfo_Capability{{Type: mesosv1.FrameworkInfo_Capability_MULTI_ROLE.Enum()}}},
	}}
	resp, err := f.post(ctx, sub, "")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("SUBSCRIBE: %d", resp.StatusCode)
	}
	streamID := resp.Header.Get("Mesos-Stream-Id")
	rd := mesoshttp.NewEventReader(resp.Body, mesoshttp.JSON, 16<<20)
	var id *mesosv1.FrameworkID
	var subscribed atomic.Pointer[mesosv1.FrameworkID]
	// At the end of its life the framework tears itself down (the master
	// removes it: removeFramework), then hangs up.
	end := time.AfterFunc(life, func() {
		if id := subscribed.Load(); id != nil {
			f.teardown(id, streamID)
		}
		cancel()
	})
	defer end.Stop()
	for {
		ev := &schedulerv1.Event{}
		if err := rd.Read(ev); err != nil {
			return err
		}
		switch ev.GetType() {
		case schedulerv1.Event_SUBSCRIBED:
			id = ev.GetSubscribed().GetFrameworkId()
			subscribed.Store(id)
			f.stats.subscribed.Add(1)
		case schedulerv1.Event_OFFERS:
			f.offers(ctx, id, streamID, ev.GetOffers().GetOffers())
		case schedulerv1.Event_UPDATE:
			f.stats.updates.Add(1)
			st := ev.GetUpdate().GetStatus()
			if len(st.GetUuid()) > 0 {
				f.call(ctx, streamID, &schedulerv1.Call{FrameworkId: id, Type: schedulerv1.Call_ACKNOWLEDGE.Enum(),
					Acknowledge: &schedulerv1.Call_Acknowledge{AgentId: st.GetAgentId(), TaskId: st.GetTaskId(), Uuid: st.GetUuid()}})
			}
		case schedulerv1.Event_ERROR:
			return fmt.Errorf("ERROR event: %s", ev.GetError().GetMessage())
		}
	}
}

// offers launches one fake task on about two offers in three and
// declines the rest, with a short refuse filter.
func (f *framework) offers(ctx context.Context, id *mesosv1.FrameworkID, streamID string, offers []*mesosv1.Offer) {
	filters := &mesosv1.Filters{RefuseSeconds: proto.Float64(0.5)}
	for _, o := range offers {
		if f.rng.IntN(3) == 0 || !fits(o) {
			f.stats.declined.Add(1)
			f.call(ctx, streamID, &schedulerv1.Call{FrameworkId: id, Type: schedulerv1.Call_DECLINE.Enum(),
				Decline: &schedulerv1.Call_Decline{OfferIds: []*mesosv1.OfferID{o.GetId()}, Filters: filters}})
			continue
		}
		n := f.stats.launched.Add(1)
		role := o.GetAllocationInfo().GetRole()
		task := &mesosv1.TaskInfo{
			Name: proto.String("chaos"), TaskId: &mesosv1.TaskID{Value: proto.String(fmt.Sprintf("%s-t%d", f.name, n))}, AgentId: o.GetAgentId(),
			Resources: []*mesosv1.Resource{scalar("cpus", taskCPUs, role), scalar("mem", taskMem, role)},
			Command:   &mesosv1.CommandInfo{Value: proto.String("true")},
		}
		f.call(ctx, streamID, &schedulerv1.Call{FrameworkId: id, Type: schedulerv1.Call_ACCEPT.Enum(),
			Accept: &schedulerv1.Call_Accept{OfferIds: []*mesosv1.OfferID{o.GetId()}, Filters: filters,
				Operations: []*mesosv1.Offer_Operation{{Type: mesosv1.Offer_Operation_LAUNCH.Enum(),
					Launch: &mesosv1.Offer_Operation_Launch{TaskInfos: []*mesosv1.TaskInfo{task}}}}}})
	}
}

// fits reports whether an offer holds one task.
func fits(o *mesosv1.Offer) bool {
	var cpus, mem float64
	for _, r := range o.GetResources() {
		switch r.GetName() {
		case "cpus":
			cpus += r.GetScalar().GetValue()
		case "mem":
			mem += r.GetScalar().GetValue()
		}
	}
	return cpus >= taskCPUs && mem >= taskMem
}

func scalar(name string, v float64, role string) *mesosv1.Resource {
	return &mesosv1.Resource{Name: proto.String(name), Type: mesosv1.Value_SCALAR.Enum(), Scalar: &mesosv1.Value_Scalar{Value: proto.Float64(v)},
		AllocationInfo: &mesosv1.Resource_AllocationInfo{Role: proto.String(role)}}
}

func (f *framework) teardown(id *mesosv1.FrameworkID, streamID string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	f.stats.teardowns.Add(1)
	f.call(ctx, streamID, &schedulerv1.Call{FrameworkId: id, Type: schedulerv1.Call_TEARDOWN.Enum()})
}

// call posts a call on the framework's stream and logs a refusal.
func (f *framework) call(ctx context.Context, streamID string, c *schedulerv1.Call) {
	resp, err := f.post(ctx, c, streamID)
	if err != nil {
		return
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		f.log.Debug("scheduler call refused", zap.Stringer("type", c.GetType()), zap.Int("status", resp.StatusCode), zap.ByteString("body", b))
	}
}

func (f *framework) post(ctx context.Context, c *schedulerv1.Call, streamID string) (*http.Response, error) {
	body, err := mesoshttp.JSON.Marshal(c)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+f.master+"/api/v1/scheduler", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", mesoshttp.JSON.ContentType())
	req.Header.Set("Accept", mesoshttp.JSON.ContentType())
	if streamID != "" {
		req.Header.Set("Mesos-Stream-Id", streamID)
	}
	return f.hc.Do(req)
}
