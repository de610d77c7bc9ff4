package master

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// FetchState reads GET /state of the master at base ("http://host:port"),
// with client (nil: http.DefaultClient). Tests and tools use it to see
// the simulated cluster as a user's curl does.
func FetchState(ctx context.Context, client *http.Client, base string) (State, error) {
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(base, "/")+"/state", nil)
	if err != nil {
		return State{}, fmt.Errorf("master: state: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return State{}, fmt.Errorf("master: state: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return State{}, fmt.Errorf("master: state: HTTP %s", resp.Status)
	}
	var st State
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return State{}, fmt.Errorf("master: state: %w", err)
	}
	return st, nil
}
