package allocator

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"pgregory.net/rapid"

	allocatorv1 "github.com/mactor/mactor/messages/allocator/v1"
)

// TestSnapshotRestoreDecidesTheSame checks, over random call sequences
// (both sorters), that an allocator restored from a snapshot taken at any
// point, encoded and decoded, makes exactly the decisions the original
// made from that point on, that its own snapshot equals the one it was
// restored from, and that its invariants hold.
func TestSnapshotRestoreDecidesTheSame(t *testing.T) {
	for _, sorter := range []string{SorterDRF, SorterRandom} {
		t.Run(sorter, func(t *testing.T) {
			policy, err := Sorted(sorter, sorter)
			if err != nil {
				t.Fatal(err)
			}
			rapid.Check(t, func(t *rapid.T) {
				seed := rapid.Uint64().Draw(t, "seed")
				m := newMachineWith(seed, policy)
				t.Repeat(m.actions())
				cut := rapid.IntRange(0, len(m.log)).Draw(t, "cut")

				before := newMachineWith(seed, policy)
				for _, c := range m.log[:cut] {
					_, _ = c.do(before.a, before.clock)
				}
				st, err := before.a.Snapshot()
				if err != nil {
					t.Fatal(err)
				}
				data, err := proto.Marshal(st)
				if err != nil {
					t.Fatal(err)
				}
				decoded := &allocatorv1.State{}
				if err := proto.Unmarshal(data, decoded); err != nil {
					t.Fatal(err)
				}
				clock := NewManualClock(before.clock.Now())
				restored, err := Restore(Config{Policy: policy, Clock: clock, Seed: seed, Debug: true}, decoded)
				if err != nil {
					t.Fatalf("restore after %d calls: %v", cut, err)
				}
				again, err := restored.Snapshot()
				if err != nil {
					t.Fatal(err)
				}
				if !proto.Equal(st, again) {
					t.Fatalf("snapshot of the restored allocator differs after %d calls: %s", cut, firstDifference(st, again))
				}
				for i, c := range m.log[cut:] {
					r, err := c.do(restored, clock)
					if got := render(c.desc, r, err); got != m.out[cut+i] {
						t.Fatalf("restored after %d calls, diverged at call %d:\n got  %s\n want %s", cut, cut+i, got, m.out[cut+i])
					}
				}
			})
		})
	}
}

// firstDifference renders two messages and shows where they first differ.
func firstDifference(x, y proto.Message) string {
	opts := prototext.MarshalOptions{Multiline: true}
	xl := strings.Split(opts.Format(x), "\n")
	yl := strings.Split(opts.Format(y), "\n")
	for i := 0; i < len(xl) && i < len(yl); i++ {
		if xl[i] != yl[i] {
			from := max(0, i-8)
			return "\nwant:\n" + strings.Join(xl[from:min(len(xl), i+3)], "\n") + "\ngot:\n" + strings.Join(yl[from:min(len(yl), i+3)], "\n")
		}
	}
	return "(one is a prefix of the other)"
}
