package engine

import (
	"errors"
	"fmt"
	"net"
)

// Defaults of the serve command.
const (
	DefaultListen = "127.0.0.1:4050"
	DefaultHTTP   = "127.0.0.1:4051"
	DefaultData   = "./mactor-data"
)

// ErrBadConfig reports a configuration the engine cannot start with.
var ErrBadConfig = errors.New("engine: bad config")

// Config is everything the engine needs to start.
type Config struct {
	// Listen is the bridge's TCP address (host:port; port 0 picks one).
	Listen string
	// HTTP is the status server's TCP address.
	HTTP string
	// DataDir holds the durable store; it is created if missing.
	DataDir string
}

// Validate checks the addresses and the data directory setting.
func (c Config) Validate() error {
	for _, a := range []struct{ name, addr string }{{"listen", c.Listen}, {"http", c.HTTP}} {
		if _, _, err := net.SplitHostPort(a.addr); err != nil {
			return fmt.Errorf("%w: --%s %q: %v", ErrBadConfig, a.name, a.addr, err)
		}
	}
	if c.DataDir == "" {
		return fmt.Errorf("%w: --data must not be empty", ErrBadConfig)
	}
	return nil
}
