package bridge_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/internal/engine"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// TestErrorCodes drives every error answer of the bridge over loopback.
func TestErrorCodes(t *testing.T) {
	h := start(t, func(c *engine.Config) {
		c.MaxBody = 2048
		c.Bridge.ReorderWait = 50 * time.Millisecond
	})
	pb := func(c *bridgev1.Call) []byte {
		b, err := bridge.Protobuf.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	add := bridgetest.Sample(bridgev1.Call_ADD_FRAMEWORK, 1)
	noID := bridgetest.Sample(bridgev1.Call_ACTIVATE_FRAMEWORK, 1)
	noID.GetActivateFramework().FrameworkId = nil
	gap := sequenced(bridgetest.Sample(bridgev1.Call_ACTIVATE_FRAMEWORK, 1), "gappy", 5)
	batchOf := func(calls ...*bridgev1.Call) []byte {
		b, err := bridge.EncodeBatch(calls, bridge.Protobuf)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	recordio := []string{"Content-Type", bridge.ContentTypeRecordIO, bridge.HeaderMessageContentType, bridge.ContentTypeProtobuf}
	proto := []string{"Content-Type", bridge.ContentTypeProtobuf}
	cases := []struct {
		name    string
		method  string
		body    []byte
		headers []string
		code    int
		inBody  string
		header  [2]string
	}{
		{"not POST", http.MethodGet, nil, nil, http.StatusMethodNotAllowed, "POST", [2]string{"Allow", "POST"}},
		{"no content type", http.MethodPost, pb(add), nil, http.StatusUnsupportedMediaType, "Content-Type", [2]string{}},
		{"wrong content type", http.MethodPost, pb(add), []string{"Content-Type", "text/plain"}, http.StatusUnsupportedMediaType, "text/plain", [2]string{}},
		{"malformed protobuf", http.MethodPost, []byte{0xff, 0xff, 0xff}, proto, http.StatusBadRequest, "malformed call", [2]string{}},
		{"malformed JSON", http.MethodPost, []byte(`{"type":`), []string{"Content-Type", "application/json"}, http.StatusBadRequest, "malformed call", [2]string{}},
		{"unknown call type", http.MethodPost, []byte(`{"type":99}`), []string{"Content-Type", "application/json"}, http.StatusBadRequest, "unknown call type", [2]string{}},
		{"payload missing", http.MethodPost, pb(&bridgev1.Call{Type: bridgev1.Call_ADD_FRAMEWORK}), proto, http.StatusBadRequest, "needs field", [2]string{}},
		{"owner id missing", http.MethodPost, pb(noID), proto, http.StatusBadRequest, "framework_id", [2]string{}},
		{"sequence without session", http.MethodPost, pb(sequenced(bridgetest.Sample(bridgev1.Call_PAUSE, 1), "", 1)), proto, http.StatusBadRequest, "session", [2]string{}},
		{"body over the limit", http.MethodPost, bytes.Repeat([]byte{0}, 4096), proto, http.StatusRequestEntityTooLarge, "limit", [2]string{}},
		{"not acceptable", http.MethodPost, pb(add), []string{"Content-Type", bridge.ContentTypeProtobuf, "Accept", "text/html"}, http.StatusNotAcceptable, "Accept", [2]string{}},
		{"sequence gap", http.MethodPost, pb(gap), proto, http.StatusConflict, "expected 1, got 5", [2]string{bridge.HeaderExpectedSequence, "1"}},
		{"batch: bad message content type", http.MethodPost, batchOf(add), []string{"Content-Type", bridge.ContentTypeRecordIO, bridge.HeaderMessageContentType, "text/csv"}, http.StatusUnsupportedMediaType, "text/csv", [2]string{}},
		{"batch: malformed framing", http.MethodPost, []byte("12\nshort"), recordio, http.StatusBadRequest, "malformed batch", [2]string{}},
		{"batch: malformed call", http.MethodPost, []byte("3\n\xff\xff\xff"), recordio, http.StatusBadRequest, "malformed call 0", [2]string{}},
		{"batch: empty", http.MethodPost, nil, recordio, http.StatusBadRequest, "empty batch", [2]string{}},
		{"batch: unsequenced", http.MethodPost, batchOf(sequenced(bridgetest.Sample(bridgev1.Call_PAUSE, 1), "a", 0)), recordio, http.StatusBadRequest, "sequence", [2]string{}},
		{"batch: two sessions", http.MethodPost, batchOf(sequenced(bridgetest.Sample(bridgev1.Call_PAUSE, 1), "a", 1), sequenced(bridgetest.Sample(bridgev1.Call_RESUME, 1), "b", 2)), recordio, http.StatusBadRequest, "one session per batch", [2]string{}},
		{"batch: over the limit", http.MethodPost, bytes.Repeat([]byte("1\nx"), 1000), recordio, http.StatusRequestEntityTooLarge, "limit", [2]string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := bridgetest.Post(t, h.http, tc.method, h.url, tc.body, tc.headers...)
			if resp.StatusCode != tc.code || !strings.Contains(string(body), tc.inBody) {
				t.Fatalf("answered %d %q, want %d containing %q", resp.StatusCode, body, tc.code, tc.inBody)
			}
			if tc.header[0] != "" && resp.Header.Get(tc.header[0]) != tc.header[1] {
				t.Fatalf("header %s = %q, want %q", tc.header[0], resp.Header.Get(tc.header[0]), tc.header[1])
			}
		})
	}
	t.Run("stopping", func(t *testing.T) {
		h.e.Bridge().BeginShutdown()
		resp, body := bridgetest.Post(t, h.http, http.MethodPost, h.url, pb(add), proto...)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("answered %d %q (Retry-After %q), want 503 with Retry-After", resp.StatusCode, body, resp.Header.Get("Retry-After"))
		}
	})
}

// TestRejectedCallTakesItsPlace checks that a sequenced call that fails
// validation is answered 400 and consumes its sequence number, so the
// session goes on with the next one.
func TestRejectedCallTakesItsPlace(t *testing.T) {
	h := start(t)
	bad := sequenced(&bridgev1.Call{Type: bridgev1.Call_ADD_FRAMEWORK}, "s", 1)
	if code, _, body, _ := h.post(bad, bridge.Protobuf); code != http.StatusBadRequest {
		t.Fatalf("answered %d %q, want 400", code, body)
	}
	next := sequenced(bridgetest.Sample(bridgev1.Call_PAUSE, 1), "s", 2)
	if code, resp, body, _ := h.post(next, bridge.Protobuf); code != http.StatusAccepted || resp.GetSequence() != 2 {
		t.Fatalf("answered %d %q, want 202", code, body)
	}
	// A resend of the rejected call is refused again, and changes nothing.
	if code, _, body, _ := h.post(bad, bridge.Protobuf); code != http.StatusBadRequest {
		t.Fatalf("resend answered %d %q, want 400", code, body)
	}
	if got := h.cluster().GetMeta().GetCallsApplied(); got != 1 {
		t.Fatalf("cluster applied %d calls, want 1", got)
	}
}
