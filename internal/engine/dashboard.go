package engine

import (
	"net/http"

	"github.com/mactor/mactor/internal/webui"
)

// dashboardHandler serves the status port's "/" (the live dashboard of
// internal/webui): the page at "/" and its files under "/assets/". The
// status mux's own routes (/health, /metrics, /state, ...) are more
// specific and win; any other path answers 404.
func dashboardHandler() http.Handler { return webui.Dashboard() }
