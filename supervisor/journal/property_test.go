package journal

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"pgregory.net/rapid"
)

// TestPropertyReplay drives a Log with random events, snapshot intervals,
// batch sizes, injected write failures, actor restarts and store crashes
// (the queue dropped, as when the process dies), and checks after every
// restart that the recovered state is the fold of a prefix of the events
// that contains every acknowledged one.
func TestPropertyReplay(t *testing.T) {
	for _, kind := range storeKinds {
		t.Run(kind.name, func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) { propReplay(t, rt, kind) })
		})
	}
}

type propAction int

const (
	actPersist propAction = iota
	actSync               // wait for every outstanding completion
	actFail               // make the next group commit fail
	actRestart            // the actor panics for an unrelated reason
	actCrash              // the process dies: queued writes are lost
)

func propReplay(t *testing.T, rt *rapid.T, kind storeKind) {
	every := rapid.IntRange(0, 12).Draw(rt, "snapshotEvery")
	maxBatch := rapid.IntRange(1, 8).Draw(rt, "maxBatch")
	actions := rapid.SliceOfN(rapid.SampledFrom([]propAction{
		actPersist, actPersist, actPersist, actPersist, actPersist, actPersist,
		actSync, actFail, actRestart, actCrash,
	}), 1, 80).Draw(rt, "actions")

	var failNext atomic.Int32
	opts := []Option{
		WithMaxBatch(maxBatch, 0),
		WithNoSync(true), // kill -9 semantics need no fsync; keeps the test fast
		withCommitHook(func() error {
			if failNext.Load() > 0 {
				failNext.Add(-1)
				return errors.New("injected")
			}
			return nil
		}),
	}
	ctx := context.Background()
	store := kind.open(t, opts...)
	defer func() { closeStore(t, store) }()

	var (
		history     [][]byte // history[i] is the event the current timeline gave seq i+1
		acked       uint64   // highest acknowledged sequence number
		outstanding int      // completions not yet received
		done        = make(chan Completion, 1024)
		log         *Log[tally]
		logOpts     = []LogOption{SnapshotEvery(every)}
	)
	recoverLog := func(why string) {
		l, err := Recover(ctx, store, "s", counterModel(), logOpts...)
		if err != nil {
			rt.Fatalf("recover after %s: %v", why, err)
		}
		n := l.Seq()
		if n < acked {
			rt.Fatalf("after %s: recovered %d events, but %d were acknowledged", why, n, acked)
		}
		if n > uint64(len(history)) {
			rt.Fatalf("after %s: recovered %d events, only %d were persisted", why, n, len(history))
		}
		if want := foldTally(history[:n]); l.State() != want {
			rt.Fatalf("after %s: state %+v, fold of the first %d events is %+v", why, l.State(), n, want)
		}
		history = history[:n]
		log = l
	}
	// settle hands one completion to the actor; a durability panic restarts it.
	settle := func(c Completion) {
		var de *DurabilityError
		p := catchPanic(func() {
			if log.Settle(c) && c.Seq > acked {
				acked = c.Seq
			}
		})
		if p != nil {
			if !errors.As(asError(p), &de) {
				panic(p)
			}
			recoverLog("failed write")
		}
	}
	recoverLog("start")

	for _, a := range actions {
		switch a {
		case actPersist:
			e := rapid.SliceOfN(rapid.Byte(), 0, 12).Draw(rt, "event")
			before, l := log.Seq(), log
			p := catchPanic(func() {
				if _, err := l.Persist(ctx, e, func(c Completion) { done <- c }); err != nil {
					rt.Fatalf("persist: %v", err)
				}
			})
			if l.Seq() > before { // queued: a completion will come
				history = append(history, e)
				outstanding++
			}
			if p != nil { // an earlier write of this Log failed
				recoverLog("panic in Persist")
			}
		case actSync:
			for ; outstanding > 0; outstanding-- {
				settle(<-done)
			}
		case actFail:
			failNext.Add(1)
		case actRestart:
			recoverLog("restart")
		case actCrash:
			store = kind.reopen(t, store, true, opts...)
			if b, ok := store.(*Bolt); ok {
				checkIndex(rt, b)
			}
			recoverLog("crash")
		}
		// Take whatever completions are there, as a mailbox would.
		for drained := false; !drained; {
			select {
			case c := <-done:
				outstanding--
				settle(c)
			default:
				drained = true
			}
		}
	}
	for ; outstanding > 0; outstanding-- {
		settle(<-done)
	}
	if b, ok := store.(*Bolt); ok {
		// Snapshots the Log queued may still be in flight; a Read waits
		// for every write queued to the stream.
		if _, err := b.Read(ctx, "s"); err != nil {
			rt.Fatalf("read: %v", err)
		}
		checkIndex(rt, b)
	}
	failNext.Store(0)
	store = kind.reopen(t, store, false, opts...)
	recoverLog("reopen")
}
