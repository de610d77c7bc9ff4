package mesoshttp

import (
	"fmt"
	"mime"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/messages/mesosjson"
)

// Content types of the Mesos v1 APIs.
const (
	ContentTypeJSON     = "application/json"
	ContentTypeProtobuf = "application/x-protobuf"
)

// Encoding is the representation of calls and events on the wire.
type Encoding int

const (
	// JSON is Mesos's JSON dialect (snake_case field names, enum names,
	// base64 bytes), one line of ASCII per message.
	JSON Encoding = iota
	// Protobuf is the protobuf binary encoding.
	Protobuf
)

// String returns "json" or "protobuf".
func (e Encoding) String() string {
	switch e {
	case JSON:
		return "json"
	case Protobuf:
		return "protobuf"
	}
	return fmt.Sprintf("Encoding(%d)", int(e))
}

// ContentType returns the media type of the encoding.
func (e Encoding) ContentType() string {
	if e == Protobuf {
		return ContentTypeProtobuf
	}
	return ContentTypeJSON
}

// Marshal encodes m. Missing required fields are an error in both
// encodings, so that a call Mesos would reject with 400 fails locally.
func (e Encoding) Marshal(m proto.Message) ([]byte, error) {
	if err := proto.CheckInitialized(m); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidMessage, err)
	}
	if e == Protobuf {
		return proto.Marshal(m)
	}
	return marshalJSON(m)
}

// Unmarshal decodes b into m. It accepts messages with missing required
// fields: a client should not drop an event Mesos chose to send.
func (e Encoding) Unmarshal(b []byte, m proto.Message) error {
	if e == Protobuf {
		return proto.UnmarshalOptions{AllowPartial: true}.Unmarshal(b, m)
	}
	return unmarshalJSON(b, m)
}

// EncodingOf returns the encoding named by a Content-Type header value.
func EncodingOf(contentType string) (Encoding, bool) {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return JSON, false
	}
	switch mt {
	case ContentTypeJSON:
		return JSON, true
	case ContentTypeProtobuf:
		return Protobuf, true
	}
	return JSON, false
}

// The JSON seam: one place to change how Mesos JSON is produced and read.
var (
	marshalJSON   = mesosjson.Marshal
	unmarshalJSON = mesosjson.UnmarshalOptions{AllowPartial: true}.Unmarshal
)
