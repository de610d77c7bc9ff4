package agent

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/google/uuid"
)

// sandbox creates a task's sandbox directory, laid out as Mesos lays it
// out: slaves/<agent>/frameworks/<framework>/executors/<executor>/runs/<container>.
func sandbox(workDir, agent, fw, executor string) (string, string, error) {
	container := uuid.NewString()
	dir := filepath.Join(workDir, "slaves", agent, "frameworks", fw, "executors", executor, "runs", container)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", "", fmt.Errorf("agent: sandbox: %w", err)
	}
	return dir, container, nil
}
