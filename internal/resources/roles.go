package resources

import (
	"fmt"
	"strings"
)

// RoleStar is the default role, "*": unreserved resources belong to it and
// frameworks without a role subscribe to it.
const RoleStar = "*"

// ValidateRole checks a role name the way Mesos's roles::validate does: "*"
// is valid; otherwise the name is a '/'-separated path whose components are
// not empty, ".", ".." or "*", do not start with '-', and contain no
// whitespace or DEL.
func ValidateRole(role string) error {
	if role == RoleStar {
		return nil
	}
	switch {
	case role == "":
		return fmt.Errorf("%w: role names cannot be the empty string", ErrInvalidRole)
	case strings.HasPrefix(role, "/"):
		return fmt.Errorf("%w: role %q cannot start with a slash", ErrInvalidRole, role)
	case strings.HasSuffix(role, "/"):
		return fmt.Errorf("%w: role %q cannot end with a slash", ErrInvalidRole, role)
	case strings.Contains(role, "//"):
		return fmt.Errorf("%w: role %q cannot contain two adjacent slashes", ErrInvalidRole, role)
	}
	for _, c := range strings.Split(role, "/") {
		switch {
		case c == ".":
			return fmt.Errorf("%w: role %q cannot include '.' as a component", ErrInvalidRole, role)
		case c == "..":
			return fmt.Errorf("%w: role %q cannot include '..' as a component", ErrInvalidRole, role)
		case c == "*":
			return fmt.Errorf("%w: role %q cannot include '*' as a component", ErrInvalidRole, role)
		case strings.HasPrefix(c, "-"):
			return fmt.Errorf("%w: role component %q is invalid because it starts with a dash", ErrInvalidRole, c)
		case strings.ContainsAny(c, "\x09\x0a\x0b\x0c\x0d\x20\x7f"):
			return fmt.Errorf("%w: role component %q is invalid because it contains backspace or whitespace", ErrInvalidRole, c)
		}
	}
	return nil
}

// IsStrictSubroleOf reports whether left is a proper descendant of right
// ("a/b/c" of "a/b", but not "a/bc" of "a/b").
func IsStrictSubroleOf(left, right string) bool {
	return len(left) > len(right) && left[len(right)] == '/' && strings.HasPrefix(left, right)
}

// Ancestors returns the proper ancestors of role, nearest first ("a/b/c" →
// "a/b", "a").
func Ancestors(role string) []string {
	var out []string
	for i := len(role) - 1; i >= 0; i-- {
		if role[i] == '/' {
			out = append(out, role[:i])
		}
	}
	return out
}

// TopLevel returns the first component of role ("a" for "a/b/c").
func TopLevel(role string) string {
	if i := strings.IndexByte(role, '/'); i >= 0 {
		return role[:i]
	}
	return role
}
