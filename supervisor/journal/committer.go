package journal

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"
)

// backend is the storage under the committer: bbolt or memory.
type backend interface {
	// update runs fn in one atomic transaction and makes it durable before
	// returning nil. If fn fails, nothing of it is kept. If the commit
	// itself fails, the outcome is unknown and update returns an error
	// wrapping ErrBroken.
	update(fn func(backendTx) error) error
	// read returns a stream's durable contents.
	read(stream string) (History, error)
	// close releases the backend.
	close() error
}

// backendTx is one write transaction of a backend.
type backendTx interface {
	// last returns the stream's last sequence number and its snapshot's.
	last(stream string) (last, snap uint64, err error)
	// putEvents stores events numbered first, first+1, … .
	putEvents(stream string, first uint64, events [][]byte) error
	// putSnapshot replaces the stream's snapshot and deletes its events up
	// to seq.
	putSnapshot(stream string, seq uint64, state []byte) error
	// deleteStream removes everything of the stream.
	deleteStream(stream string) error
}

type opKind uint8

const (
	opAppend opKind = iota
	opSnapshot
	opDelete
)

// op is one queued write request.
type op struct {
	Future
	kind   opKind
	stream string
	expect uint64   // opAppend: expected last sequence number, or Any
	seq    uint64   // opSnapshot: its sequence number
	events [][]byte // opAppend
	state  []byte   // opSnapshot
	size   int64    // bytes charged to the budget

	// outcome decided inside the transaction, published after the commit
	rng Range
	err error
}

// perRequestOverhead is what a request is charged on top of its data, so
// that many tiny requests also count against the budget.
const perRequestOverhead = 64

// Stats counts what a store's committer has done since it was opened.
type Stats struct {
	Commits  uint64 // group commits attempted (transactions)
	Requests uint64 // requests completed, written or failed
	Events   uint64 // events written
	Failed   uint64 // requests that completed with an error
}

// engine implements Store over a backend: the queue, the group-commit loop,
// the validation of sequence numbers, and the per-stream read barrier. Both
// Bolt and Memory embed it, so they behave identically above the storage.
type engine struct {
	be  backend
	cfg config
	log *zap.Logger

	queue   chan *op
	budget  *budget
	closing chan struct{} // closed when Close begins
	stopped chan struct{} // closed when the commit loop has exited

	mu      sync.Mutex
	closed  bool
	pending map[string][]*op // queued, not yet completed writes per stream
	senders sync.WaitGroup   // submitters between registration and send
	readers sync.WaitGroup   // Read calls in progress

	abort     atomic.Bool  // fail queued requests instead of writing them
	broken    atomic.Value // error: set after a backend panic
	closeOnce sync.Once
	closeErr  error

	commits, requests, events, failed atomic.Uint64

	lasts map[string]*streamPos // per-transaction scratch, commit loop only
}

// streamPos is a stream's position as seen inside one transaction.
type streamPos struct {
	last, snap uint64
	err        error
}

func newEngine(be backend, cfg config) *engine {
	e := &engine{
		be:      be,
		cfg:     cfg,
		log:     cfg.log,
		queue:   make(chan *op, cfg.queueSize),
		budget:  newBudget(cfg.maxPendingBytes),
		closing: make(chan struct{}),
		stopped: make(chan struct{}),
		pending: make(map[string][]*op),
		lasts:   make(map[string]*streamPos),
	}
	go e.run()
	return e
}

// AppendAsync implements Store.
func (e *engine) AppendAsync(ctx context.Context, stream string, expect uint64, events ...[]byte) *Future {
	if err := checkStream(stream); err != nil {
		return failedFuture(err)
	}
	if len(events) == 0 {
		return failedFuture(fmt.Errorf("%w: stream %q", ErrNoEvents, stream))
	}
	o := &op{kind: opAppend, stream: stream, expect: expect, events: events}
	o.size = perRequestOverhead + int64(len(stream))
	for _, ev := range events {
		o.size += int64(len(ev)) + 16
	}
	return e.submit(ctx, o)
}

// Append implements Store.
func (e *engine) Append(ctx context.Context, stream string, expect uint64, events ...[]byte) (Range, error) {
	return e.AppendAsync(ctx, stream, expect, events...).Wait(ctx)
}

// SaveSnapshot implements Store.
func (e *engine) SaveSnapshot(ctx context.Context, stream string, seq uint64, state []byte) *Future {
	if err := checkStream(stream); err != nil {
		return failedFuture(err)
	}
	o := &op{kind: opSnapshot, stream: stream, seq: seq, state: state}
	o.size = perRequestOverhead + int64(len(stream)) + int64(len(state))
	return e.submit(ctx, o)
}

// Delete implements Store.
func (e *engine) Delete(ctx context.Context, stream string) error {
	if err := checkStream(stream); err != nil {
		return err
	}
	o := &op{kind: opDelete, stream: stream, size: perRequestOverhead + int64(len(stream))}
	_, err := e.submit(ctx, o).Wait(ctx)
	return err
}

// Read implements Store.
func (e *engine) Read(ctx context.Context, stream string) (History, error) {
	if err := checkStream(stream); err != nil {
		return History{}, err
	}
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return History{}, ErrClosed
	}
	waits := append([]*op(nil), e.pending[stream]...)
	e.readers.Add(1)
	e.mu.Unlock()
	defer e.readers.Done()

	for _, o := range waits {
		select {
		case <-o.done:
		case <-ctx.Done():
			return History{}, fmt.Errorf("journal: read %q: waiting for queued writes: %w", stream, ctx.Err())
		}
	}
	h, err := e.be.read(stream)
	if err != nil {
		return History{}, err
	}
	if err := h.check(stream); err != nil {
		return History{}, err
	}
	return h, nil
}

// Close implements Store.
func (e *engine) Close() error { return e.shutdown(false) }

// crash closes the store the way a killed process would: queued requests are
// failed with ErrClosed instead of being written. A group commit already in
// progress finishes. Tests only.
func (e *engine) crash() { _ = e.shutdown(true) }

func (e *engine) shutdown(abort bool) error {
	e.closeOnce.Do(func() {
		if abort {
			e.abort.Store(true)
		}
		e.mu.Lock()
		e.closed = true
		e.mu.Unlock()
		close(e.closing) // wakes submitters waiting for room
		e.senders.Wait() // nobody sends any more
		close(e.queue)   // the commit loop drains what is queued, then exits
		<-e.stopped
		e.readers.Wait()
		e.closeErr = e.be.close()
		e.log.Debug("journal store closed", zap.Bool("abort", abort), zap.Error(e.closeErr))
	})
	return e.closeErr
}

// Stats returns counters of the committer's work.
func (e *engine) Stats() Stats {
	return Stats{
		Commits:  e.commits.Load(),
		Requests: e.requests.Load(),
		Events:   e.events.Load(),
		Failed:   e.failed.Load(),
	}
}

// submit admits o to the queue, waiting for room, and returns its Future.
func (e *engine) submit(ctx context.Context, o *op) *Future {
	o.init()
	if ctx == nil {
		ctx = context.Background()
	}
	if o.size > e.cfg.maxPendingBytes {
		o.complete(Range{}, fmt.Errorf("%w: stream %q: %d bytes, budget %d", ErrTooLarge, o.stream, o.size, e.cfg.maxPendingBytes))
		return &o.Future
	}
	if err := e.budget.acquire(ctx, o.size, e.closing); err != nil {
		o.complete(Range{}, fmt.Errorf("journal: %q: waiting for queue room: %w", o.stream, err))
		return &o.Future
	}
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		e.budget.release(o.size)
		o.complete(Range{}, ErrClosed)
		return &o.Future
	}
	e.pending[o.stream] = append(e.pending[o.stream], o)
	e.senders.Add(1)
	e.mu.Unlock()

	var err error
	select {
	case e.queue <- o:
	case <-ctx.Done():
		err = fmt.Errorf("journal: %q: waiting for queue room: %w", o.stream, ctx.Err())
	case <-e.closing:
		err = ErrClosed
	}
	e.senders.Done()
	if err != nil {
		e.budget.release(o.size)
		o.complete(Range{}, err)
		e.unregister([]*op{o})
	}
	return &o.Future
}

// unregister removes completed requests from the read barrier.
func (e *engine) unregister(ops []*op) {
	e.mu.Lock()
	for _, o := range ops {
		list := e.pending[o.stream]
		for i, p := range list {
			if p == o {
				if i == 0 { // the usual case: writes complete in queue order
					list[0] = nil
					list = list[1:]
				} else {
					list = append(list[:i], list[i+1:]...)
				}
				break
			}
		}
		if len(list) == 0 {
			delete(e.pending, o.stream)
		} else {
			e.pending[o.stream] = list
		}
	}
	e.mu.Unlock()
}

// run is the commit loop: it takes whatever is queued, up to the batch
// bounds, writes it in one transaction with one fsync, then completes every
// request of the batch. Requests that arrive meanwhile wait in the queue for
// the next round, which is what makes the commits grow under load.
func (e *engine) run() {
	defer close(e.stopped)
	// A damaged file can make the storage touch memory outside its mapping;
	// fault into a recoverable panic (see commit) rather than crash.
	debug.SetPanicOnFault(true)
	batch := make([]*op, 0, 64)
	for {
		o, ok := <-e.queue
		if !ok {
			return
		}
		batch = append(batch[:0], o)
		size := o.size
	fill:
		for len(batch) < e.cfg.maxBatch && size < e.cfg.maxBatchBytes {
			select {
			case o, ok := <-e.queue:
				if !ok {
					break fill
				}
				batch = append(batch, o)
				size += o.size
			default:
				break fill
			}
		}
		e.process(batch, size)
		clear(batch) // drop references for the collector
	}
}

// process writes one batch and completes its requests.
func (e *engine) process(batch []*op, size int64) {
	var err error
	start := time.Now()
	switch {
	case e.abort.Load():
		err = ErrClosed
	case e.broken.Load() != nil:
		err = e.broken.Load().(error)
	default:
		e.commits.Add(1)
		err = e.commit(batch)
	}
	if err != nil {
		e.log.Error("journal group commit failed", zap.Int("requests", len(batch)), zap.Error(err))
	} else if ce := e.log.Check(zap.DebugLevel, "journal group commit"); ce != nil {
		ce.Write(zap.Int("requests", len(batch)), zap.Int64("bytes", size), zap.Duration("took", time.Since(start)))
	}
	var written uint64
	for _, o := range batch {
		if err != nil {
			o.rng, o.err = Range{}, err
		}
		if o.err != nil {
			e.failed.Add(1)
		} else if o.kind == opAppend {
			written += uint64(len(o.events))
		}
		r, oerr := o.rng, o.err
		o.events, o.state = nil, nil
		o.complete(r, oerr)
	}
	e.requests.Add(uint64(len(batch)))
	e.events.Add(written)
	e.unregister(batch)
	e.budget.release(size)
}

// commit runs one transaction over the batch. Requests that fail validation
// are skipped with their own error; an error returned fails them all.
func (e *engine) commit(batch []*op) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: storage panicked: %v", ErrBroken, p)
			e.broken.Store(err)
		}
	}()
	if e.cfg.commitHook != nil {
		if herr := e.cfg.commitHook(); herr != nil {
			return fmt.Errorf("%w: %w", ErrWrite, herr)
		}
	}
	err = e.be.update(func(tx backendTx) error { return e.apply(tx, batch) })
	switch {
	case err == nil:
	case errors.Is(err, ErrBroken):
		e.broken.Store(err)
	default:
		err = fmt.Errorf("%w: %w", ErrWrite, err)
	}
	return err
}

// apply validates and stages each request of the batch in tx.
func (e *engine) apply(tx backendTx, batch []*op) error {
	clear(e.lasts)
	for _, o := range batch {
		o.rng, o.err = Range{}, nil
		pos := e.lasts[o.stream]
		if pos == nil {
			pos = &streamPos{}
			pos.last, pos.snap, pos.err = tx.last(o.stream)
			e.lasts[o.stream] = pos
		}
		if pos.err != nil && o.kind != opDelete {
			o.err = pos.err
			continue
		}
		switch o.kind {
		case opAppend:
			if o.expect != Any && o.expect != pos.last {
				o.err = fmt.Errorf("%w: stream %q: append expects last %d, stream is at %d", ErrSequence, o.stream, o.expect, pos.last)
				continue
			}
			first := pos.last + 1
			if err := tx.putEvents(o.stream, first, o.events); err != nil {
				return err
			}
			pos.last += uint64(len(o.events))
			o.rng = Range{First: first, Last: pos.last}
		case opSnapshot:
			if o.seq == 0 || o.seq > pos.last || o.seq < pos.snap {
				o.err = fmt.Errorf("%w: stream %q: snapshot at %d, stream is at %d with snapshot at %d", ErrSequence, o.stream, o.seq, pos.last, pos.snap)
				continue
			}
			if err := tx.putSnapshot(o.stream, o.seq, o.state); err != nil {
				return err
			}
			pos.snap = o.seq
			o.rng = Range{First: o.seq, Last: o.seq}
		case opDelete:
			if err := tx.deleteStream(o.stream); err != nil {
				return err
			}
			*pos = streamPos{}
		}
	}
	return nil
}
