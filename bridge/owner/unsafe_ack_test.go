package owner_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"io"
	"log/slog"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/actors/framework"
	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	"github.com/mactor/mactor/supervisor/journal"
)

// hungStore is a real store whose writes to one stream never complete, as
// on a disk that hangs before the fsync: they are never written, and
// their Futures never complete.
type hungStore struct {
	journal.Store
	stream string
}

func (s hungStore) AppendAsync(ctx context.Context, stream string, expect uint64, events ...[]byte) *journal.Future {
	if stream == s.stream {
		return new(journal.Future)
	}
	return s.Store.AppendAsync(ctx, stream, expect, events...)
}

func (s hungStore) SaveSnapshot(ctx context.Context, stream string, seq uint64, state []byte) *journal.Future {
	if stream == s.stream {
		return new(journal.Future)
	}
	return s.Store.SaveSnapshot(ctx, stream, seq, state)
}

// quiet keeps protoactor's logs out of the test output.
var quiet = actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
})

// TestUnsafeAckBeforeDurable: with Config.UnsafeAckBeforeDurable an owner
// acknowledges a call whose journal write has not completed, and the call
// is gone when the process dies before the write; without it the call is
// not acknowledged until it is durable, so nothing acknowledged is lost.
func TestUnsafeAckBeforeDurable(t *testing.T) {
	cases := []struct {
		name       string
		unsafe     bool
		hang       bool
		wantAcked  bool
		wantInFile bool
	}{
		{"durable ack, write completes", false, false, true, true},
		{"durable ack, write hangs", false, true, false, false},
		{"unsafe ack, write hangs: acknowledged and lost", true, true, true, false},
	}
	key := owner.Key{Kind: owner.Framework, ID: "fw-1"}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bolt, err := journal.OpenBolt(filepath.Join(t.TempDir(), journal.DefaultFileName))
			if err != nil {
				t.Fatal(err)
			}
			defer bolt.Close()
			var store journal.Store = bolt
			if tc.hang {
				store = hungStore{Store: bolt, stream: key.Stream()}
			}
			sys := actor.NewActorSystem(quiet)
			epoch := &owner.Epoch{}
			cfg := owner.Config{Store: store, Epoch: epoch, UnsafeAckBeforeDurable: tc.unsafe}
			pid := sys.Root.Spawn(actor.PropsFromProducer(func() actor.Actor {
				return owner.NewActor[*bridgev1.FrameworkRecord](key, framework.Rules(), cfg)
			}))
			acks := make(chan *owner.Applied, 1)
			sys.Root.Send(pid, &owner.Apply{Session: "s", Epoch: epoch.Current(),
				Items: []owner.Item{{Call: call(bridgev1.Call_ADD_FRAMEWORK, "s", 1)}},
				Reply: func(a *owner.Applied) { acks <- a }})
			acked := false
			if tc.hang {
				// The Get is queued behind the Apply: once it is answered the
				// owner has handled the Apply, and an early answer would be
				// in acks already.
				got := make(chan uint64, 1)
				sys.Root.Send(pid, &owner.Get{Reply: func(_ proto.Message, seq uint64) { got <- seq }})
				if seq := <-got; seq != 1 {
					t.Fatalf("owner at seq %d, want 1 (the call applied in memory)", seq)
				}
				select {
				case a := <-acks:
					acked = a.Err == nil
				default:
				}
			} else {
				select {
				case a := <-acks:
					acked = a.Err == nil
				case <-time.After(10 * time.Second):
					t.Fatal("no answer")
				}
			}
			if acked != tc.wantAcked {
				t.Fatalf("acknowledged = %v, want %v", acked, tc.wantAcked)
			}
			// The process dies here: nothing more reaches the file. What
			// survives is what the next incarnation recovers from it.
			sys.Shutdown()
			h, err := bolt.Read(context.Background(), key.Stream())
			if err != nil {
				t.Fatal(err)
			}
			inFile := h.LastSeq() == 1
			if inFile != tc.wantInFile {
				t.Fatalf("call in the journal file = %v, want %v", inFile, tc.wantInFile)
			}
			if acked && !inFile && !tc.unsafe {
				t.Fatal("an acknowledged call was lost without the unsafe flag")
			}
			sys2 := newSystem(t)
			pid2 := sys2.Root.Spawn(actor.PropsFromProducer(func() actor.Actor {
				return owner.NewActor[*bridgev1.FrameworkRecord](key, framework.Rules(), owner.Config{Store: bolt})
			}))
			got := make(chan *bridgev1.FrameworkRecord, 1)
			sys2.Root.Send(pid2, &owner.Get{Reply: func(r proto.Message, _ uint64) { got <- r.(*bridgev1.FrameworkRecord) }})
			if rec := <-got; rec.GetAdded() != tc.wantInFile {
				t.Fatalf("recovered record added = %v, want %v", rec.GetAdded(), tc.wantInFile)
			}
		})
	}
}
