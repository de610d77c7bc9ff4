package mesoshttp

import (
	"fmt"
	"io"

	"google.golang.org/protobuf/proto"

	"github.com/mactor/mactor/internal/recordio"
)

// EventReader decodes the events of a RecordIO stream, such as the body of
// a SUBSCRIBE response.
type EventReader struct {
	rr  *recordio.Reader
	enc Encoding
}

// NewEventReader returns an EventReader over r, whose records are encoded
// with enc and at most maxRecord bytes long (zero for the recordio
// default).
func NewEventReader(r io.Reader, enc Encoding, maxRecord int) *EventReader {
	return &EventReader{rr: recordio.NewReader(r, recordio.WithMaxRecordSize(maxRecord)), enc: enc}
}

// Read decodes the next event into m. A framing error or the end of the
// stream ends the stream (io.EOF when it ended cleanly between records). A
// record that frames correctly but does not decode gives an error wrapping
// ErrInvalidMessage and the stream can go on.
func (r *EventReader) Read(m proto.Message) error {
	rec, err := r.rr.Read()
	if err != nil {
		return err
	}
	if err := r.enc.Unmarshal(rec, m); err != nil {
		return fmt.Errorf("%w: event of %d bytes: %w", ErrInvalidMessage, len(rec), err)
	}
	return nil
}

// EventWriter encodes events onto a RecordIO stream, one record and one
// flush (one HTTP chunk) per event. Servers use it: the simulated master,
// the bridge, and the tests' fake masters.
type EventWriter struct {
	w   *recordio.Writer
	enc Encoding
}

// NewEventWriter returns an EventWriter onto w (typically an
// http.ResponseWriter whose Content-Type is enc.ContentType()).
func NewEventWriter(w io.Writer, enc Encoding) *EventWriter {
	return &EventWriter{w: recordio.NewWriter(w), enc: enc}
}

// Write encodes m as one record and flushes it.
func (w *EventWriter) Write(m proto.Message) error {
	b, err := w.enc.Marshal(m)
	if err != nil {
		return err
	}
	return w.w.WriteRecord(b)
}
