package chaos

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

// engineProc is `mactor serve --faults` as a real process, restarted on
// the same data directory and ports after each SIGKILL.
type engineProc struct {
	bin     string
	args    []string
	listen  string // bridge
	status  string // status port
	dataDir string
	logPath string

	mu   sync.Mutex
	cmd  *exec.Cmd
	log  *os.File
	done chan struct{} // closed when the current process has exited
}

// freeAddr returns a free loopback address.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func newEngineProc(bin string, extra []string, dir string) (*engineProc, error) {
	listen, err := freeAddr()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrEngine, err)
	}
	status, err := freeAddr()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrEngine, err)
	}
	p := &engineProc{bin: bin, listen: listen, status: status, dataDir: filepath.Join(dir, "data"), logPath: filepath.Join(dir, "engine.log")}
	p.args = append([]string{"serve", "--faults", "--listen", listen, "--http", status, "--data", p.dataDir, "--log-level", "warn"}, extra...)
	return p, nil
}

// start runs the process and waits until its status port answers
// GET /state (the owners are recovered and the bridge serves).
func (p *engineProc) start(ctx context.Context) error {
	f, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("%w: log: %w", ErrEngine, err)
	}
	cmd := exec.Command(p.bin, p.args...)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		f.Close()
		return fmt.Errorf("%w: start %s: %w", ErrEngine, p.bin, err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	p.mu.Lock()
	p.cmd, p.log, p.done = cmd, f, done
	p.mu.Unlock()
	return p.waitReady(ctx, done)
}

func (p *engineProc) waitReady(ctx context.Context, done chan struct{}) error {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	hc := &http.Client{Timeout: time.Second}
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+p.status+"/state", nil)
		if resp, err := hc.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-done:
			return fmt.Errorf("%w: the engine exited while starting (log: %s)", ErrEngine, p.logPath)
		case <-ctx.Done():
			return fmt.Errorf("%w: the engine did not come up: %w (log: %s)", ErrEngine, ctx.Err(), p.logPath)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// pid is the current process's id.
func (p *engineProc) pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil || p.cmd.Process == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

// exited reports whether the current process has exited on its own.
func (p *engineProc) exited() bool {
	p.mu.Lock()
	done := p.done
	p.mu.Unlock()
	if done == nil {
		return false
	}
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// kill SIGKILLs the process and waits for it to be gone.
func (p *engineProc) kill() {
	p.mu.Lock()
	cmd, done, f := p.cmd, p.done, p.log
	p.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	<-done
	f.Close()
}

// stop ends the process with SIGTERM (SIGKILL after grace).
func (p *engineProc) stop(grace time.Duration) {
	p.mu.Lock()
	cmd, done, f := p.cmd, p.done, p.log
	p.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(grace):
		_ = cmd.Process.Signal(syscall.SIGKILL)
		<-done
	}
	f.Close()
}

// rssBytes is the process's resident set size, from /proc (0 where there
// is no /proc).
func (p *engineProc) rssBytes() int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.pid()))
	if err != nil {
		return 0
	}
	return parseVmRSS(string(b))
}
