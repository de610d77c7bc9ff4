package bridge

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// Media types and headers of the bridge protocol.
const (
	ContentTypeProtobuf = "application/x-protobuf"
	ContentTypeJSON     = "application/json"
	ContentTypeRecordIO = "application/recordio"
	// HeaderMessageContentType names the encoding of each record of a
	// RecordIO request (Mesos's streaming-request convention).
	HeaderMessageContentType = "Message-Content-Type"
	// HeaderMessageAccept asks for the encoding of each record of a RecordIO
	// answer (default: the request's Message-Content-Type).
	HeaderMessageAccept = "Message-Accept"
	// HeaderExpectedSequence carries, on a 409, the sequence number the
	// engine expects next for the session.
	HeaderExpectedSequence = "Mactor-Expected-Sequence"
)

// Encoding is the representation of calls, responses and events.
type Encoding int

// The encodings.
const (
	Protobuf Encoding = iota
	JSON
)

// ContentType returns the encoding's media type.
func (e Encoding) ContentType() string {
	if e == JSON {
		return ContentTypeJSON
	}
	return ContentTypeProtobuf
}

// String returns "protobuf" or "json".
func (e Encoding) String() string {
	if e == JSON {
		return "json"
	}
	return "protobuf"
}

// Marshal encodes m (JSON: protojson with the proto field names, one
// line). Mesos messages without their required fields are encoded as they
// are, as Mesos hands them to modules.
func (e Encoding) Marshal(m proto.Message) ([]byte, error) {
	if e == JSON {
		return protojson.MarshalOptions{UseProtoNames: true, AllowPartial: true}.Marshal(m)
	}
	return proto.MarshalOptions{AllowPartial: true}.Marshal(m)
}

// Unmarshal decodes b into m (JSON: protojson, either field spelling,
// unknown fields ignored; missing required fields accepted).
func (e Encoding) Unmarshal(b []byte, m proto.Message) error {
	if e == JSON {
		return protojson.UnmarshalOptions{DiscardUnknown: true, AllowPartial: true}.Unmarshal(b, m)
	}
	return proto.UnmarshalOptions{AllowPartial: true}.Unmarshal(b, m)
}

// EncodingOf returns the encoding of a media type (parameters ignored).
func EncodingOf(contentType string) (Encoding, bool) {
	switch mediaType(contentType) {
	case ContentTypeProtobuf:
		return Protobuf, true
	case ContentTypeJSON:
		return JSON, true
	}
	return 0, false
}

func mediaType(v string) string {
	mt, _, err := mime.ParseMediaType(v)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(v))
	}
	return mt
}

// acceptable returns the encoding to answer with given an Accept-like
// header value: def when the header is absent or allows anything, else the
// first of protobuf and JSON it allows; false if it allows neither.
func acceptable(header string, def Encoding) (Encoding, bool) {
	if strings.TrimSpace(header) == "" {
		return def, true
	}
	var proto, json, any bool
	for _, part := range strings.Split(header, ",") {
		mt := mediaType(part)
		switch mt {
		case ContentTypeProtobuf:
			proto = true
		case ContentTypeJSON:
			json = true
		case "*/*", "application/*":
			any = true
		}
	}
	switch {
	case any || (proto && json):
		return def, true
	case proto:
		return Protobuf, true
	case json:
		return JSON, true
	}
	return 0, false
}

// errTooLarge reports a body over the limit.
var errTooLarge = errors.New("body too large")

// readBody reads the request body, at most limit bytes.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", errTooLarge, r.ContentLength, limit)
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, fmt.Errorf("%w: limit %d bytes", errTooLarge, limit)
		}
		return nil, fmt.Errorf("reading body: %w", err)
	}
	return b, nil
}
