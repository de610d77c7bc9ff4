package webui

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
)

// static holds the dashboard's files, served under /assets/ (and
// index.html at /).
//
//go:embed assets
var static embed.FS

// asset is one embedded file, ready to serve.
type asset struct {
	data        []byte
	contentType string
	etag        string // strong validator: a hash of data
}

// contentTypes are the types of the files the assets directory holds;
// a file of another kind is a build mistake that loadAssets reports.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".svg":  "image/svg+xml",
}

// assets maps a file's name under assets/ to the file.
var assets = mustLoadAssets(static, "assets")

func mustLoadAssets(fsys fs.FS, dir string) map[string]asset {
	out, err := loadAssets(fsys, dir)
	if err != nil {
		panic(err) // the files are compiled in: a failure is a build mistake
	}
	return out
}

func loadAssets(fsys fs.FS, dir string) (map[string]asset, error) {
	out := map[string]asset{}
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ct, ok := contentTypes[path.Ext(p)]
		if !ok {
			return fmt.Errorf("webui: %s: no content type for %q", p, path.Ext(p))
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("webui: %w", err)
		}
		sum := sha256.Sum256(data)
		out[p[len(dir)+1:]] = asset{data: data, contentType: ct, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
		return nil
	})
	return out, err
}
