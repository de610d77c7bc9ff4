package hooks

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is a --hooks-config file: the hooks' deadlines and fallbacks and
// the built-in rules. docs/hooks.md describes it with examples.
type Config struct {
	// Deadline is the default deadline of every hook (default 500ms).
	Deadline Duration `yaml:"deadline"`
	// Fallback is the default fallback: "none" (default) or "error".
	Fallback string `yaml:"fallback"`
	// Workers bounds the calls of one hook that run at once.
	Workers int `yaml:"workers"`
	// Hooks overrides the deadline and fallback per hook name.
	Hooks map[string]HookConfig `yaml:"hooks"`
	// Rules are applied in order.
	Rules []RuleConfig `yaml:"rules"`
}

// HookConfig is the deadline and fallback of one hook.
type HookConfig struct {
	Deadline Duration `yaml:"deadline"`
	Fallback string   `yaml:"fallback"`
}

// RuleConfig is one built-in rule.
type RuleConfig struct {
	// Name names the rule in logs and errors.
	Name string `yaml:"name"`
	// Hooks lists the hooks the rule applies to; empty means every hook
	// its actions apply to (labels: the two label decorators; env and
	// env_file: the environment decorator, env_file also the remove-executor
	// hook). A command rule must name its hooks.
	Hooks []string `yaml:"hooks"`
	// Match selects frameworks; every field given must match.
	Match MatchConfig `yaml:"match"`
	// Labels are added to the task's labels (replacing same keys).
	Labels map[string]string `yaml:"labels"`
	// Env is added to the executor's environment (replacing same names).
	Env map[string]string `yaml:"env"`
	// EnvFile writes Env to a file when the executor's environment is
	// decorated, and removes it when the executor is removed.
	EnvFile *EnvFileConfig `yaml:"env_file"`
	// Command delegates the hook to an external command.
	Command *CommandConfig `yaml:"command"`
}

// MatchConfig selects frameworks by shell-style patterns (path.Match
// syntax: *, ?, [...]).
type MatchConfig struct {
	FrameworkName string `yaml:"framework_name"`
	// Role matches if any of the framework's roles matches.
	Role      string `yaml:"role"`
	Principal string `yaml:"principal"`
}

// EnvFileConfig places the environment file.
type EnvFileConfig struct {
	// Dir is the directory of the files, one per executor:
	// <dir>/<framework id>__<executor id>.env.
	Dir string `yaml:"dir"`
	// Variable is the environment variable that tells the executor where
	// the file is (default MACTOR_ENV_FILE).
	Variable string `yaml:"variable"`
}

// CommandConfig is an external command in criteo's style.
type CommandConfig struct {
	Path    string   `yaml:"path"`
	Args    []string `yaml:"args"`
	Timeout Duration `yaml:"timeout"`
}

// Duration is a time.Duration read from YAML as "500ms", "10s", ….
type Duration time.Duration

// UnmarshalYAML implements yaml.Unmarshaler.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	if v < 0 {
		return fmt.Errorf("line %d: negative duration %s", n.Line, s)
	}
	*d = Duration(v)
	return nil
}

// LoadConfig reads and checks a --hooks-config file.
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	return ParseConfig(b, path)
}

// ParseConfig reads and checks a hooks configuration; name is used in
// errors. Unknown keys are errors.
func ParseConfig(b []byte, name string) (*Config, error) {
	cfg := &Config{}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: %s: %v", ErrConfig, name, err)
	}
	if err := cfg.check(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return cfg, nil
}

func (c *Config) check() error {
	if _, err := ParseFallback(c.Fallback); err != nil {
		return err
	}
	for name, h := range c.Hooks {
		if _, ok := ByName(name); !ok {
			return fmt.Errorf("%w: hooks: unknown hook %q", ErrConfig, name)
		}
		if _, err := ParseFallback(h.Fallback); err != nil {
			return fmt.Errorf("hooks.%s: %w", name, err)
		}
	}
	for i, r := range c.Rules {
		if _, err := compileRule(i, r, nil); err != nil {
			return err
		}
	}
	return nil
}

// Settings returns the deadlines and fallbacks of the file, with
// defaultDeadline (the --hook-deadline flag) where the file gives none.
func (c *Config) Settings(defaultDeadline time.Duration) Settings {
	s := Settings{Default: Setting{Deadline: defaultDeadline}, Workers: c.Workers, PerHook: map[string]Setting{}}
	if c.Deadline > 0 {
		s.Default.Deadline = time.Duration(c.Deadline)
	}
	s.Default.Fallback, _ = ParseFallback(c.Fallback)
	for name, h := range c.Hooks {
		fb := s.Default.Fallback
		if h.Fallback != "" {
			fb, _ = ParseFallback(h.Fallback)
		}
		s.PerHook[name] = Setting{Deadline: time.Duration(h.Deadline), Fallback: fb}
	}
	return s
}
