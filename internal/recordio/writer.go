package recordio

import (
	"io"
	"strconv"
)

// Writer encodes records onto a RecordIO stream. Each record (header and
// data together) goes to the destination in a single Write call, and the
// destination is flushed after every record when it can flush, so an
// http.ResponseWriter sends each record as its own HTTP chunk. It is not
// safe for concurrent use.
type Writer struct {
	w     io.Writer
	flush func() error
	buf   []byte
}

// NewWriter returns a Writer onto w. When w has a Flush method (the
// FlushError or Flush of an http.ResponseWriter, or a bufio.Writer's
// Flush) it is called after each record.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w, flush: flusherOf(w)}
}

// WriteRecord frames p as one record, writes it and flushes.
func (w *Writer) WriteRecord(p []byte) error {
	w.buf = Append(w.buf[:0], p)
	if _, err := w.w.Write(w.buf); err != nil {
		return err
	}
	if w.flush != nil {
		return w.flush()
	}
	return nil
}

// Append appends the RecordIO framing of p (its decimal length, a line
// feed, then p) to dst and returns the extended slice.
func Append(dst, p []byte) []byte {
	dst = strconv.AppendUint(dst, uint64(len(p)), 10)
	dst = append(dst, '\n')
	return append(dst, p...)
}

func flusherOf(w io.Writer) func() error {
	switch f := w.(type) {
	case interface{ FlushError() error }:
		return f.FlushError
	case interface{ Flush() error }:
		return f.Flush
	case interface{ Flush() }:
		return func() error { f.Flush(); return nil }
	}
	return nil
}
