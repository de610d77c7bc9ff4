package bridge_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/engine"
	"github.com/mactor/mactor/internal/testutil"
	"github.com/mactor/mactor/messages/alligator"
	mesos "github.com/mactor/mactor/messages/mesos"
)

// multipartBody builds what alligator's module posts: the fields type and
// value.
func multipartBody(t *testing.T, typ string, value []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if err := mw.WriteField("type", typ); err != nil {
		t.Fatal(err)
	}
	if err := mw.WriteField("value", string(value)); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), mw.FormDataContentType()
}

func marshalPartial(t *testing.T, m proto.Message) []byte {
	b, err := proto.MarshalOptions{AllowPartial: true}.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAlligatorMultipart posts alligator's allocator and hook events to
// POST / as its module does: allocator events reach the same actors as the
// native calls; hook events answer with the serialized Labels or
// Environment; errors have their codes.
func TestAlligatorMultipart(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "hooks.yaml")
	if err := os.WriteFile(cfg, []byte("rules:\n  - labels: {via: alligator}\n    env: {FROM: mactor}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	callbacks := make(chan string, 4)
	cb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		callbacks <- r.FormValue("type")
	}))
	defer cb.Close()
	h := start(t, func(c *engine.Config) { c.HooksConfig = cfg; c.AlligatorCallback = cb.URL })
	root := "http://" + h.e.BridgeAddr() + "/"
	post := func(typ string, value []byte) (*http.Response, []byte) {
		body, ct := multipartBody(t, typ, value)
		return bridgetest.Post(t, h.http, http.MethodPost, root, body, "Content-Type", ct)
	}

	fw := bridgetest.FrameworkInfo(7, "legacy", "*")
	resp, body := post("AddFramework", marshalPartial(t, &alligator.AddFramework{FrameworkId: fw.Id, FrameworkInfo: fw}))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("AddFramework answered %d %q", resp.StatusCode, body)
	}
	if f := h.framework(7); !f.GetAdded() || !f.GetActive() {
		t.Fatalf("framework record %v", f)
	}
	resp, body = post("AddSlave", marshalPartial(t, &alligator.AddSlave{SlaveId: bridgetest.SlaveID(7), SlaveInfo: bridgetest.SlaveInfo(7), Total: bridgetest.SlaveInfo(7).Resources}))
	if resp.StatusCode != http.StatusOK || !h.agent(7).GetAdded() {
		t.Fatalf("AddSlave answered %d %q", resp.StatusCode, body)
	}

	task := bridgetest.TaskInfo(7)
	resp, body = post("SlaveRunTaskLabelDecorator", marshalPartial(t, &alligator.SlaveRunTaskLabelDecorator{TaskInfo: task, FrameworkInfo: fw, SlaveInfo: bridgetest.SlaveInfo(7)}))
	var labels mesos.Labels
	if resp.StatusCode != http.StatusOK || proto.Unmarshal(body, &labels) != nil || len(labels.GetLabels()) != 2 || labels.GetLabels()[1].GetValue() != "alligator" {
		t.Fatalf("label decorator answered %d %v", resp.StatusCode, &labels)
	}
	resp, body = post("SlaveExecutorEnvironmentDecorator", marshalPartial(t, &alligator.SlaveExecutorEnvironmentDecorator{ExecutorInfo: bridgetest.ExecutorInfo(7)}))
	var env mesos.Environment
	if resp.StatusCode != http.StatusOK || proto.Unmarshal(body, &env) != nil || len(env.GetVariables()) != 2 {
		t.Fatalf("environment decorator answered %d %v", resp.StatusCode, &env)
	}
	resp, body = post("SlaveRemoveExecutorHook", marshalPartial(t, &alligator.SlaveRemoveExecutorHook{FrameworkInfo: fw, ExecutorInfo: bridgetest.ExecutorInfo(7)}))
	if resp.StatusCode != http.StatusOK || len(body) != 0 {
		t.Fatalf("remove executor hook answered %d %q", resp.StatusCode, body)
	}
	testutil.Eventually(t, 5*time.Second, func() bool { return len(callbacks) == 2 }, "two answers posted to the module's callback server")

	bad := []struct {
		name string
		ct   string
		body []byte
		meth string
		code int
	}{
		{"unknown type", "", nil, http.MethodPost, http.StatusBadRequest},
		{"bad value", "", nil, http.MethodPost, http.StatusBadRequest},
		{"no owner", "", nil, http.MethodPost, http.StatusBadRequest},
		{"not multipart", "application/x-protobuf", []byte("x"), http.MethodPost, http.StatusUnsupportedMediaType},
		{"not POST", "", nil, http.MethodGet, http.StatusMethodNotAllowed},
		{"missing field", "", nil, http.MethodPost, http.StatusBadRequest},
		{"too large", "", nil, http.MethodPost, http.StatusRequestEntityTooLarge},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			body, ct := tc.body, tc.ct
			switch tc.name {
			case "unknown type":
				body, ct = multipartBody(t, "AddSlaves", nil)
			case "bad value":
				body, ct = multipartBody(t, "AddSlave", []byte{0xff, 0xff})
			case "no owner":
				body, ct = multipartBody(t, "RemoveSlave", nil)
			case "missing field":
				var buf bytes.Buffer
				mw := multipart.NewWriter(&buf)
				_ = mw.WriteField("type", "AddSlave")
				_ = mw.Close()
				body, ct = buf.Bytes(), mw.FormDataContentType()
			case "too large":
				body, ct = multipartBody(t, "AddSlave", bytes.Repeat([]byte{1}, 5<<20))
			}
			resp, b := bridgetest.Post(t, h.http, tc.meth, root, body, "Content-Type", ct)
			if resp.StatusCode != tc.code {
				t.Fatalf("answered %d %q, want %d", resp.StatusCode, b, tc.code)
			}
		})
	}
	if h.e.Bridge().Router().Known(owner.Key{Kind: owner.Agent, ID: ""}) != nil {
		t.Fatal("an owner without id was started")
	}
}
