package mesoshttp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"google.golang.org/protobuf/proto"
)

// HeaderStreamID is the header that carries a scheduler's subscription
// stream ID on every call after SUBSCRIBE.
const HeaderStreamID = "Mesos-Stream-Id"

// DefaultMaxRedirects bounds how many 307 answers one request follows.
const DefaultMaxRedirects = 5

// maxErrorBody bounds how much of an error response is kept as its message.
const maxErrorBody = 4 << 10

// Client posts calls to a Mesos v1 endpoint and follows leader redirects
// itself, so that credentials go with the call to the new leader and the
// caller learns where the leader is. The zero value is usable.
type Client struct {
	// HTTP supplies the transport (TLS settings, proxies); nil, or a nil
	// Transport, means http.DefaultTransport. Only its Transport is used:
	// the Client handles redirects itself and bounds requests with their
	// context, so CheckRedirect, Jar and Timeout are ignored.
	HTTP *http.Client
	// Auth, when set, authenticates every request.
	Auth Authenticator
	// UserAgent, when set, is sent as the User-Agent header.
	UserAgent string
	// MaxRedirects bounds the 307 hops per request; zero means
	// DefaultMaxRedirects.
	MaxRedirects int
}

// Request is one call to post.
type Request struct {
	// URL is the endpoint, e.g. http://master:5050/api/v1/scheduler.
	URL *url.URL
	// Encoding encodes the body and is the only type accepted back.
	Encoding Encoding
	// Call is the message to post.
	Call proto.Message
	// Name names the call in errors and logs, e.g. "SUBSCRIBE".
	Name string
	// Header holds extra headers, such as Mesos-Stream-Id.
	Header http.Header
	// Expect lists the success status codes; empty means 200 and 202.
	Expect []int
}

// Response is a successful answer. The caller must close Body.
type Response struct {
	*http.Response
	// URL is the endpoint that answered, after any redirects: the leader.
	URL *url.URL
	// Encoding is the encoding of the body, from its Content-Type (the
	// request's encoding when the header is absent).
	Encoding Encoding
}

// Do posts req. A status in req.Expect gives a Response whose body the
// caller must close; any other status gives an *Error carrying the body as
// its message; 307 answers are followed up to MaxRedirects times.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	body, err := req.Encoding.Marshal(req.Call)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", req.Name, err)
	}
	expect := req.Expect
	if len(expect) == 0 {
		expect = []int{http.StatusOK, http.StatusAccepted}
	}
	hops := c.MaxRedirects
	if hops <= 0 {
		hops = DefaultMaxRedirects
	}
	target := req.URL
	for hop := 0; ; hop++ {
		resp, err := c.post(ctx, target, req, body)
		if err != nil {
			return nil, err
		}
		switch {
		case slices.Contains(expect, resp.StatusCode):
			enc := req.Encoding
			if ct := resp.Header.Get("Content-Type"); ct != "" && resp.StatusCode == http.StatusOK {
				got, ok := EncodingOf(ct)
				if !ok {
					drain(resp.Body)
					return nil, fmt.Errorf("%w: %q for %s from %s", ErrUnsupportedEncoding, ct, req.Name, target.Redacted())
				}
				enc = got
			}
			return &Response{Response: resp, URL: target, Encoding: enc}, nil
		case resp.StatusCode == http.StatusTemporaryRedirect || resp.StatusCode == http.StatusPermanentRedirect:
			loc := resp.Header.Get("Location")
			drain(resp.Body)
			if hop >= hops {
				return nil, fmt.Errorf("%w: %d hops for %s, last to %q", ErrTooManyRedirects, hop, req.Name, loc)
			}
			next, err := ResolveLocation(target, loc)
			if err != nil {
				return nil, err
			}
			target = next
		default:
			return nil, errorFrom(resp, req.Name, target)
		}
	}
}

func (c *Client) post(ctx context.Context, target *url.URL, req Request, body []byte) (*http.Response, error) {
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, target.String(), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", req.Name, err)
	}
	for k, vs := range req.Header {
		hr.Header[k] = slices.Clone(vs)
	}
	hr.Header.Set("Content-Type", req.Encoding.ContentType())
	hr.Header.Set("Accept", req.Encoding.ContentType())
	if c.UserAgent != "" {
		hr.Header.Set("User-Agent", c.UserAgent)
	}
	if c.Auth != nil {
		c.Auth.Authenticate(hr)
	}
	resp, err := c.transport().RoundTrip(hr)
	if err != nil {
		return nil, fmt.Errorf("%s to %s: %w", req.Name, target.Redacted(), err)
	}
	return resp, nil
}

// transport is what sends requests. The Client goes to the round tripper
// directly: net/http's redirect handling would reject a bare "host:port"
// Location before any CheckRedirect could see it.
func (c *Client) transport() http.RoundTripper {
	if c.HTTP != nil && c.HTTP.Transport != nil {
		return c.HTTP.Transport
	}
	return http.DefaultTransport
}

func errorFrom(resp *http.Response, call string, target *url.URL) error {
	defer drain(resp.Body)
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	return &Error{
		Code:    resp.StatusCode,
		Message: strings.TrimSpace(string(msg)),
		Call:    call,
		URL:     target.Redacted(),
	}
}

// drain reads a little of what is left and closes the body, so that the
// connection can be reused.
func drain(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 64<<10))
	_ = body.Close()
}

// Discard drains and closes a response body.
func (r *Response) Discard() { drain(r.Body) }
