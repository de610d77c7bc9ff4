package master_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	schedulerv1 "github.com/mactor/mactor/messages/mesos/v1/scheduler"
	"github.com/mactor/mactor/sim/master"
)

func TestStatusCodes(t *testing.T) {
	fx := newFixture(t, master.Config{})
	s := fx.subscribe(t, mesoshttp.JSON, frameworkInfo(), nil)
	fw := s.next(t).GetSubscribed().GetFrameworkId()
	revive := func(id *mesosv1.FrameworkID) *schedulerv1.Call {
		return &schedulerv1.Call{Type: schedulerv1.Call_REVIVE.Enum(), FrameworkId: id, Revive: &schedulerv1.Call_Revive{}}
	}
	other := &mesosv1.FrameworkID{Value: proto.String("nope")}
	tests := []struct {
		name        string
		method      string
		contentType string
		accept      string
		body        string
		call        *schedulerv1.Call
		stream      string
		want        int
		wantMsg     string
	}{
		{name: "GET", method: http.MethodGet, want: http.StatusMethodNotAllowed},
		{name: "no content type", body: "{}", want: http.StatusBadRequest, wantMsg: "Content-Type"},
		{name: "unsupported content type", contentType: "text/plain", body: "{}", want: http.StatusUnsupportedMediaType},
		{name: "bad JSON", contentType: mesoshttp.ContentTypeJSON, body: "{", want: http.StatusBadRequest, wantMsg: "Failed to parse"},
		{name: "unknown call", call: &schedulerv1.Call{Type: schedulerv1.Call_UNKNOWN.Enum()}, want: http.StatusNotImplemented},
		{name: "subscribe with stream id", call: &schedulerv1.Call{Type: schedulerv1.Call_SUBSCRIBE.Enum(), Subscribe: &schedulerv1.Call_Subscribe{FrameworkInfo: frameworkInfo()}}, stream: "x", want: http.StatusBadRequest, wantMsg: "Mesos-Stream-Id"},
		{name: "subscribe accepting neither", accept: "text/html", call: &schedulerv1.Call{Type: schedulerv1.Call_SUBSCRIBE.Enum(), Subscribe: &schedulerv1.Call_Subscribe{FrameworkInfo: frameworkInfo()}}, want: http.StatusNotAcceptable},
		{name: "subscribe ids differ", call: &schedulerv1.Call{Type: schedulerv1.Call_SUBSCRIBE.Enum(), FrameworkId: other, Subscribe: &schedulerv1.Call_Subscribe{FrameworkInfo: frameworkInfo()}}, want: http.StatusBadRequest},
		{name: "no framework id", call: revive(nil), stream: s.stream, want: http.StatusBadRequest, wantMsg: "framework_id"},
		{name: "unknown framework", call: revive(other), stream: s.stream, want: http.StatusBadRequest, wantMsg: "Framework cannot be found"},
		{name: "no stream id", call: revive(fw), want: http.StatusBadRequest, wantMsg: "Mesos-Stream-Id"},
		{name: "wrong stream id", call: revive(fw), stream: "other", want: http.StatusBadRequest, wantMsg: "didn't match"},
		{name: "missing payload", call: &schedulerv1.Call{Type: schedulerv1.Call_DECLINE.Enum(), FrameworkId: fw}, stream: s.stream, want: http.StatusBadRequest, wantMsg: "decline"},
		{name: "revive", call: revive(fw), stream: s.stream, want: http.StatusAccepted},
		{name: "revive as protobuf", contentType: mesoshttp.ContentTypeProtobuf, call: revive(fw), stream: s.stream, want: http.StatusAccepted},
		{name: "update framework", call: &schedulerv1.Call{Type: schedulerv1.Call_UPDATE_FRAMEWORK.Enum(), FrameworkId: fw, UpdateFramework: &schedulerv1.Call_UpdateFramework{FrameworkInfo: func() *mesosv1.FrameworkInfo {
			i := frameworkInfo()
			i.Id = fw
			return i
		}()}}, stream: s.stream, want: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodPost
			}
			body := tt.body
			ct := tt.contentType
			if tt.call != nil {
				enc := mesoshttp.JSON
				if ct == mesoshttp.ContentTypeProtobuf {
					enc = mesoshttp.Protobuf
				}
				b, err := enc.Marshal(tt.call)
				if err != nil {
					t.Fatal(err)
				}
				body, ct = string(b), enc.ContentType()
			}
			req, err := http.NewRequest(method, fx.srv.URL+"/api/v1/scheduler", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if ct != "" {
				req.Header.Set("Content-Type", ct)
			}
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			if tt.stream != "" {
				req.Header.Set(master.StreamIDHeader, tt.stream)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			msg, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.want || !strings.Contains(string(msg), tt.wantMsg) {
				t.Fatalf("got %d %q, want %d containing %q", resp.StatusCode, msg, tt.want, tt.wantMsg)
			}
		})
	}
	if !fx.mod.has("reviveOffers") || !fx.mod.has("updateFramework") {
		t.Fatalf("module calls: %v", fx.mod.calls)
	}
}

// TestStreamChunks reads a SUBSCRIBE answer off the wire, as the npm
// mesos-framework client does: each HTTP chunk must hold exactly one
// RecordIO record of one-line ASCII JSON, the first SUBSCRIBED.
func TestStreamChunks(t *testing.T) {
	fx := newFixture(t, master.Config{HeartbeatInterval: 20 * time.Millisecond})
	conn, err := net.Dial("tcp", strings.TrimPrefix(fx.srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"type":"SUBSCRIBE","subscribe":{"framework_info":{"user":"u","name":"n\u00e9"}}}`
	fmt.Fprintf(conn, "POST /api/v1/scheduler HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != mesoshttp.ContentTypeJSON || resp.Header.Get(master.StreamIDHeader) == "" {
		t.Fatalf("status %d, headers %v", resp.StatusCode, resp.Header)
	}
	if te := resp.TransferEncoding; len(te) != 1 || te[0] != "chunked" {
		t.Fatalf("transfer encoding %v", te)
	}
	// Read raw chunks from br (http.ReadResponse left the body unread).
	for i := range 4 {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		size, err := strconv.ParseInt(strings.TrimSpace(line), 16, 64)
		if err != nil {
			t.Fatalf("chunk size %q: %v", line, err)
		}
		chunk := make([]byte, size+2)
		if _, err := io.ReadFull(br, chunk); err != nil {
			t.Fatal(err)
		}
		chunk = chunk[:size]
		parts := strings.Split(string(chunk), "\n")
		if len(parts) != 2 {
			t.Fatalf("chunk %d is not one record: %q", i, chunk)
		}
		if n, _ := strconv.Atoi(parts[0]); n != len(parts[1]) {
			t.Fatalf("chunk %d: length %s, data %d bytes", i, parts[0], len(parts[1]))
		}
		for _, c := range []byte(parts[1]) {
			if c >= 0x80 {
				t.Fatalf("chunk %d: not ASCII: %q", i, parts[1])
			}
		}
		if i == 0 && !strings.Contains(parts[1], `"SUBSCRIBED"`) {
			t.Fatalf("first event %q", parts[1])
		}
		if i > 0 && !strings.Contains(parts[1], `"HEARTBEAT"`) {
			t.Fatalf("event %d: %q", i, parts[1])
		}
	}
}

func TestSubscribeEncodings(t *testing.T) {
	tests := []struct {
		name   string
		enc    mesoshttp.Encoding
		accept string
		want   string
	}{
		{"JSON, no Accept", mesoshttp.JSON, "", mesoshttp.ContentTypeJSON},
		{"protobuf, no Accept", mesoshttp.Protobuf, "", mesoshttp.ContentTypeJSON},
		{"protobuf accepted", mesoshttp.JSON, mesoshttp.ContentTypeProtobuf, mesoshttp.ContentTypeProtobuf},
		{"both accepted: JSON", mesoshttp.Protobuf, "application/x-protobuf, application/json", mesoshttp.ContentTypeJSON},
		{"wildcard", mesoshttp.Protobuf, "*/*", mesoshttp.ContentTypeJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(t, master.Config{HeartbeatInterval: 7 * time.Second})
			hdr := map[string]string{}
			if tt.accept != "" {
				hdr["Accept"] = tt.accept
			}
			s := fx.subscribe(t, tt.enc, frameworkInfo(), hdr)
			if got := s.resp.Header.Get("Content-Type"); got != tt.want {
				t.Fatalf("Content-Type %q, want %q", got, tt.want)
			}
			ev := s.next(t)
			if ev.GetType() != schedulerv1.Event_SUBSCRIBED || ev.GetSubscribed().GetHeartbeatIntervalSeconds() != 7 || ev.GetSubscribed().GetFrameworkId().GetValue() == "" {
				t.Fatalf("first event %v", ev)
			}
			if !fx.mod.has("addFramework") {
				t.Fatal("no addFramework")
			}
		})
	}
}

// TestJSONIsASCII sends an offer whose agent has non-ASCII text: the JSON
// record must still be one line of ASCII (the npm client compares string
// length with the record length).
func TestJSONIsASCII(t *testing.T) {
	fx := newFixture(t, master.Config{})
	info := agentInfo("a1")
	info.Hostname = proto.String("hôte-été")
	info.Attributes = []*mesosv1.Attribute{{Name: proto.String("zone"), Type: mesosv1.Value_TEXT.Enum(), Text: &mesosv1.Value_Text{Value: proto.String("日本\n")}}}
	fx.m.AddAgent(info)
	call := &schedulerv1.Call{Type: schedulerv1.Call_SUBSCRIBE.Enum(), Subscribe: &schedulerv1.Call_Subscribe{FrameworkInfo: frameworkInfo()}}
	resp := fx.post(t, mesoshttp.JSON, call, nil)
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	readRecord := func() string {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		n, err := strconv.Atoi(strings.TrimSuffix(line, "\n"))
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(br, b); err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	first := readRecord()
	var fw string
	if i := strings.Index(first, `"framework_id":{"value":"`); i >= 0 {
		rest := first[i+len(`"framework_id":{"value":"`):]
		fw = rest[:strings.Index(rest, `"`)]
	}
	if err := fx.m.Offer(fw, master.Allocation{"r": {"a1": {scalar("cpus", 1)}}}); err != nil {
		t.Fatal(err)
	}
	for {
		rec := readRecord()
		if !strings.Contains(rec, `"OFFERS"`) {
			continue
		}
		for _, c := range []byte(rec) {
			if c >= 0x80 || c == '\n' {
				t.Fatalf("not one line of ASCII: %q", rec)
			}
		}
		ev := &schedulerv1.Event{}
		if err := mesoshttp.JSON.Unmarshal([]byte(rec), ev); err != nil {
			t.Fatal(err)
		}
		if got := ev.GetOffers().GetOffers()[0].GetHostname(); got != "hôte-été" {
			t.Fatalf("hostname %q", got)
		}
		return
	}
}

func TestRedirect(t *testing.T) {
	fx := newFixture(t, master.Config{Hostname: "m1", Port: 5055})
	for _, path := range []string{"/redirect", "/master/redirect"} {
		t.Run(path, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, fx.srv.URL+path, nil)
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusTemporaryRedirect || resp.Header.Get("Location") != "//m1:5055" {
				t.Fatalf("%d %q", resp.StatusCode, resp.Header.Get("Location"))
			}
		})
	}
}
