package simhttp

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/mesoshttp"
)

// MaxCallBody bounds a call's body.
const MaxCallBody = 16 << 20

// ReadCall reads a call's body into call with Mesos's checks, in its
// order: POST only (405), Content-Type present (400) and JSON or protobuf
// (415), then the body parses (400). It returns the body's encoding.
func ReadCall(w http.ResponseWriter, r *http.Request, call proto.Message) (mesoshttp.Encoding, *Error) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		return 0, Refuse(http.StatusMethodNotAllowed, fmt.Sprintf("Expecting one of { 'POST' }, but received '%s'", r.Method))
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return 0, Refuse(http.StatusBadRequest, "Expecting 'Content-Type' to be present")
	}
	enc, ok := mesoshttp.EncodingOf(ct)
	if !ok {
		return 0, Refuse(http.StatusUnsupportedMediaType, fmt.Sprintf("Expecting 'Content-Type' of %s or %s", mesoshttp.ContentTypeJSON, mesoshttp.ContentTypeProtobuf))
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxCallBody))
	if err != nil {
		return enc, Refuse(http.StatusBadRequest, fmt.Sprintf("Failed to read body: %v", err))
	}
	if err := enc.Unmarshal(body, call); err != nil {
		what := "protobuf"
		if enc == mesoshttp.JSON {
			what = "JSON"
		}
		return enc, Refuse(http.StatusBadRequest, fmt.Sprintf("Failed to parse body into Call %s: %v", what, err))
	}
	return enc, nil
}

// ResponseEncoding picks the encoding of a stream from the request's
// Accept headers: none, or a wildcard, means JSON; JSON wins when both are
// acceptable; neither is a 406.
func ResponseEncoding(values []string) (mesoshttp.Encoding, *Error) {
	if len(values) == 0 {
		return mesoshttp.JSON, nil
	}
	proto := false
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil || params["q"] == "0" {
				continue
			}
			switch mt {
			case mesoshttp.ContentTypeJSON, "*/*", "application/*":
				return mesoshttp.JSON, nil
			case mesoshttp.ContentTypeProtobuf:
				proto = true
			}
		}
	}
	if proto {
		return mesoshttp.Protobuf, nil
	}
	return mesoshttp.JSON, Refuse(http.StatusNotAcceptable, fmt.Sprintf("Expecting 'Accept' to allow '%s' or '%s'", mesoshttp.ContentTypeJSON, mesoshttp.ContentTypeProtobuf))
}
