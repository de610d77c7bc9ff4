package scheduler

import schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"

// pending is a call waiting to be sent, or a flush marker (call nil).
type pending struct {
	call *schedulerv1.Call
	// done, when set, receives the outcome; otherwise a failure is
	// reported to the behaviour.
	done chan error
}

func (p *pending) finish(f *framework, err error) {
	if p.done != nil {
		p.done <- err
		return
	}
	if err != nil && p.call != nil {
		f.callFailed(p.call, err)
	}
}
