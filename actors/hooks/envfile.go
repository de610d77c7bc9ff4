package hooks

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	mesos "github.com/mactor/mactor/messages/mesos"
)

// envFilePath is <dir>/<framework id>__<executor id>.env, with characters
// outside [A-Za-z0-9._-] replaced by '_'.
func envFilePath(cfg *EnvFileConfig, frameworkID string, exec *mesos.ExecutorInfo) (string, error) {
	execID := exec.GetExecutorId().GetValue()
	if frameworkID == "" {
		frameworkID = exec.GetFrameworkId().GetValue()
	}
	if frameworkID == "" || execID == "" {
		return "", fmt.Errorf("env_file: the call names no framework or executor")
	}
	return filepath.Join(cfg.Dir, safeName(frameworkID)+"__"+safeName(execID)+".env"), nil
}

func envFileVariable(cfg *EnvFileConfig) string {
	if cfg.Variable != "" {
		return cfg.Variable
	}
	return DefaultEnvFileVariable
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, s)
}

// writeEnvFile writes vars as KEY=VALUE lines, atomically, and returns the
// file's path.
func writeEnvFile(cfg *EnvFileConfig, exec *mesos.ExecutorInfo, vars []*mesos.Environment_Variable) (string, error) {
	p, err := envFilePath(cfg, "", exec)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return "", fmt.Errorf("env_file: %w", err)
	}
	var b strings.Builder
	for _, v := range vars {
		fmt.Fprintf(&b, "%s=%s\n", v.GetName(), v.GetValue())
	}
	tmp, err := os.CreateTemp(cfg.Dir, ".env-*")
	if err != nil {
		return "", fmt.Errorf("env_file: %w", err)
	}
	_, werr := tmp.WriteString(b.String())
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), p)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return "", fmt.Errorf("env_file: %w", werr)
	}
	return p, nil
}

// removeEnvFile removes the executor's file; a missing file is fine.
func removeEnvFile(cfg *EnvFileConfig, frameworkID string, exec *mesos.ExecutorInfo) error {
	p, err := envFilePath(cfg, frameworkID, exec)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("env_file: %w", err)
	}
	return nil
}
