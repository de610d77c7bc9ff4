package agent

import (
	"archive/tar"
	"archive/zip"
	"compress/bzip2"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	mesosv1 "github.com/mactor/mactor/messages/mesos/v1"
)

// maxFetch bounds one fetched file.
const maxFetch = 1 << 30

// fetch does what Mesos's fetcher does before an executor starts: each
// URI of the command is downloaded (http, https) or copied (file:// or a
// path) into the sandbox dir, under output_file or the URI's base name,
// made executable if asked, and, when extract is on (the default),
// archives (.tar, .tar.gz, .tgz, .tar.bz2, .tbz2, .zip) are unpacked into
// the sandbox. There is no cache.
func fetch(ctx context.Context, uris []*mesosv1.CommandInfo_URI, dir string) error {
	for _, u := range uris {
		if err := fetchOne(ctx, u, dir); err != nil {
			return fmt.Errorf("%w: %s: %w", ErrFetch, u.GetValue(), err)
		}
	}
	return nil
}

func fetchOne(ctx context.Context, u *mesosv1.CommandInfo_URI, dir string) error {
	src, name, err := open(ctx, u.GetValue())
	if err != nil {
		return err
	}
	defer src.Close()
	if out := u.GetOutputFile(); out != "" {
		name = out
	}
	name = filepath.Clean(name)
	if name == "." || name == ".." || filepath.IsAbs(name) || strings.HasPrefix(name, ".."+string(filepath.Separator)) {
		return fmt.Errorf("output file %q is outside the sandbox", name)
	}
	target := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return err
	}
	mode := os.FileMode(0o640)
	if u.GetExecutable() {
		mode = 0o750
	}
	f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	n, err := io.Copy(f, io.LimitReader(src, maxFetch+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if n > maxFetch {
		return fmt.Errorf("larger than %d bytes", maxFetch)
	}
	if u.GetExecutable() || (u.Extract != nil && !u.GetExtract()) {
		return nil
	}
	return extract(target, dir)
}

// open returns the content of a URI and its base name.
func open(ctx context.Context, value string) (io.ReadCloser, string, error) {
	p, err := url.Parse(value)
	if err == nil && (p.Scheme == "http" || p.Scheme == "https") {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, value, nil)
		if err != nil {
			return nil, "", err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, "", err
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close()
			return nil, "", fmt.Errorf("HTTP %s", resp.Status)
		}
		return resp.Body, path.Base(p.Path), nil
	}
	local := value
	if err == nil && p.Scheme == "file" {
		local = p.Path
	} else if err == nil && p.Scheme != "" {
		return nil, "", fmt.Errorf("scheme %q is not supported (http, https, file or a path)", p.Scheme)
	}
	f, err := os.Open(local)
	if err != nil {
		return nil, "", err
	}
	return f, filepath.Base(local), nil
}

// extract unpacks an archive into dir; other files stay as they are.
func extract(file, dir string) error {
	lower := strings.ToLower(file)
	switch {
	case strings.HasSuffix(lower, ".zip"):
		return unzip(file, dir)
	case strings.HasSuffix(lower, ".tar"), strings.HasSuffix(lower, ".tar.gz"), strings.HasSuffix(lower, ".tgz"),
		strings.HasSuffix(lower, ".tar.bz2"), strings.HasSuffix(lower, ".tbz2"):
	default:
		return nil
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	switch {
	case strings.HasSuffix(lower, ".gz"), strings.HasSuffix(lower, ".tgz"):
		gz, err := gzip.NewReader(f)
		if err != nil {
			return err
		}
		defer gz.Close()
		r = gz
	case strings.HasSuffix(lower, ".bz2"), strings.HasSuffix(lower, ".tbz2"):
		r = bzip2.NewReader(f)
	}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch h.Typeflag {
		case tar.TypeDir:
			if _, err := inside(dir, h.Name); err != nil {
				return err
			}
			continue
		case tar.TypeReg:
		default:
			continue // links and devices are not unpacked
		}
		if err := writeEntry(dir, h.Name, os.FileMode(h.Mode)&0o755, tr); err != nil {
			return err
		}
	}
}

func unzip(file, dir string) error {
	z, err := zip.OpenReader(file)
	if err != nil {
		return err
	}
	defer z.Close()
	for _, e := range z.File {
		if e.FileInfo().IsDir() || !e.Mode().IsRegular() {
			continue
		}
		rc, err := e.Open()
		if err != nil {
			return err
		}
		err = writeEntry(dir, e.Name, e.Mode()&0o755, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// inside is name joined to dir, refused if it would leave dir.
func inside(dir, name string) (string, error) {
	target := filepath.Join(dir, name)
	rel, err := filepath.Rel(dir, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("archive entry %q is outside the sandbox", name)
	}
	return target, nil
}

func writeEntry(dir, name string, mode os.FileMode, r io.Reader) error {
	target, err := inside(dir, name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return err
	}
	f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode|0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, io.LimitReader(r, maxFetch))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
