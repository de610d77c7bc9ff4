package supervisor

import (
	"sync"

	"github.com/asynkron/protoactor-go/actor"
)

// watcher is a bare protoactor process that closes a channel when the
// process it watches terminates.
type watcher struct {
	done chan struct{}
	once sync.Once
}

func (w *watcher) SendUserMessage(*actor.PID, any) {}

func (w *watcher) SendSystemMessage(_ *actor.PID, m any) {
	if _, ok := m.(*actor.Terminated); ok {
		w.once.Do(func() { close(w.done) })
	}
}

func (w *watcher) Stop(*actor.PID) {}

// watch returns a channel closed once the process at pid has terminated
// (at once if there is none).
func watch(sys *actor.ActorSystem, pid *actor.PID) <-chan struct{} {
	w := &watcher{done: make(chan struct{})}
	reg := sys.ProcessRegistry
	wpid, _ := reg.Add(w, "supervisor-watch"+reg.NextID())
	go func() {
		<-w.done
		reg.Remove(wpid)
	}()
	target, _ := reg.Get(pid)
	target.SendSystemMessage(pid, &actor.Watch{Watcher: wpid})
	return w.done
}
