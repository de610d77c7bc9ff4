package mesoshttp

import (
	"fmt"
	"net/url"
	"strings"
)

// ResolveLocation returns where a redirect from the request URL base points
// to. Mesos masters that are not the leader answer 307 with a
// protocol-relative Location ("//leader:5050/api/v1/scheduler"); the
// documentation also shows a bare "leader:5050". Both keep base's scheme,
// and a Location without a path keeps base's path and query.
func ResolveLocation(base *url.URL, location string) (*url.URL, error) {
	loc := strings.TrimSpace(location)
	if loc == "" {
		return nil, fmt.Errorf("%w: empty Location", ErrBadRedirect)
	}
	lower := strings.ToLower(loc)
	if !strings.HasPrefix(loc, "/") && !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
		loc = "//" + loc
	}
	ref, err := url.Parse(loc)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %w", ErrBadRedirect, location, err)
	}
	u := base.ResolveReference(ref)
	if u.Host == "" {
		return nil, fmt.Errorf("%w: %q has no host", ErrBadRedirect, location)
	}
	if ref.Path == "" && ref.RawQuery == "" {
		u.Path, u.RawPath, u.RawQuery = base.Path, base.RawPath, base.RawQuery
	}
	u.User = base.User
	return u, nil
}
