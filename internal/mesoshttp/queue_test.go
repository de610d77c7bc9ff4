package mesoshttp_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/mactor/mactor/internal/mesoshttp"
)

func TestQueueOrderAndClose(t *testing.T) {
	q := mesoshttp.NewQueue[int]()
	for i := range 5 {
		q.Push(i)
	}
	if v, ok := q.Pop(context.Background()); !ok || v != 0 {
		t.Fatalf("Pop = %d, %v", v, ok)
	}
	if got := q.PopWhile(func(v int) bool { return v < 3 }); !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("PopWhile = %v", got)
	}
	if rest := q.Close(); !slices.Equal(rest, []int{3, 4}) {
		t.Fatalf("Close = %v", rest)
	}
	if q.Push(9) {
		t.Fatal("Push after Close succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, ok := q.Pop(ctx); ok {
		t.Fatal("Pop on a closed, cancelled queue succeeded")
	}
}

func TestQueueConcurrent(t *testing.T) {
	q := mesoshttp.NewQueue[int]()
	const producers, each = 4, 1000
	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				q.Push(p*each + i)
			}
		}()
	}
	last := make([]int, producers)
	for i := range last {
		last[i] = -1
	}
	for range producers * each {
		v, _ := q.Pop(context.Background())
		p := v / each
		if v <= last[p] {
			t.Fatalf("producer %d out of order: %d after %d", p, v, last[p])
		}
		last[p] = v
	}
	wg.Wait()
}
