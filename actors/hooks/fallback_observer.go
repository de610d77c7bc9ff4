package hooks

// FallbackObserver is told of each hook call answered with the configured
// fallback: the hook's name and the reason (deadline, restarting, crash,
// overload). It runs on the caller's goroutine and must be quick.
type FallbackObserver func(hook, reason string)

// OnFallback installs fn to be told of every fallback counted by m (the
// engine puts them on its timeline). Passing nil removes it.
func (m *Metrics) OnFallback(fn FallbackObserver) {
	if m == nil {
		return
	}
	if fn == nil {
		m.onFallback.Store(nil)
		return
	}
	m.onFallback.Store(&fn)
}

func (m *Metrics) notifyFallback(hook, reason string) {
	if fn := m.onFallback.Load(); fn != nil {
		(*fn)(hook, reason)
	}
}
