package resources

import (
	"errors"
	"slices"
	"testing"
)

// Role names as Mesos's roles::validate (src/tests/role_tests.cpp).
func TestValidateRole(t *testing.T) {
	tests := []struct {
		role string
		ok   bool
	}{
		{"*", true}, {"role", true}, {"a/b/c", true}, {"a-b", true}, {"a.b", true},
		{"", false}, {"/a", false}, {"a/", false}, {"a//b", false}, {".", false},
		{"a/..", false}, {"a/*", false}, {"-a", false}, {"a/-b", false}, {"a b", false},
		{"a\tb", false}, {"a\x7fb", false},
	}
	for _, tt := range tests {
		t.Run(tt.role, func(t *testing.T) {
			err := ValidateRole(tt.role)
			if (err == nil) != tt.ok {
				t.Fatalf("ValidateRole(%q) = %v", tt.role, err)
			}
			if err != nil && !errors.Is(err, ErrInvalidRole) {
				t.Fatalf("error %v does not wrap ErrInvalidRole", err)
			}
		})
	}
}

func TestRoleHierarchy(t *testing.T) {
	if !IsStrictSubroleOf("a/b", "a") || IsStrictSubroleOf("ab", "a") || IsStrictSubroleOf("a", "a") {
		t.Fatal("IsStrictSubroleOf")
	}
	if got := Ancestors("a/b/c"); !slices.Equal(got, []string{"a/b", "a"}) {
		t.Fatalf("Ancestors = %v", got)
	}
	if TopLevel("a/b") != "a" || TopLevel("x") != "x" {
		t.Fatal("TopLevel")
	}
}
