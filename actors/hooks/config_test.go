package hooks_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mactor/mactor/actors/hooks"
)

func TestParseConfig(t *testing.T) {
	good := `
deadline: 250ms
fallback: none
workers: 8
hooks:
  isolatorPrepare: {deadline: 10s, fallback: error}
  slaveRunTaskLabelDecorator: {fallback: error}
rules:
  - name: team
    match: {framework_name: "spark-*", role: "analytics/*", principal: alice}
    labels: {team: data}
  - hooks: [slaveRunTaskLabelDecorator]
    command: {path: /bin/true, timeout: 2s, args: [--flag]}
`
	cfg, err := hooks.ParseConfig([]byte(good), "good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Settings(time.Second)
	prep, _ := hooks.ByName("isolatorPrepare")
	label, _ := hooks.ByName("slaveRunTaskLabelDecorator")
	other, _ := hooks.ByName("masterSlaveLostHook")
	if got := s.For(prep); got.Deadline != 10*time.Second || got.Fallback != hooks.FallbackError {
		t.Errorf("isolatorPrepare: %+v", got)
	}
	if got := s.For(label); got.Deadline != 250*time.Millisecond || got.Fallback != hooks.FallbackError {
		t.Errorf("label decorator: %+v", got)
	}
	if got := s.For(other); got.Deadline != 250*time.Millisecond || got.Fallback != hooks.FallbackNone {
		t.Errorf("other: %+v", got)
	}
	if s.Workers != 8 {
		t.Errorf("workers %d", s.Workers)
	}
	if _, err := hooks.ParseConfig(nil, "empty"); err != nil {
		t.Errorf("an empty file is fine: %v", err)
	}
	bad := []struct{ name, yaml, want string }{
		{"unknown key", "deadlines: 1s\n", "deadlines"},
		{"bad duration", "deadline: soon\n", "soon"},
		{"negative duration", "deadline: -1s\n", "negative"},
		{"bad fallback", "fallback: maybe\n", "maybe"},
		{"unknown hook", "hooks: {slaveFoo: {deadline: 1s}}\n", "slaveFoo"},
		{"rule without action", "rules: [{name: x}]\n", "no action"},
		{"rule unknown hook", "rules: [{hooks: [nope], labels: {a: b}}]\n", "nope"},
		{"command without hooks", "rules: [{command: {path: /bin/true}}]\n", "must list its hooks"},
		{"command without path", "rules: [{hooks: [isolatorCleanup], command: {}}]\n", "path"},
		{"bad pattern", "rules: [{match: {role: \"[\"}, labels: {a: b}}]\n", "pattern"},
		{"bad env", "rules: [{env: {\"A=B\": c}}]\n", "environment variable"},
		{"env file without dir", "rules: [{env_file: {}}]\n", "dir"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := hooks.ParseConfig([]byte(tc.yaml), "bad.yaml")
			if !errors.Is(err, hooks.ErrConfig) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want ErrConfig mentioning %q", err, tc.want)
			}
		})
	}
}
