package agent

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

func tarGz(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		_, _ = tw.Write([]byte(body))
	}
	_ = tw.Close()
	_ = gz.Close()
	return buf.Bytes()
}

func zipped(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(body))
	}
	_ = zw.Close()
	return buf.Bytes()
}

// TestFetch fetches over HTTP and from local paths into a sandbox, with
// Mesos's URI options, and refuses what would leave the sandbox.
func TestFetch(t *testing.T) {
	served := map[string][]byte{
		"/bin/tool":     []byte("#!/bin/sh\necho tool\n"),
		"/pkg.tar.gz":   tarGz(t, map[string]string{"pkg/run.sh": "echo run"}),
		"/pkg.zip":      zipped(t, map[string]string{"z/readme": "hello"}),
		"/evil.tar.gz":  tarGz(t, map[string]string{"../escape": "x"}),
		"/keep.tar.gz":  tarGz(t, map[string]string{"inner": "x"}),
		"/plain.txt":    []byte("plain"),
		"/outside-name": []byte("x"),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := served[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(b)
	}))
	defer srv.Close()
	local := filepath.Join(t.TempDir(), "local.txt")
	if err := os.WriteFile(local, []byte("local"), 0o600); err != nil {
		t.Fatal(err)
	}
	uri := func(v string) *mesosv1.CommandInfo_URI { return &mesosv1.CommandInfo_URI{Value: proto.String(v)} }
	tests := []struct {
		name    string
		uri     *mesosv1.CommandInfo_URI
		want    map[string]string // file in the sandbox → content
		exec    string            // a file that must be executable
		wantErr string
	}{
		{name: "executable under another name", uri: &mesosv1.CommandInfo_URI{Value: proto.String(srv.URL + "/bin/tool"), Executable: proto.Bool(true), OutputFile: proto.String("t")},
			want: map[string]string{"t": "#!/bin/sh\necho tool\n"}, exec: "t"},
		{name: "tar.gz extracted", uri: uri(srv.URL + "/pkg.tar.gz"), want: map[string]string{"pkg/run.sh": "echo run"}},
		{name: "zip extracted", uri: uri(srv.URL + "/pkg.zip"), want: map[string]string{"z/readme": "hello"}},
		{name: "archive kept when extract is off", uri: &mesosv1.CommandInfo_URI{Value: proto.String(srv.URL + "/keep.tar.gz"), Extract: proto.Bool(false)}, want: map[string]string{"keep.tar.gz": string(served["/keep.tar.gz"])}},
		{name: "plain file", uri: uri(srv.URL + "/plain.txt"), want: map[string]string{"plain.txt": "plain"}},
		{name: "local path", uri: uri(local), want: map[string]string{"local.txt": "local"}},
		{name: "file URI", uri: uri("file://" + local), want: map[string]string{"local.txt": "local"}},
		{name: "not found", uri: uri(srv.URL + "/nope"), wantErr: "404"},
		{name: "archive escaping the sandbox", uri: uri(srv.URL + "/evil.tar.gz"), wantErr: "outside the sandbox"},
		{name: "output file escaping the sandbox", uri: &mesosv1.CommandInfo_URI{Value: proto.String(srv.URL + "/outside-name"), OutputFile: proto.String("../x")}, wantErr: "outside the sandbox"},
		{name: "unknown scheme", uri: uri("ftp://example.invalid/x"), wantErr: "not supported"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			err := fetch(context.Background(), []*mesosv1.CommandInfo_URI{tt.uri}, dir)
			if tt.wantErr != "" {
				if err == nil || !errors.Is(err, ErrFetch) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range tt.want {
				b, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil || string(b) != want {
					t.Fatalf("%s: %q, %v", name, b, err)
				}
			}
			if tt.exec != "" {
				st, err := os.Stat(filepath.Join(dir, tt.exec))
				if err != nil || st.Mode()&0o100 == 0 {
					t.Fatalf("%s not executable: %v %v", tt.exec, st.Mode(), err)
				}
			}
		})
	}
}
