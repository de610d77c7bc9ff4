package chaos

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mactor/mactor/internal/engine"
)

// statusClient reads the engine's status port.
type statusClient struct {
	base string
	hc   *http.Client
}

func newStatusClient(addr string) *statusClient {
	return &statusClient{base: "http://" + addr, hc: &http.Client{Timeout: 5 * time.Second}}
}

// The status port's JSON, as the engine writes it (injected is the
// answer to POST /debug/faults).
type (
	treeNode      = engine.TreeNode
	timelineEvent = engine.TimelineEvent
	injected      = engine.FaultResult
)

// statusError is an answer other than 200.
type statusError struct {
	code int
	msg  string
}

func (e *statusError) Error() string { return fmt.Sprintf("%d: %s", e.code, e.msg) }

func (s *statusClient) do(ctx context.Context, method, path string, body any, into any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return &statusError{code: resp.StatusCode, msg: strings.TrimSpace(string(b))}
	}
	if into == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	return nil
}

func (s *statusClient) tree(ctx context.Context) (*treeNode, error) {
	var n treeNode
	if err := s.do(ctx, http.MethodGet, "/state/tree", nil, &n); err != nil {
		return nil, err
	}
	return &n, nil
}

// directory is the frameworks and agents of GET /state.
func (s *statusClient) directory(ctx context.Context) (frameworks, agents []string, err error) {
	var st struct {
		Frameworks []string `json:"frameworks"`
		Agents     []string `json:"agents"`
	}
	if err := s.do(ctx, http.MethodGet, "/state", nil, &st); err != nil {
		return nil, nil, err
	}
	return st.Frameworks, st.Agents, nil
}

// session is a session's durable watermark.
func (s *statusClient) session(ctx context.Context, id string) (uint64, error) {
	var st struct {
		Last uint64 `json:"last_applied_sequence"`
	}
	if err := s.do(ctx, http.MethodGet, "/state/session/"+id, nil, &st); err != nil {
		return 0, err
	}
	return st.Last, nil
}

func (s *statusClient) timeline(ctx context.Context, since uint64) ([]timelineEvent, uint64, error) {
	var tl struct {
		Next   uint64          `json:"next"`
		Events []timelineEvent `json:"events"`
	}
	if err := s.do(ctx, http.MethodGet, "/state/timeline?since="+strconv.FormatUint(since, 10), nil, &tl); err != nil {
		return nil, since, err
	}
	return tl.Events, tl.Next, nil
}

func (s *statusClient) inject(ctx context.Context, kind Kind, seed int64, durationMS int) (injected, error) {
	var out injected
	body := map[string]any{"kind": string(kind), "target": "", "seed": seed}
	if durationMS > 0 {
		body["duration_ms"] = durationMS
	}
	err := s.do(ctx, http.MethodPost, "/debug/faults", body, &out)
	return out, err
}

// gauge reads one unlabelled sample of /metrics.
func (s *statusClient) gauge(ctx context.Context, name string) (float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/metrics", nil)
	if err != nil {
		return 0, err
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, name+" "); ok {
			return strconv.ParseFloat(strings.TrimSpace(rest), 64)
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("/metrics has no %s", name)
}

// parseVmRSS reads VmRSS (kB) of /proc/<pid>/status, in bytes.
func parseVmRSS(status string) int64 {
	for _, line := range strings.Split(status, "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}
