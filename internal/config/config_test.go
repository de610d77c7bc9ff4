package config

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func newFlags() (*pflag.FlagSet, *string, *time.Duration, *[]string) {
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:4050", "")
	iv := fs.Duration("allocation-interval", time.Second, "")
	roles := fs.StringSlice("roles", nil, "")
	return fs, listen, iv, roles
}

func TestApplyBytes(t *testing.T) {
	cases := []struct {
		name    string
		args    []string
		file    string
		listen  string
		iv      time.Duration
		roles   int
		wantErr error
	}{
		{"file sets", nil, "listen: 127.0.0.1:9000\nallocation-interval: 250ms\n", "127.0.0.1:9000", 250 * time.Millisecond, 0, nil},
		{"flag wins", []string{"--listen=127.0.0.1:1"}, "listen: 127.0.0.1:9000\n", "127.0.0.1:1", time.Second, 0, nil},
		{"list", nil, "roles: [a, b/c]\n", "127.0.0.1:4050", time.Second, 2, nil},
		{"unknown key", nil, "lisen: x\n", "", 0, 0, ErrUnknownKey},
		{"bad value", nil, "allocation-interval: soon\n", "", 0, 0, ErrBadValue},
		{"not a mapping", nil, "- a\n- b\n", "", 0, 0, ErrBadFile},
		{"empty file", nil, "", "127.0.0.1:4050", time.Second, 0, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs, listen, iv, roles := newFlags()
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			err := ApplyBytes(fs, []byte(tc.file), "test.yaml")
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *listen != tc.listen || *iv != tc.iv || len(*roles) != tc.roles {
				t.Fatalf("got listen=%s iv=%s roles=%v", *listen, *iv, *roles)
			}
		})
	}
}

func TestApplyMissingFile(t *testing.T) {
	fs, _, _, _ := newFlags()
	err := Apply(fs, filepath.Join(t.TempDir(), "nope.yaml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want not-exist", err)
	}
}
