package dashboard_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/client"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/webui"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// browser is what the test needs to drive Chromium.
type browser struct{ node, chromium string }

// needBrowser finds node, Chromium and playwright-core (npm ci here). A
// missing one skips the test, unless CI is set: CI must run it.
func needBrowser(t *testing.T) browser {
	t.Helper()
	return need(t, true)
}

// need finds node, and Chromium and playwright-core when withBrowser.
func need(t *testing.T, withBrowser bool) browser {
	t.Helper()
	var b browser
	var missing []string
	var err error
	if b.node, err = exec.LookPath("node"); err != nil {
		missing = append(missing, "node (apt-get install nodejs)")
	}
	b.chromium = os.Getenv("CHROMIUM")
	if !withBrowser {
		b.chromium = "-"
	} else if b.chromium == "" {
		for _, c := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
			if _, err := os.Stat(c); err == nil {
				b.chromium = c
				break
			}
		}
	}
	if _, err := os.Stat(b.chromium); b.chromium != "-" && (b.chromium == "" || err != nil) {
		missing = append(missing, "chromium (apt-get install chromium, or set CHROMIUM)")
	}
	if _, err := os.Stat("node_modules/playwright-core/package.json"); err != nil && withBrowser {
		missing = append(missing, "playwright-core (npm ci --prefix test/dashboard)")
	}
	if len(missing) > 0 {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but the browser test cannot run; missing: %v (.ci/run installs them)", missing)
		}
		t.Skipf("browser test skipped; missing: %v", missing)
	}
	return b
}

// step is one JSON line of browser.mjs.
type step struct {
	Step     string `json:"step"`
	Error    string `json:"error"`
	Restarts int    `json:"restarts"`
	Shown    string `json:"shown"`
	Flashed  bool   `json:"flashed"`
	Verdict  string `json:"verdict"`
}

// script runs browser.mjs with args; its steps arrive on the channel,
// which is closed when it exits, and wait returns its exit error with
// its stderr.
func (b browser) script(t *testing.T, ctx context.Context, name string, args ...string) (<-chan step, func() error) {
	t.Helper()
	cmd := exec.CommandContext(ctx, b.node, append([]string{"browser.mjs"}, args...)...)
	cmd.Env = append(os.Environ(), "CHROMIUM="+b.chromium)
	if dir := os.Getenv("MACTOR_SCREENSHOTS"); dir != "" {
		cmd.Env = append(cmd.Env, "SCREENSHOT="+filepath.Join(dir, name+".png"))
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	steps := make(chan step, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(steps)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			var s step
			if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
				s = step{Step: "error", Error: "not a step: " + sc.Text()}
			}
			steps <- s
		}
	}()
	wait := func() error {
		<-done
		if err := cmd.Wait(); err != nil {
			return errors.Join(err, errors.New(stderr.String()))
		}
		return nil
	}
	return steps, wait
}

// next returns the script's next step, failing the test on an error step
// or an early exit.
func next(t *testing.T, steps <-chan step, wait func() error, want string) step {
	t.Helper()
	s, ok := <-steps
	switch {
	case !ok:
		t.Fatalf("browser.mjs ended before %q: %v", want, wait())
	case s.Step == "error":
		t.Fatalf("browser.mjs: %s (%v)", s.Error, wait())
	case s.Step != want:
		t.Fatalf("browser.mjs: step %q, want %q", s.Step, want)
	}
	return s
}

// TestDashboardShowsRestart: the dashboard of a real engine shows the
// supervision tree with an agent actor in it, and after the agent actor
// crashes (and its supervisor restarts it) the page shows its higher
// restart count; the hook latency panel shows the hook call made before.
func TestDashboardShowsRestart(t *testing.T) {
	b := needBrowser(t)
	e := bridgetest.Engine(t, "")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()

	c := client.New(client.Config{Addr: e.BridgeAddr(), SessionID: "dashboard-test"})
	defer c.Close()
	if err := c.AddSlave(ctx, bridgetest.Sample(bridgev1.Call_ADD_SLAVE, 1).GetAddSlave()); err != nil {
		t.Fatal(err)
	}
	if err := c.AddFramework(ctx, bridgetest.Sample(bridgev1.Call_ADD_FRAMEWORK, 1).GetAddFramework()); err != nil {
		t.Fatal(err)
	}
	hook := bridgetest.Sample(bridgev1.Call_MASTER_LAUNCH_TASK_LABEL_DECORATOR, 1).GetMasterLaunchTaskLabelDecorator()
	if _, err := c.MasterLaunchTaskLabelDecorator(ctx, hook); err != nil {
		t.Fatal(err)
	}
	agent := bridgetest.SlaveID(1).GetValue()
	base := "http://" + e.StatusAddr()
	hc := bridgetest.HTTP(t)
	resp, err := hc.Get(base + "/state/tree")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(strconv.Quote(agent))) {
		t.Fatalf("GET /state/tree: %d %.300s (the tree must list %s)", resp.StatusCode, body, agent)
	}

	steps, wait := b.script(t, ctx, "dashboard", "dashboard", base+"/", agent)
	before := next(t, steps, wait, "tree")
	pid := e.Bridge().Router().Known(owner.Key{Kind: owner.Agent, ID: agent})
	if pid == nil {
		t.Fatalf("no actor for %s", agent)
	}
	e.System().Root.Send(pid, &owner.Crash{Reason: "dashboard browser test"})
	after := next(t, steps, wait, "restarted")
	if err := wait(); err != nil {
		t.Fatalf("browser.mjs: %v", err)
	}
	if after.Restarts <= before.Restarts {
		t.Fatalf("restarts shown %d, then %d", before.Restarts, after.Restarts)
	}
	t.Logf("page showed %s with %d restarts (%q), then %d (flashing: %v)", agent, before.Restarts, before.Shown, after.Restarts, after.Flashed)
}

// TestReportPage: reports written by webui.WriteReport open in the
// browser with no error, load nothing, and show the verdict, every
// invariant and the charts with one mark per fault. report-pass.json is
// the JSON of a real run (mactor chaos --duration 20s --seed 1 --json);
// report-fail.json a failing one whose strings carry "</script>".
func TestReportPage(t *testing.T) {
	b := needBrowser(t)
	for _, name := range []string{"report-pass.json", "report-fail.json"} {
		t.Run(name, func(t *testing.T) {
			js, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			var sample struct {
				Invariants map[string]string `json:"invariants"`
				FaultLog   []json.RawMessage `json:"fault_log"`
				Verdict    string            `json:"verdict"`
			}
			if err := json.Unmarshal(js, &sample); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "report.html")
			var page bytes.Buffer
			if err := webui.WriteReport(&page, js); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, page.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			steps, wait := b.script(t, ctx, strings.TrimSuffix(name, ".json"), "report", file,
				strconv.Itoa(len(sample.Invariants)), strconv.Itoa(len(sample.FaultLog)))
			got := next(t, steps, wait, "report")
			if err := wait(); err != nil {
				t.Fatalf("browser.mjs: %v", err)
			}
			if got.Verdict != sample.Verdict {
				t.Fatalf("page shows verdict %q, want %q", got.Verdict, sample.Verdict)
			}
		})
	}
}

// TestPromParser runs prom.test.mjs: the dashboard's reader of /metrics
// (labels with escapes, histogram buckets over label sets, quantiles).
func TestPromParser(t *testing.T) {
	b := need(t, false)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, b.node, "--test", "prom.test.mjs").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test prom.test.mjs: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("# fail 0")) {
		t.Fatalf("node --test prom.test.mjs:\n%s", out)
	}
}
