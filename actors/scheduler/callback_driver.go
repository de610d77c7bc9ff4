package scheduler

import (
	"sync"
	"sync/atomic"

	"go.uber.org/zap"
)

// callbackDriver is the Driver the behaviour's callbacks receive. It is
// the framework's driver, except that Stop and Teardown called during a
// callback take effect when the callback returns: after the update being
// handled has been acknowledged, so that stopping from StatusUpdate (say,
// once the last task has finished) neither loses that acknowledgement nor
// sends it after TEARDOWN.
type callbackDriver struct {
	*framework
	active atomic.Bool // a callback is running

	mu       sync.Mutex
	deferred *bool // failover of a Stop requested during the callback
}

// Stop implements Driver.
func (c *callbackDriver) Stop(failover bool) error {
	if !c.active.Load() {
		return c.framework.Stop(failover)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.deferred == nil || !failover {
		c.deferred = &failover // a teardown wins over a failover stop
	}
	return nil
}

// Teardown implements Driver.
func (c *callbackDriver) Teardown() error { return c.Stop(false) }

// enter marks the start of a callback.
func (c *callbackDriver) enter() { c.active.Store(true) }

// leave marks its end and carries out a Stop it requested.
func (c *callbackDriver) leave() {
	c.active.Store(false)
	c.mu.Lock()
	failover := c.deferred
	c.deferred = nil
	c.mu.Unlock()
	if failover != nil {
		if err := c.framework.Stop(*failover); err != nil {
			c.log.Warn("stop requested by the behaviour", zap.Error(err))
		}
	}
}
