// Package dashboard holds the browser test of the status port's dashboard
// and of the chaos report page (internal/webui): browser_test.go starts a
// real engine and runs browser.mjs, which drives Debian's Chromium through
// playwright-core from npm (package.json pins it; `npm ci` here installs
// it, no browser download). The test skips when node, Chromium or
// node_modules are missing, unless CI is set: then it fails.
package dashboard
