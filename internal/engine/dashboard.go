package engine

import "net/http"

// dashboardHandler serves the status port's "/" (the dashboard). Until the
// embedded dashboard lands it answers 404 for every path but the ones the
// status mux registers itself.
func dashboardHandler() http.Handler { return http.NotFoundHandler() }
