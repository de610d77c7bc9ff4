package engine

// observability is what the engine keeps for GET /state, /state/tree,
// /state/timeline and its lifecycle metrics. Its zero value is usable.
type observability struct {
	timeline timeline
}
