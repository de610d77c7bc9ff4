package master

import (
	"errors"

	"github.com/mactor/mactor/sim/internal/simhttp"
)

// Sentinel errors of the master.
var (
	// ErrUnknownFramework reports a framework the master does not know.
	ErrUnknownFramework = errors.New("master: framework cannot be found")
	// ErrUnknownAgent reports an agent the master does not know.
	ErrUnknownAgent = errors.New("master: agent cannot be found")
	// ErrUnknownTask reports a task the master does not know.
	ErrUnknownTask = errors.New("master: task cannot be found")
)

// httpError is a request the master refuses: an HTTP status and Mesos's
// message for it.
type httpError = simhttp.Error

func refuse(code int, msg string) *httpError { return simhttp.Refuse(code, msg) }

// noAgents is the message of the TASK_LOST of tasks launched on a master
// without a Launcher.
const noAgents = "No agent runs tasks in this simulation"
