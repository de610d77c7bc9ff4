package journal

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// helperEnv names the environment variable that turns the test binary into
// the SIGKILL test's child; its value is the journal file's path.
const helperEnv = "MACTOR_JOURNAL_HELPER"

const (
	killRawStreams = 4  // streams written with pipelined AppendAsync
	killWindow     = 32 // appends in flight per raw stream
	killLogStream  = "log/0"
	killLogEvery   = 50   // the Log stream's snapshot interval
	killAcksPerRun = 1500 // acks the parent waits for before it kills
	killRounds     = 3
)

// killPayload is the content of event seq of stream: ~100 bytes that say
// where they belong, so that a misplaced or damaged event is caught.
func killPayload(stream string, seq uint64) []byte {
	unit := fmt.Sprintf("%s#%d|", stream, seq)
	return bytes.Repeat([]byte(unit), 100/len(unit)+1)[:100]
}

// TestSIGKILL runs a child process that appends to a bbolt journal as fast
// as it can and prints every acknowledged sequence number, kills it with
// SIGKILL mid-stream, and checks that every acknowledged event is in the
// file, intact, in order and without gaps. Three rounds: each child first
// recovers what the previous one left.
func TestSIGKILL(t *testing.T) {
	path := filepath.Join(t.TempDir(), DefaultFileName)
	acked := map[string]uint64{}  // highest acknowledged sequence number per stream
	inFile := map[string]uint64{} // last sequence number in the file before the round
	for round := range killRounds {
		got := runKilledChild(t, path)
		for stream, seqs := range got {
			// Each child continues where the file ends; an event can be
			// durable yet unacknowledged when the kill lands between the
			// fsync and the print.
			next := inFile[stream] + 1
			for _, seq := range seqs {
				if seq != next {
					t.Fatalf("round %d: %s acknowledged %d, expected %d", round, stream, seq, next)
				}
				acked[stream] = seq
				next++
			}
		}
		inFile = verifyKilled(t, path, acked)
		t.Logf("round %d: acknowledged up to %v; in the file %v", round, acked, inFile)
	}
}

// runKilledChild starts the child, kills it after killAcksPerRun acks and
// returns the acknowledged sequence numbers per stream, in the order printed.
func runKilledChild(t *testing.T, path string) map[string][]uint64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill after 20 s whatever happens, so that the test is bounded.
	watchdog := time.AfterFunc(20*time.Second, func() { _ = cmd.Process.Kill() })
	defer watchdog.Stop()

	got := map[string][]uint64{}
	n := 0
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 || f[0] != "ack" {
			continue
		}
		seq, err := strconv.ParseUint(f[2], 10, 64)
		if err != nil {
			t.Fatalf("bad line %q", sc.Text())
		}
		got[f[1]] = append(got[f[1]], seq)
		if n++; n == killAcksPerRun {
			// Mid-stream: the child has more appends in flight.
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
		}
	}
	err = cmd.Wait()
	if n < killAcksPerRun {
		t.Fatalf("child stopped after %d acks: %v\n%s", n, err, stderr.Bytes())
	}
	if !strings.Contains(fmt.Sprint(err), "killed") {
		t.Fatalf("child ended with %v, want killed\n%s", err, stderr.Bytes())
	}
	return got
}

// verifyKilled reopens the file, checks every stream against what was
// acknowledged, and returns each stream's last sequence number.
func verifyKilled(t *testing.T, path string, acked map[string]uint64) map[string]uint64 {
	t.Helper()
	last := map[string]uint64{}
	b, err := OpenBolt(path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer closeStore(t, b)
	ctx := context.Background()
	for stream, want := range acked {
		h, err := b.Read(ctx, stream) // also checks contiguity
		if err != nil {
			t.Fatalf("%s: %v", stream, err)
		}
		if h.LastSeq() < want {
			t.Fatalf("%s: acknowledged %d, file ends at %d", stream, want, h.LastSeq())
		}
		last[stream] = h.LastSeq()
		if stream == killLogStream {
			l, err := Recover(ctx, b, stream, killModel(), SnapshotEvery(0))
			if err != nil {
				t.Fatalf("%s: recover: %v", stream, err)
			}
			wantState := tally{}
			for seq := uint64(1); seq <= h.LastSeq(); seq++ {
				wantState = wantState.apply(killPayload(stream, seq))
			}
			if l.State() != wantState || h.SnapshotSeq == 0 {
				t.Fatalf("%s: recovered %+v (snapshot at %d), want %+v", stream, l.State(), h.SnapshotSeq, wantState)
			}
			continue
		}
		if h.SnapshotSeq != 0 || len(h.Events) == 0 || h.Events[0].Seq != 1 {
			t.Fatalf("%s: unexpected shape: snapshot %d, %d events", stream, h.SnapshotSeq, len(h.Events))
		}
		for _, e := range h.Events {
			if !bytes.Equal(e.Data, killPayload(stream, e.Seq)) {
				t.Fatalf("%s: event %d damaged: %q", stream, e.Seq, e.Data)
			}
		}
	}
	return last
}

// killModel is the tally model with the Log stream's payloads checked.
func killModel() Model[tally] {
	m := counterModel()
	apply := m.Apply
	m.Apply = func(s tally, event []byte) (tally, error) {
		if want := killPayload(killLogStream, s.N+1); !bytes.Equal(event, want) {
			return s, fmt.Errorf("event %d is %q", s.N+1, event)
		}
		return apply(s, event)
	}
	return m
}

// TestHelperProcess is the SIGKILL test's child. It does nothing unless
// helperEnv is set. It appends until it is killed.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv(helperEnv)
	if path == "" {
		t.Skip("only run as the child of TestSIGKILL")
	}
	// Never outlive a parent that failed to kill us.
	time.AfterFunc(60*time.Second, func() { os.Exit(3) })
	b, err := OpenBolt(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var stdout sync.Mutex
	ack := func(stream string, seq uint64) {
		stdout.Lock()
		defer stdout.Unlock()
		// One write per line, unbuffered: what the parent reads was
		// acknowledged before it was printed.
		_, _ = fmt.Fprintf(os.Stdout, "ack %s %d\n", stream, seq)
	}
	die := func(err error) {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(2)
	}
	ctx := context.Background()
	for i := range killRawStreams {
		stream := fmt.Sprintf("raw/%d", i)
		h, err := b.Read(ctx, stream)
		if err != nil {
			die(err)
		}
		go func() {
			window := make(chan struct{}, killWindow)
			for seq := h.LastSeq() + 1; ; seq++ {
				window <- struct{}{}
				b.AppendAsync(ctx, stream, seq-1, killPayload(stream, seq)).Then(func(r Range, err error) {
					if err != nil {
						die(err)
					}
					ack(stream, r.First)
					<-window
				})
			}
		}()
	}
	l, err := Recover(ctx, b, killLogStream, killModel(), SnapshotEvery(killLogEvery))
	if err != nil {
		die(err)
	}
	done := make(chan Completion, killWindow)
	for inflight := 0; ; {
		for inflight < killWindow {
			if _, err := l.Persist(ctx, killPayload(killLogStream, l.Seq()+1), func(c Completion) { done <- c }); err != nil {
				die(err)
			}
			inflight++
		}
		c := <-done
		inflight--
		if l.Settle(c) {
			ack(c.Stream, c.Seq)
		}
	}
}
