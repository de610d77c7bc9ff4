package scheduler_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mactor/mactor/actors/scheduler"
	"github.com/mactor/mactor/internal/mesoshttp"
	"github.com/mactor/mactor/internal/recordio"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
)

// declineAll declines every offer of an OFFERS event in one call.
type declineAll struct{ scheduler.Base }

func (declineAll) ResourceOffers(d scheduler.Driver, offers []*mesosv1.Offer) {
	ids := make([]*mesosv1.OfferID, len(offers))
	for i, o := range offers {
		ids[i] = o.GetId()
	}
	_ = d.DeclineOffer(ids, nil)
}

// BenchmarkDeclineOffers measures offers handled per second, end to end:
// a master streams b.N offers (perEvent per OFFERS event) over HTTP, the
// behaviour declines each event's offers with one DECLINE call, and the
// clock stops when the master has received the last DECLINE.
func BenchmarkDeclineOffers(b *testing.B) {
	for _, enc := range []scheduler.Encoding{scheduler.Protobuf, scheduler.JSON} {
		for _, perEvent := range []int{1, 10, 100} {
			b.Run(fmt.Sprintf("%s/offers_per_event=%d", enc, perEvent), func(b *testing.B) {
				benchDecline(b, enc, perEvent)
			})
		}
	}
}

func benchDecline(b *testing.B, enc scheduler.Encoding, perEvent int) {
	// Encode the stream up front so that the master is not what is measured.
	var stream []byte
	sub, _ := enc.Marshal(subscribed(frameworkID, 15))
	stream = recordio.Append(stream, sub)
	var ids []string
	for i := 0; i < b.N; i++ {
		ids = append(ids, fmt.Sprintf("O%d", i))
		if len(ids) == perEvent || i == b.N-1 {
			ev, _ := enc.Marshal(offers(ids...))
			stream = recordio.Append(stream, ev)
			ids = ids[:0]
		}
	}
	var declined atomic.Int64
	done := make(chan struct{})
	start := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		call := &schedulerv1.Call{}
		if err := enc.Unmarshal(body, call); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if call.GetType() != schedulerv1.Call_SUBSCRIBE {
			if declined.Add(int64(len(call.GetDecline().GetOfferIds()))) == int64(b.N) {
				close(done)
			}
			w.WriteHeader(http.StatusAccepted)
			return
		}
		w.Header().Set("Content-Type", enc.ContentType())
		w.Header().Set(mesoshttp.HeaderStreamID, streamID(1))
		w.WriteHeader(http.StatusOK)
		<-start
		_, _ = w.Write(stream)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()

	sys := newActorSystem()
	defer sys.Shutdown()
	d, err := scheduler.Start(sys, scheduler.Config{
		Masters: []string{srv.URL}, Framework: frameworkInfo(),
		New: func() scheduler.Scheduler { return declineAll{} },
	}, scheduler.WithEncoding(enc))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	t0 := time.Now()
	close(start)
	<-done
	elapsed := time.Since(t0)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "offers/s")
	_ = d.Abort()
	_ = d.Join()
}
