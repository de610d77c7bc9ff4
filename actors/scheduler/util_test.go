package scheduler_test

import "sync/atomic"

type atomicCounter struct{ n atomic.Int64 }

func (c *atomicCounter) add() int64 { return c.n.Add(1) }
func (c *atomicCounter) get() int64 { return c.n.Load() }

func ptr[T any](v T) *T { return &v }
