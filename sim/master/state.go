package master

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// State is the body of GET /state: a small, stable subset of Mesos's
// /state.
type State struct {
	ID         string           `json:"id"`
	Hostname   string           `json:"hostname"`
	Frameworks []FrameworkState `json:"frameworks"`
	// CompletedFrameworks are the frameworks torn down or timed out, with
	// their tasks, as Mesos keeps them.
	CompletedFrameworks []FrameworkState `json:"completed_frameworks"`
	Agents              []AgentState     `json:"slaves"`
}

// FrameworkState is one framework in /state.
type FrameworkState struct {
	ID        string      `json:"id"`
	Name      string      `json:"name"`
	Roles     []string    `json:"roles"`
	Active    bool        `json:"active"`
	Connected bool        `json:"connected"`
	Tasks     []TaskState `json:"tasks"`
}

// TaskState is one task in /state.
type TaskState struct {
	ID          string            `json:"id"`
	Name        string            `json:"name"`
	FrameworkID string            `json:"framework_id"`
	AgentID     string            `json:"slave_id"`
	ExecutorID  string            `json:"executor_id"` // "" for a command task, as in Mesos
	State       string            `json:"state"`
	Labels      map[string]string `json:"labels,omitempty"`
}

// AgentState is one agent in /state.
type AgentState struct {
	ID       string `json:"id"`
	Hostname string `json:"hostname"`
}

// Snapshot returns the master's state.
func (m *Master) Snapshot() State {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := State{ID: m.cfg.ID, Hostname: m.cfg.Hostname, Frameworks: []FrameworkState{}, CompletedFrameworks: []FrameworkState{}, Agents: []AgentState{}}
	for _, id := range sortedKeys(m.frameworks) {
		f := m.frameworks[id]
		fs := FrameworkState{ID: id, Name: f.info.GetName(), Roles: f.info.GetRoles(), Active: f.stream != nil, Connected: f.stream != nil, Tasks: []TaskState{}}
		for _, tid := range sortedKeys(f.tasks) {
			t := f.tasks[tid]
			ts := TaskState{ID: tid, Name: t.info.GetName(), FrameworkID: id, AgentID: t.info.GetAgentId().GetValue(), ExecutorID: t.executor, State: t.status.GetState().String()}
			for _, l := range t.info.GetLabels().GetLabels() {
				if ts.Labels == nil {
					ts.Labels = map[string]string{}
				}
				ts.Labels[l.GetKey()] = l.GetValue()
			}
			fs.Tasks = append(fs.Tasks, ts)
		}
		if f.removed {
			st.CompletedFrameworks = append(st.CompletedFrameworks, fs)
		} else {
			st.Frameworks = append(st.Frameworks, fs)
		}
	}
	for _, id := range sortedKeys(m.agents) {
		st.Agents = append(st.Agents, AgentState{ID: id, Hostname: m.agents[id].GetHostname()})
	}
	return st
}

func (m *Master) serveState(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(m.Snapshot())
}

func (m *Master) serveHealth(w http.ResponseWriter, _ *http.Request) {
	w.WriteHeader(http.StatusOK)
}

// serveRedirect is /redirect: as Mesos's, a 307 to the leading master
// (this one) with a protocol-relative Location.
func (m *Master) serveRedirect(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Location", fmt.Sprintf("//%s:%d", m.cfg.Hostname, m.cfg.Port))
	w.WriteHeader(http.StatusTemporaryRedirect)
}
