// Package webui holds mactor's web pages, served from the binary with no
// CDN and no bundler: hand-written HTML, CSS and JavaScript, embedded in
// the binary, and charts drawn by a small SVG library of its own
// (assets/charts.js).
//
// Dashboard is the live dashboard of the engine's status port (the
// engine mounts it at "/"): the supervision tree with restart counts,
// allocation per role and framework with DRF shares, hook latency, event
// rates, allocation cycle time and the lifecycle timeline, polled from
// /state/tree, /state, /metrics and /state/timeline of the same origin.
//
// WriteReport renders a chaos run's JSON report (mactor chaos --json) as
// one self-contained HTML file: the charts' JavaScript and the styles are
// inlined, and the report itself is embedded as JSON.
package webui
