package executor

import (
	"crypto/rand"
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
)

// pending is a call waiting to be sent, or a flush marker (call nil).
type pending struct {
	call *executorv1.Call
	done chan error
}

func (p *pending) finish(r *runner, err error) {
	if p.done != nil {
		p.done <- err
		return
	}
	if err != nil && p.call != nil {
		r.callFailed(p.call, err)
	}
}

// newCall returns a call of type t carrying the executor's identity.
func (r *runner) newCall(t executorv1.Call_Type) *executorv1.Call {
	return &executorv1.Call{
		Type:        t.Enum(),
		ExecutorId:  &mesosv1.ExecutorID{Value: proto.String(r.env.ExecutorID)},
		FrameworkId: &mesosv1.FrameworkID{Value: proto.String(r.env.FrameworkID)},
	}
}

// newUUID returns a random (version 4) UUID in its 16-byte form, which is
// what Mesos expects in TaskStatus.uuid.
func newUUID() []byte {
	u := make([]byte, 16)
	_, _ = rand.Read(u)
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}

// SendStatusUpdate implements Driver.
func (r *runner) SendStatusUpdate(status *mesosv1.TaskStatus) error {
	if status == nil {
		return fmt.Errorf("%w: nil status", ErrInvalidCall)
	}
	st := proto.Clone(status).(*mesosv1.TaskStatus)
	if st.ExecutorId == nil {
		st.ExecutorId = &mesosv1.ExecutorID{Value: proto.String(r.env.ExecutorID)}
	}
	if st.Source == nil {
		st.Source = mesosv1.TaskStatus_SOURCE_EXECUTOR.Enum()
	}
	if len(st.Uuid) == 0 {
		st.Uuid = newUUID()
	}
	if st.Timestamp == nil {
		st.Timestamp = proto.Float64(float64(time.Now().UnixNano()) / 1e9)
	}
	if st.GetSource() != mesosv1.TaskStatus_SOURCE_EXECUTOR || st.GetExecutorId().GetValue() != r.env.ExecutorID {
		return fmt.Errorf("%w: an executor sends only its own updates (source SOURCE_EXECUTOR, executor %q)", ErrInvalidCall, r.env.ExecutorID)
	}
	c := r.newCall(executorv1.Call_UPDATE)
	c.Update = &executorv1.Call_Update{Status: st}
	if err := proto.CheckInitialized(c); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidCall, err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopping {
		return ErrStopped
	}
	r.updateSeq++
	r.updates = append(r.updates, unacked{seq: r.updateSeq, update: c.Update})
	if r.subscribed {
		r.queue.Push(&pending{call: c})
	}
	return nil
}

// SendFrameworkMessage implements Driver.
func (r *runner) SendFrameworkMessage(data []byte) error {
	c := r.newCall(executorv1.Call_MESSAGE)
	c.Message = &executorv1.Call_Message{Data: append([]byte{}, data...)}
	r.mu.Lock()
	stopping, subscribed := r.stopping, r.subscribed
	r.mu.Unlock()
	switch {
	case stopping:
		return ErrStopped
	case !subscribed:
		return ErrNotSubscribed
	}
	if !r.queue.Push(&pending{call: c}) {
		return ErrStopped
	}
	return nil
}

// launched records tasks the agent asked to launch: they are
// "unacknowledged" until an update of theirs is acknowledged.
func (r *runner) launched(tasks ...*mesosv1.TaskInfo) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tasks = append(r.tasks, tasks...)
}

// acknowledged forgets the update uuid and marks its task acknowledged.
func (r *runner) acknowledged(task *mesosv1.TaskID, uuid []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.updates = deleteFunc(r.updates, func(u unacked) bool { return u.is(uuid) })
	r.tasks = deleteFunc(r.tasks, func(t *mesosv1.TaskInfo) bool {
		return t.GetTaskId().GetValue() == task.GetValue()
	})
}

// dropUpdate forgets an update the agent will never take.
func (r *runner) dropUpdate(uuid []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.updates = deleteFunc(r.updates, func(u unacked) bool { return u.is(uuid) })
}

// unacked is an update the agent has not acknowledged yet.
type unacked struct {
	seq    uint64
	update *executorv1.Call_Update
}

func (u unacked) is(uuid []byte) bool { return string(u.update.GetStatus().GetUuid()) == string(uuid) }

// unacknowledged returns what SUBSCRIBE must resend, and notes which
// updates it covers.
func (r *runner) unacknowledged() ([]*mesosv1.TaskInfo, []*executorv1.Call_Update) {
	r.mu.Lock()
	defer r.mu.Unlock()
	updates := make([]*executorv1.Call_Update, len(r.updates))
	for i, u := range r.updates {
		updates[i] = u.update
	}
	r.subscribeSeq = r.updateSeq
	return append([]*mesosv1.TaskInfo(nil), r.tasks...), updates
}

func deleteFunc[T any](s []T, del func(T) bool) []T {
	out := s[:0]
	for _, v := range s {
		if !del(v) {
			out = append(out, v)
		}
	}
	clear(s[len(out):])
	return out
}
