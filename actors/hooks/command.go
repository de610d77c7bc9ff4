package hooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// DefaultCommandTimeout is criteo/mesos-command-modules' default timeout.
const DefaultCommandTimeout = 30 * time.Second

// maxCaptured bounds what is kept of a command's output and error files
// and of its standard streams.
const maxCaptured = 64 << 10

// Command delegates a hook to an external command the way
// criteo/mesos-command-modules does: the call is written to a temporary
// INPUT file in the command format (see CommandInput), the command runs as
// `Path INPUT OUTPUT ERROR` with INPUT also on its standard input, and its
// OUTPUT is the answer (empty: None). A non-zero exit is an error whose
// message carries the ERROR file (or, if empty, the standard error). At
// Timeout the command's process group gets SIGTERM, and SIGKILL a second
// later. The temporary files are removed afterwards.
type Command struct {
	Path string
	// Args go before the three file paths (criteo passes none).
	Args []string
	// Timeout bounds the run; zero means DefaultCommandTimeout.
	Timeout time.Duration
	// Dir is where the temporary files go; empty means os.TempDir().
	Dir string
}

// Run runs the command for call. The command keeps running until its own
// timeout even if ctx ends first (a side-effect hook such as a cleanup
// must finish); ctx only carries values.
func (c Command) Run(ctx context.Context, call *bridgev1.Call) (*bridgev1.HookResult, error) {
	input, err := CommandInput(call)
	if err != nil {
		return nil, err
	}
	out, err := c.exec(context.WithoutCancel(ctx), input)
	if err != nil {
		return nil, err
	}
	return ParseCommandOutput(call, out)
}

func (c Command) exec(ctx context.Context, input []byte) ([]byte, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultCommandTimeout
	}
	files, err := tempFiles(c.Dir, "mactor-hook-", 3)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCommand, c.Path, err)
	}
	defer func() {
		for _, f := range files {
			_ = os.Remove(f)
		}
	}()
	if err := os.WriteFile(files[0], input, 0o600); err != nil {
		return nil, fmt.Errorf("%w: %s: write input: %v", ErrCommand, c.Path, err)
	}
	stdin, err := os.Open(files[0])
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCommand, c.Path, err)
	}
	defer stdin.Close()
	var stderr bytes.Buffer
	cmd := exec.Command(c.Path, append(append([]string{}, c.Args...), files...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, io.Discard, &limitedBuffer{buf: &stderr, left: maxCaptured}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w: %s: start: %v", ErrCommand, c.Path, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case err = <-done:
	case <-timer.C:
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
		return nil, fmt.Errorf("%w: %s took longer than %s and was killed%s", ErrCommand, c.Path, timeout, reason(files[2], &stderr))
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
				return nil, fmt.Errorf("%w: %s exited via signal %d%s", ErrCommand, c.Path, ws.Signal(), reason(files[2], &stderr))
			}
			return nil, fmt.Errorf("%w: %s exited with code %d%s", ErrCommand, c.Path, ee.ExitCode(), reason(files[2], &stderr))
		}
		return nil, fmt.Errorf("%w: %s: %v", ErrCommand, c.Path, err)
	}
	out, err := readLimited(files[1], MaxCommandInput)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: read output: %v", ErrCommand, c.Path, err)
	}
	return out, nil
}

// reason is ": <ERROR file>", or ": <stderr>" when the file is empty.
func reason(errFile string, stderr *bytes.Buffer) string {
	b, _ := readLimited(errFile, maxCaptured)
	msg := strings.TrimSpace(string(b))
	if msg == "" {
		msg = strings.TrimSpace(stderr.String())
	}
	if msg == "" {
		return ""
	}
	return ": " + msg
}

func tempFiles(dir, prefix string, n int) ([]string, error) {
	names := make([]string, 0, n)
	for i := 0; i < n; i++ {
		f, err := os.CreateTemp(dir, prefix)
		if err != nil {
			for _, name := range names {
				_ = os.Remove(name)
			}
			return nil, err
		}
		names = append(names, f.Name())
		_ = f.Close()
	}
	return names, nil
}

func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return b, nil
}

// limitedBuffer keeps the first bytes written to it and drops the rest.
type limitedBuffer struct {
	buf  *bytes.Buffer
	left int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if l.left > 0 {
		n := min(len(p), l.left)
		l.buf.Write(p[:n])
		l.left -= n
	}
	return len(p), nil
}
