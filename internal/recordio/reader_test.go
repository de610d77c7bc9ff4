package recordio_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/mactor/mactor/internal/recordio"
)

// chunked returns a reader that hands out data in pieces of the given
// sizes (cycling), like a proxy that re-chunks an HTTP body.
func chunked(data []byte, sizes ...int) io.Reader {
	return &chunkReader{data: data, sizes: sizes}
}

type chunkReader struct {
	data  []byte
	sizes []int
	i     int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := len(c.data)
	if len(c.sizes) > 0 {
		n = max(1, c.sizes[c.i%len(c.sizes)])
		c.i++
	}
	n = min(n, len(p), len(c.data))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

func readAll(t *testing.T, r *recordio.Reader) ([]string, error) {
	t.Helper()
	var out []string
	for {
		rec, err := r.Read()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return out, err
		}
		out = append(out, string(rec))
	}
}

func TestReader(t *testing.T) {
	heartbeat := `{"type":"HEARTBEAT"}`
	tests := []struct {
		name    string
		stream  string
		max     int
		want    []string
		wantErr error
	}{
		{name: "empty stream", stream: "", want: nil},
		{name: "one record", stream: "20\n" + heartbeat, want: []string{heartbeat}},
		{name: "several records", stream: "20\n" + heartbeat + "3\nabc1\nx", want: []string{heartbeat, "abc", "x"}},
		{name: "zero length record", stream: "0\n3\nabc", want: []string{"", "abc"}},
		{name: "data containing newlines", stream: "5\na\nb\n\n", want: []string{"a\nb\n\n"}},
		{name: "leading zeros", stream: "003\nabc", want: []string{"abc"}},
		{name: "binary data", stream: "4\n\x00\x01\n\xff", want: []string{"\x00\x01\n\xff"}},
		{name: "truncated data", stream: "10\nabc", wantErr: io.ErrUnexpectedEOF},
		{name: "truncated header", stream: "3\nabc12", want: []string{"abc"}, wantErr: io.ErrUnexpectedEOF},
		{name: "empty header", stream: "\nabc", wantErr: recordio.ErrInvalidHeader},
		{name: "carriage return", stream: "3\r\nabc", wantErr: recordio.ErrInvalidHeader},
		{name: "sign", stream: "+3\nabc", wantErr: recordio.ErrInvalidHeader},
		{name: "space", stream: " 3\nabc", wantErr: recordio.ErrInvalidHeader},
		{name: "letters", stream: "abc\n", wantErr: recordio.ErrInvalidHeader},
		{name: "overflow", stream: "18446744073709551616\n", wantErr: recordio.ErrInvalidHeader},
		{name: "too many digits", stream: "000000000000000000001\nx", wantErr: recordio.ErrInvalidHeader},
		{name: "max uint64 is too large", stream: "18446744073709551615\n", wantErr: recordio.ErrRecordTooLarge},
		{name: "over limit", stream: "11\nhello world", max: 10, wantErr: recordio.ErrRecordTooLarge},
		{name: "at limit", stream: "10\nhelloworld", max: 10, want: []string{"helloworld"}},
		{name: "error after good records", stream: "1\na1\nbx\n", want: []string{"a", "b"}, wantErr: recordio.ErrInvalidHeader},
	}
	splits := []struct {
		name string
		wrap func([]byte) io.Reader
	}{
		{"whole", func(b []byte) io.Reader { return bytes.NewReader(b) }},
		{"one byte", func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) }},
		{"uneven chunks", func(b []byte) io.Reader { return chunked(b, 2, 7, 1, 3) }},
		{"half", func(b []byte) io.Reader { return iotest.HalfReader(bytes.NewReader(b)) }},
	}
	for _, tt := range tests {
		for _, sp := range splits {
			t.Run(tt.name+"/"+sp.name, func(t *testing.T) {
				r := recordio.NewReader(sp.wrap([]byte(tt.stream)), recordio.WithMaxRecordSize(tt.max))
				got, err := readAll(t, r)
				if !slicesEqual(got, tt.want) {
					t.Errorf("records = %q, want %q", got, tt.want)
				}
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if err != nil {
					if _, again := r.Read(); !errors.Is(again, tt.wantErr) {
						t.Errorf("error not sticky: second Read gave %v", again)
					}
				}
			})
		}
	}
}

func TestReaderPropagatesReadErrors(t *testing.T) {
	boom := errors.New("connection reset")
	r := recordio.NewReader(io.MultiReader(strings.NewReader("5\nab"), iotest.ErrReader(boom)))
	if _, err := r.Read(); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want %v", err, boom)
	}
}

func TestReaderLargeRecordArrivesIncrementally(t *testing.T) {
	const n = 1 << 20
	data := bytes.Repeat([]byte("x"), n)
	stream := recordio.Append(nil, data)
	stream = recordio.Append(stream, []byte("tail"))
	r := recordio.NewReader(chunked(stream, 4096, 1, 70000))
	got, err := readAll(t, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(got[0]) != n || got[1] != "tail" {
		t.Fatalf("got %d records", len(got))
	}
}

func TestReaderDefaultMax(t *testing.T) {
	r := recordio.NewReader(strings.NewReader(""))
	if r.MaxRecordSize() != recordio.DefaultMaxRecordSize {
		t.Fatalf("MaxRecordSize = %d", r.MaxRecordSize())
	}
}

func slicesEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
