package bridge_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/engine"
	"github.com/mactor/mactor/internal/recordio"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// harness is an engine on loopback and an HTTP client for it.
type harness struct {
	t    *testing.T
	e    *engine.Engine
	http *http.Client
	url  string
}

func start(t *testing.T, mods ...func(*engine.Config)) *harness {
	t.Helper()
	e := bridgetest.Engine(t, "", mods...)
	return &harness{t: t, e: e, http: bridgetest.HTTP(t), url: "http://" + e.BridgeAddr() + "/api/v1/bridge"}
}

// post sends one call in enc and returns the status, the decoded Response
// (on 200/202) and the body.
func (h *harness) post(c *bridgev1.Call, enc bridge.Encoding, headers ...string) (int, *bridgev1.Response, []byte, http.Header) {
	h.t.Helper()
	body, err := enc.Marshal(c)
	if err != nil {
		h.t.Fatal(err)
	}
	resp, b := bridgetest.Post(h.t, h.http, http.MethodPost, h.url, body, append([]string{"Content-Type", enc.ContentType()}, headers...)...)
	var r *bridgev1.Response
	if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusAccepted {
		r = &bridgev1.Response{}
		if err := enc.Unmarshal(b, r); err != nil {
			h.t.Fatalf("answer of %s: %v (%q)", c.GetType(), err, b)
		}
	}
	return resp.StatusCode, r, b, resp.Header
}

// batch sends calls as one batch request and returns the per-call answers.
func (h *harness) batch(calls []*bridgev1.Call, enc bridge.Encoding) (int, []*bridgev1.Response, []byte) {
	h.t.Helper()
	body, err := bridge.EncodeBatch(calls, enc)
	if err != nil {
		h.t.Fatal(err)
	}
	resp, b := bridgetest.Post(h.t, h.http, http.MethodPost, h.url, body,
		"Content-Type", bridge.ContentTypeRecordIO, bridge.HeaderMessageContentType, enc.ContentType())
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, nil, b
	}
	rs, err := decodeResponses(b, enc)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.StatusCode, rs, b
}

func decodeResponses(b []byte, enc bridge.Encoding) ([]*bridgev1.Response, error) {
	var out []*bridgev1.Response
	rd := recordio.NewReader(bytes.NewReader(b))
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		r := &bridgev1.Response{}
		if err := enc.Unmarshal(rec, r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
}

// record returns a copy of an owner's record.
func (h *harness) record(k owner.Key) proto.Message {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	rec, err := h.e.Bridge().Record(ctx, k)
	if err != nil {
		h.t.Fatalf("record %s: %v", k, err)
	}
	return rec
}

func (h *harness) framework(n int) *bridgev1.FrameworkRecord {
	return h.record(owner.Key{Kind: owner.Framework, ID: bridgetest.FrameworkID(n).GetValue()}).(*bridgev1.FrameworkRecord)
}

func (h *harness) agent(n int) *bridgev1.AgentRecord {
	return h.record(owner.Key{Kind: owner.Agent, ID: bridgetest.SlaveID(n).GetValue()}).(*bridgev1.AgentRecord)
}

func (h *harness) cluster() *bridgev1.ClusterRecord {
	return h.record(owner.ClusterKey).(*bridgev1.ClusterRecord)
}

// sequenced returns c as call seq of session.
func sequenced(c *bridgev1.Call, session string, seq uint64) *bridgev1.Call {
	c.SessionId, c.Sequence = session, seq
	return c
}

// metric returns the value of a counter or gauge of the engine's registry
// (summed over labels).
func metric(t *testing.T, e *engine.Engine, name string) float64 {
	t.Helper()
	mfs, err := e.Metrics().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			sum += m.GetCounter().GetValue() + m.GetGauge().GetValue()
		}
	}
	return sum
}
