package mesoshttp

import "net/http"

// Authenticator adds credentials to every request a Client sends,
// including those re-sent to a new leader after a redirect.
type Authenticator interface {
	Authenticate(*http.Request)
}

// BasicAuth authenticates with HTTP basic authentication, as a master with
// --authenticate_http_frameworks expects: the framework's principal and
// its secret.
type BasicAuth struct {
	Principal string
	Secret    string
}

// Authenticate sets the Authorization header.
func (b BasicAuth) Authenticate(r *http.Request) { r.SetBasicAuth(b.Principal, b.Secret) }

// BearerToken authenticates with a bearer token, as an executor does with
// the JWT an agent passes in MESOS_EXECUTOR_AUTHENTICATION_TOKEN.
type BearerToken string

// Authenticate sets the Authorization header.
func (t BearerToken) Authenticate(r *http.Request) {
	r.Header.Set("Authorization", "Bearer "+string(t))
}
