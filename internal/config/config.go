package config

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"
)

// Sentinel errors of this package.
var (
	// ErrUnknownKey reports a key in the file that names no flag.
	ErrUnknownKey = errors.New("config: unknown key")
	// ErrBadValue reports a value the flag does not accept.
	ErrBadValue = errors.New("config: bad value")
	// ErrBadFile reports a file that is not a YAML mapping.
	ErrBadFile = errors.New("config: bad file")
)

// Apply reads the YAML file at path and sets every flag of fs that the file
// names and the command line did not set. Keys are flag names ("listen",
// "log-level"); lists become comma-separated values.
func Apply(fs *pflag.FlagSet, path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return ApplyBytes(fs, raw, path)
}

// ApplyBytes is Apply for a file already in memory; name is used in errors.
func ApplyBytes(fs *pflag.FlagSet, raw []byte, name string) error {
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrBadFile, name, err)
	}
	keys := make([]string, 0, len(doc))
	for k := range doc {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f := fs.Lookup(k)
		if f == nil {
			return fmt.Errorf("%w %q in %s", ErrUnknownKey, k, name)
		}
		if f.Changed {
			continue
		}
		if err := fs.Set(k, render(doc[k])); err != nil {
			return fmt.Errorf("%w for %q in %s: %v", ErrBadValue, k, name, err)
		}
	}
	return nil
}

func render(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = render(e)
		}
		return strings.Join(parts, ",")
	default:
		return fmt.Sprint(x)
	}
}
