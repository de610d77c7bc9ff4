package recordio_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/mactor/mactor/internal/recordio"
)

func TestAppend(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", "0\n"},
		{`{"type":"HEARTBEAT"}`, "20\n{\"type\":\"HEARTBEAT\"}"},
		{strings.Repeat("a", 1234), "1234\n" + strings.Repeat("a", 1234)},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(len(tt.in)), func(t *testing.T) {
			if got := string(recordio.Append(nil, []byte(tt.in))); got != tt.want {
				t.Fatalf("Append = %q, want %q", got, tt.want)
			}
		})
	}
}

type countingFlusher struct {
	bytes.Buffer
	writes, flushes int
}

func (c *countingFlusher) Write(p []byte) (int, error) { c.writes++; return c.Buffer.Write(p) }
func (c *countingFlusher) Flush()                      { c.flushes++ }

func TestWriterOneWriteAndFlushPerRecord(t *testing.T) {
	var dst countingFlusher
	w := recordio.NewWriter(&dst)
	for _, rec := range []string{"a", "", "hello"} {
		if err := w.WriteRecord([]byte(rec)); err != nil {
			t.Fatal(err)
		}
	}
	if dst.writes != 3 || dst.flushes != 3 {
		t.Fatalf("writes=%d flushes=%d, want 3 and 3", dst.writes, dst.flushes)
	}
	if got := dst.String(); got != "1\na0\n5\nhello" {
		t.Fatalf("stream = %q", got)
	}
}

func TestWriterBufio(t *testing.T) {
	var out bytes.Buffer
	bw := bufio.NewWriterSize(&out, 4096)
	w := recordio.NewWriter(bw)
	if err := w.WriteRecord([]byte("abc")); err != nil {
		t.Fatal(err)
	}
	if out.String() != "3\nabc" {
		t.Fatalf("bufio.Writer not flushed: %q", out.String())
	}
}

type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }

func TestWriterError(t *testing.T) {
	boom := errors.New("broken pipe")
	if err := recordio.NewWriter(failingWriter{boom}).WriteRecord([]byte("x")); !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
}

// TestWriterHTTPChunks checks on the wire that every record is exactly one
// HTTP chunk, including a record larger than net/http's buffer.
func TestWriterHTTPChunks(t *testing.T) {
	records := []string{`{"type":"SUBSCRIBED"}`, `{"type":"HEARTBEAT"}`, strings.Repeat("z", 10000), "x"}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/json")
		rw.WriteHeader(http.StatusOK)
		w := recordio.NewWriter(rw)
		for _, rec := range records {
			if err := w.WriteRecord([]byte(rec)); err != nil {
				return
			}
		}
	}))
	defer srv.Close()

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if len(resp.TransferEncoding) != 1 || resp.TransferEncoding[0] != "chunked" {
		t.Fatalf("transfer encoding %v, want chunked", resp.TransferEncoding)
	}
	// http.ReadResponse wraps the body in a de-chunking reader; read the raw
	// chunks ourselves from the buffered connection instead.
	var chunks []string
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		size, err := strconv.ParseInt(strings.TrimSpace(line), 16, 64)
		if err != nil {
			t.Fatalf("chunk size %q: %v", line, err)
		}
		if size == 0 {
			break
		}
		buf := make([]byte, size+2)
		if _, err := io.ReadFull(br, buf); err != nil {
			t.Fatal(err)
		}
		chunks = append(chunks, string(buf[:size]))
	}
	if len(chunks) != len(records) {
		t.Fatalf("%d chunks for %d records", len(chunks), len(records))
	}
	for i, rec := range records {
		if want := string(recordio.Append(nil, []byte(rec))); chunks[i] != want {
			t.Errorf("chunk %d = %.40q…, want %.40q…", i, chunks[i], want)
		}
	}
}
