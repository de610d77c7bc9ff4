package agent_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
	"github.com/mactor/mactor/internal/testutil"
	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
	executorv1 "github.com/mactor/mactor/messages/mesos/v1/executor"
	"github.com/mactor/mactor/sim/agent"
)

// TestExecutorAPIStatusCodes checks the answers of POST /api/v1/executor
// to bad requests, in Mesos's order of checks, against a running agent
// with one executor (E1 of F1) that has not subscribed.
func TestExecutorAPIStatusCodes(t *testing.T) {
	x := newExecutorAgent(t, agent.Config{})
	x.launch("t1", "", &mesosv1.ExecutorInfo{ExecutorId: &mesosv1.ExecutorID{Value: proto.String("E1")}, Command: &mesosv1.CommandInfo{Value: proto.String("sleep 60")}})
	url := "http://" + x.ledger.Endpoint() + "/api/v1/executor"
	client := testClient(t)
	call := func(typ executorv1.Call_Type, fw, exec string) *executorv1.Call {
		c := &executorv1.Call{Type: typ.Enum(), FrameworkId: &mesosv1.FrameworkID{Value: proto.String(fw)}, ExecutorId: &mesosv1.ExecutorID{Value: proto.String(exec)}}
		switch typ {
		case executorv1.Call_SUBSCRIBE:
			c.Subscribe = &executorv1.Call_Subscribe{}
		case executorv1.Call_MESSAGE:
			c.Message = &executorv1.Call_Message{Data: []byte("x")}
		}
		return c
	}
	update := func(st *mesosv1.TaskStatus) *executorv1.Call {
		c := call(executorv1.Call_UPDATE, "F1", "E1")
		c.Update = &executorv1.Call_Update{Status: st}
		return c
	}
	uuid := bytes.Repeat([]byte{1}, 16)
	running := &mesosv1.TaskStatus{TaskId: &mesosv1.TaskID{Value: proto.String("t1")}, State: mesosv1.TaskState_TASK_RUNNING.Enum(), Source: mesosv1.TaskStatus_SOURCE_EXECUTOR.Enum(), Uuid: uuid}
	with := func(f func(*mesosv1.TaskStatus)) *mesosv1.TaskStatus {
		st := proto.Clone(running).(*mesosv1.TaskStatus)
		f(st)
		return st
	}
	tests := []struct {
		name     string
		method   string
		ctype    string
		accept   string
		body     []byte
		call     *executorv1.Call
		wantCode int
		wantMsg  string
	}{
		{name: "GET", method: http.MethodGet, wantCode: 405, wantMsg: "Expecting one of { 'POST' }, but received 'GET'"},
		{name: "no Content-Type", body: []byte("{}"), wantCode: 400, wantMsg: "Expecting 'Content-Type' to be present"},
		{name: "other Content-Type", ctype: "text/plain", body: []byte("{}"), wantCode: 415, wantMsg: "Expecting 'Content-Type' of application/json or application/x-protobuf"},
		{name: "bad JSON", ctype: mesoshttp.ContentTypeJSON, body: []byte("{"), wantCode: 400, wantMsg: "Failed to parse body into Call JSON"},
		{name: "HEARTBEAT of anyone", call: call(executorv1.Call_HEARTBEAT, "nobody", "nothing"), wantCode: 202},
		{name: "UNKNOWN", call: call(executorv1.Call_UNKNOWN, "F1", "E1"), wantCode: 501, wantMsg: "Received 'UNKNOWN' call"},
		{name: "SUBSCRIBE without payload", call: &executorv1.Call{Type: executorv1.Call_SUBSCRIBE.Enum(), FrameworkId: &mesosv1.FrameworkID{Value: proto.String("F1")}, ExecutorId: &mesosv1.ExecutorID{Value: proto.String("E1")}},
			wantCode: 400, wantMsg: "Failed to validate executor::Call: Expecting 'subscribe' to be present"},
		{name: "SUBSCRIBE refusing both encodings", call: call(executorv1.Call_SUBSCRIBE, "F1", "E1"), accept: "text/html", wantCode: 406, wantMsg: "Expecting 'Accept' to allow"},
		{name: "SUBSCRIBE unknown framework", call: call(executorv1.Call_SUBSCRIBE, "F2", "E1"), wantCode: 400, wantMsg: "Framework cannot be found"},
		{name: "SUBSCRIBE unknown executor", call: call(executorv1.Call_SUBSCRIBE, "F1", "E2"), wantCode: 400, wantMsg: "Executor cannot be found"},
		{name: "UPDATE not subscribed", call: update(running), wantCode: 403, wantMsg: "Executor is not subscribed"},
		{name: "MESSAGE not subscribed", call: call(executorv1.Call_MESSAGE, "F1", "E1"), wantCode: 403, wantMsg: "Executor is not subscribed"},
		{name: "UPDATE without uuid", call: update(with(func(st *mesosv1.TaskStatus) { st.Uuid = nil })), wantCode: 400, wantMsg: "Expecting 'uuid' to be present"},
		{name: "UPDATE from the agent", call: update(with(func(st *mesosv1.TaskStatus) { st.Source = mesosv1.TaskStatus_SOURCE_AGENT.Enum() })), wantCode: 400, wantMsg: "expecting 'SOURCE_EXECUTOR'"},
		{name: "UPDATE TASK_STAGING", call: update(with(func(st *mesosv1.TaskStatus) { st.State = mesosv1.TaskState_TASK_STAGING.Enum() })), wantCode: 400, wantMsg: "Received TASK_STAGING"},
		{name: "UPDATE of another executor", call: update(with(func(st *mesosv1.TaskStatus) { st.ExecutorId = &mesosv1.ExecutorID{Value: proto.String("E9")} })), wantCode: 400, wantMsg: "does not match ExecutorID in TaskStatus: E9"},
	}
	for _, tt := range tests {
		for _, enc := range []mesoshttp.Encoding{mesoshttp.JSON, mesoshttp.Protobuf} {
			if tt.call == nil && enc == mesoshttp.Protobuf {
				continue
			}
			t.Run(tt.name+"/"+enc.String(), func(t *testing.T) {
				body, ctype := tt.body, tt.ctype
				if tt.call != nil {
					b, err := enc.Marshal(tt.call)
					if err != nil {
						t.Fatal(err)
					}
					body, ctype = b, enc.ContentType()
				}
				method := tt.method
				if method == "" {
					method = http.MethodPost
				}
				req, err := http.NewRequest(method, url, bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if ctype != "" {
					req.Header.Set("Content-Type", ctype)
				}
				if tt.accept != "" {
					req.Header.Set("Accept", tt.accept)
				}
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				got, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != tt.wantCode || !strings.Contains(string(got), tt.wantMsg) {
					t.Fatalf("%d %q, want %d %q", resp.StatusCode, got, tt.wantCode, tt.wantMsg)
				}
			})
		}
	}
}

// TestExecutorStreamOnTheWire subscribes by hand, with no Accept header,
// and reads the answer off the wire: JSON, chunked, each HTTP chunk one
// RecordIO record of one line of ASCII JSON; SUBSCRIBED first, then the
// task that waited for the executor, then HEARTBEATs. A second
// subscription ends the first stream.
func TestExecutorStreamOnTheWire(t *testing.T) {
	x := newExecutorAgent(t, agent.Config{ExecutorHeartbeat: 20 * time.Millisecond})
	x.launch("t1", "run", &mesosv1.ExecutorInfo{ExecutorId: &mesosv1.ExecutorID{Value: proto.String("E1")}, Command: &mesosv1.CommandInfo{Value: proto.String("sleep 60")}})
	subscribe := func() (net.Conn, *bufio.Reader) { return rawSubscribe(t, x.ledger.Endpoint()) }
	conn, br := subscribe()
	defer conn.Close()
	for i, want := range []string{`"SUBSCRIBED"`, `"LAUNCH"`, `"HEARTBEAT"`} {
		record := readChunk(t, br)
		if !strings.Contains(record, want) || strings.Contains(record, "\n") {
			t.Fatalf("event %d: %q, want one line with %s", i, record, want)
		}
		for _, c := range []byte(record) {
			if c >= 0x80 {
				t.Fatalf("event %d: not ASCII: %q", i, record)
			}
		}
	}
	second, _ := subscribe()
	defer second.Close()
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("first stream did not end: %v", err)
		}
		if strings.TrimSpace(line) == "0" { // the last chunk
			return
		}
	}
}

// testClient is an HTTP client whose idle connections are closed when the
// test ends, so that none outlives it.
func testClient(t *testing.T) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// rawSubscribe subscribes E1 of F1 over a raw connection to endpoint, in
// JSON without Accept, once the agent knows the executor, and returns the
// connection positioned at the first chunk of the stream.
func rawSubscribe(t *testing.T, endpoint string) (net.Conn, *bufio.Reader) {
	t.Helper()
	body := `{"type":"SUBSCRIBE","framework_id":{"value":"F1"},"executor_id":{"value":"E1"},"subscribe":{}}`
	var (
		conn net.Conn
		br   *bufio.Reader
	)
	testutil.Eventually(t, 10*time.Second, func() bool {
		c, err := net.Dial("tcp", endpoint)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(c, "POST /api/v1/executor HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		r := bufio.NewReader(c)
		resp, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			c.Close()
			return false // the agent has not taken the launch yet
		}
		if resp.Header.Get("Content-Type") != mesoshttp.ContentTypeJSON || len(resp.TransferEncoding) != 1 || resp.TransferEncoding[0] != "chunked" {
			t.Fatalf("headers %v, transfer encoding %v", resp.Header, resp.TransferEncoding)
		}
		conn, br = c, r
		return true
	}, "SUBSCRIBE answered 200")
	return conn, br
}

// TestSubscribeWhileShuttingDown subscribes an executor that the agent
// is shutting down: the stream it had gets SHUTDOWN, and a new SUBSCRIBE
// gets only SHUTDOWN and the end of the stream, as from Mesos's agent.
func TestSubscribeWhileShuttingDown(t *testing.T) {
	x := newExecutorAgent(t, agent.Config{ShutdownGracePeriod: time.Minute})
	e := &mesosv1.ExecutorInfo{ExecutorId: &mesosv1.ExecutorID{Value: proto.String("E1")}, Command: &mesosv1.CommandInfo{Value: proto.String("sleep 60")}}
	x.launch("t1", "run", e)
	conn, br := rawSubscribe(t, x.ledger.Endpoint())
	defer conn.Close()
	if r := readChunk(t, br); !strings.Contains(r, `"SUBSCRIBED"`) {
		t.Fatalf("first event %q", r)
	}
	x.system.Root.Send(x.pid, &agent.Shutdown{Framework: x.fw.Id, Executor: e.ExecutorId})
	for {
		if r := readChunk(t, br); strings.Contains(r, `"SHUTDOWN"`) {
			break
		}
	}
	again, br2 := rawSubscribe(t, x.ledger.Endpoint())
	defer again.Close()
	if r := readChunk(t, br2); !strings.Contains(r, `"SHUTDOWN"`) {
		t.Fatalf("event %q, want SHUTDOWN", r)
	}
	if line, err := br2.ReadString('\n'); err != nil || strings.TrimSpace(line) != "0" {
		t.Fatalf("stream did not end: %q %v", line, err)
	}
}

// readChunk reads one HTTP chunk and returns the RecordIO record it holds,
// failing unless the chunk is exactly one record.
func readChunk(t *testing.T, br *bufio.Reader) string {
	t.Helper()
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
	length, data, ok := strings.Cut(string(chunk[:size]), "\n")
	if n, err := strconv.Atoi(length); !ok || err != nil || n != len(data) {
		t.Fatalf("chunk is not one record: %q", chunk[:size])
	}
	return data
}

// TestAPIListensOnItsOwn starts an agent whose ledger did not listen: it
// binds Config.Listen when it starts, and stops serving when it stops.
func TestAPIListensOnItsOwn(t *testing.T) {
	system := actor.NewActorSystem()
	ledger := agent.NewLedger()
	pid := system.Root.Spawn(actor.PropsFromProducer(func() actor.Actor {
		return agent.New(agent.Config{Info: &mesosv1.AgentInfo{Hostname: proto.String("127.0.0.1"), Id: &mesosv1.AgentID{Value: proto.String("S1")}}, WorkDir: t.TempDir(), Ledger: ledger})
	}))
	testutil.Eventually(t, 5*time.Second, func() bool { return ledger.Endpoint() != "" }, "agent API listening")
	url := "http://" + ledger.Endpoint() + "/slave(1)/api/v1/executor"
	body := `{"type":"HEARTBEAT","framework_id":{"value":"F"},"executor_id":{"value":"E"}}`
	client := testClient(t)
	resp, err := client.Post(url, mesoshttp.ContentTypeJSON, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("HEARTBEAT: %d", resp.StatusCode)
	}
	if err := system.Root.StopFuture(pid).Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Post(url, mesoshttp.ContentTypeJSON, strings.NewReader(body)); err == nil {
		t.Fatal("the API still answers after the agent stopped")
	}
}
