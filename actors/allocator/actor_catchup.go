package allocator

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"go.uber.org/zap"

	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// ownerEvent is an owner's journal event read back from its stream.
type ownerEvent struct {
	key      owner.Key
	seq      uint64
	at       time.Time
	session  string
	firstSeq uint64
	data     []byte
	calls    []*bridgev1.Call
}

// catchUpAll reads, from the stream of every owner the actor knows (its
// marks) or the registry lists, the events the actor has not applied, and
// applies them merged in the order the module sent them. It returns how
// many it applied.
func (a *Actor) catchUpAll() int {
	keys := map[owner.Key]bool{owner.ClusterKey: true}
	for k := range a.core.marks {
		keys[k] = true
	}
	frameworks, agents := a.directory()
	for _, id := range frameworks {
		keys[owner.Key{Kind: owner.Framework, ID: id}] = true
	}
	for _, id := range agents {
		keys[owner.Key{Kind: owner.Agent, ID: id}] = true
	}
	var streams [][]ownerEvent
	for _, k := range sortedKeySet(keys) {
		if evs := a.read(k); len(evs) > 0 {
			streams = append(streams, evs)
		}
	}
	return a.applyMerged(streams)
}

// catchUp applies what one owner's stream holds beyond the actor's mark.
func (a *Actor) catchUp(_ actor.Context, k owner.Key) {
	a.applyMerged([][]ownerEvent{a.read(k)})
}

// read returns the events of k's stream after the actor's mark.
func (a *Actor) read(k owner.Key) []ownerEvent {
	mark := a.core.marks[k]
	h, err := a.cfg.Store.Read(context.Background(), k.Stream())
	if err != nil {
		panic(err)
	}
	if h.SnapshotSeq > mark {
		// Owners compact only what the marks allow; this happens only if
		// the actor's journal was lost. The calls compacted away cannot be
		// applied.
		a.cfg.Logger.Error("allocator: owner events compacted before the allocator applied them; its index may miss their effect",
			zap.Stringer("owner", k), zap.Uint64("applied", mark), zap.Uint64("snapshot", h.SnapshotSeq))
	}
	var out []ownerEvent
	for _, e := range h.Events {
		if e.Seq <= mark {
			continue
		}
		ev, err := decodeOwnerEvent(k, e.Seq, e.Data)
		if err != nil {
			a.cfg.Logger.Error("allocator: undecodable owner event skipped", zap.Stringer("owner", k), zap.Uint64("event", e.Seq), zap.Error(err))
			continue
		}
		out = append(out, ev)
	}
	return out
}

func decodeOwnerEvent(k owner.Key, seq uint64, data []byte) (ownerEvent, error) {
	ev := &bridgev1.OwnerEvent{}
	if err := unmarshalPartial(data, ev); err != nil {
		return ownerEvent{}, err
	}
	out := ownerEvent{key: k, seq: seq, at: time.Unix(0, ev.GetTimeUnixNanos()), session: ev.GetSessionId(), data: data}
	for _, raw := range ev.GetCalls() {
		c := &bridgev1.Call{}
		if err := unmarshalPartial(raw, c); err != nil {
			return ownerEvent{}, err
		}
		out.calls = append(out.calls, c)
	}
	if len(out.calls) > 0 {
		out.firstSeq = out.calls[0].GetSequence()
	}
	return out, nil
}

// applyMerged applies several owners' events (each list in stream order)
// merged in the order the module sent them: by sequence number within a
// module session, by journal time otherwise.
func (a *Actor) applyMerged(streams [][]ownerEvent) int {
	h := &mergeHeap{}
	for _, s := range streams {
		if len(s) > 0 {
			*h = append(*h, s)
		}
	}
	heap.Init(h)
	n := 0
	for h.Len() > 0 {
		s := (*h)[0]
		ev := s[0]
		if ev.seq > a.core.marks[ev.key] {
			a.applyOwner(ev.key, ev.seq, ev.at, ev.data, ev.calls)
			n++
		}
		if len(s) == 1 {
			heap.Pop(h)
		} else {
			(*h)[0] = s[1:]
			heap.Fix(h, 0)
		}
	}
	return n
}

// before orders two owner events as the module sent them.
func before(x, y *ownerEvent) bool {
	if x.session != "" && x.session == y.session && x.firstSeq != 0 && y.firstSeq != 0 {
		return x.firstSeq < y.firstSeq
	}
	if !x.at.Equal(y.at) {
		return x.at.Before(y.at)
	}
	if c := cmp.Compare(x.key.Kind, y.key.Kind); c != 0 {
		return c < 0
	}
	if c := strings.Compare(x.key.ID, y.key.ID); c != 0 {
		return c < 0
	}
	return x.seq < y.seq
}

// mergeHeap holds the remaining events of each stream, by head.
type mergeHeap [][]ownerEvent

func (h mergeHeap) Len() int           { return len(h) }
func (h mergeHeap) Less(i, j int) bool { return before(&h[i][0], &h[j][0]) }
func (h mergeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)        { *h = append(*h, x.([]ownerEvent)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// directory reads, from the registry's stream, every framework and agent
// with a record: the directory in its snapshot and the entries its events
// add. It reads the store rather than asking the registry, which may be
// restarting too.
func (a *Actor) directory() (frameworks, agents []string) {
	h, err := a.cfg.Store.Read(context.Background(), owner.ClusterKey.Stream())
	if err != nil {
		panic(fmt.Errorf("allocator: read the registry's stream: %w", err))
	}
	if h.SnapshotSeq > 0 {
		rec := &bridgev1.ClusterRecord{}
		if err := unmarshalPartial(h.Snapshot, rec); err != nil {
			a.cfg.Logger.Error("allocator: undecodable registry snapshot", zap.Error(err))
		}
		frameworks, agents = rec.GetFrameworks(), rec.GetAgents()
	}
	for _, e := range h.Events {
		ev := &bridgev1.OwnerEvent{}
		if err := unmarshalPartial(e.Data, ev); err != nil {
			continue
		}
		frameworks = append(frameworks, ev.GetAddFrameworks()...)
		agents = append(agents, ev.GetAddAgents()...)
	}
	return frameworks, agents
}

func sortedKeySet(m map[owner.Key]bool) []owner.Key {
	keys := make([]owner.Key, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortKeys(keys)
	return keys
}

func sortKeys(keys []owner.Key) {
	slices.SortFunc(keys, func(x, y owner.Key) int {
		if c := cmp.Compare(x.Kind, y.Kind); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
}
