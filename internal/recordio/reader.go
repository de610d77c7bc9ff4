package recordio

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
)

// DefaultMaxRecordSize is the largest record a Reader accepts unless told
// otherwise: 64 MiB, well above any event a Mesos master sends (a large
// OFFERS event is a few megabytes).
const DefaultMaxRecordSize = 64 << 20

// maxHeaderDigits is the number of decimal digits of the largest uint64.
const maxHeaderDigits = 20

// growStep bounds how much buffer a Reader allocates ahead of the data that
// has actually arrived, so that a header announcing a large record does not
// cost memory until the bytes are there.
const growStep = 64 << 10

// Option configures a Reader.
type Option func(*Reader)

// WithMaxRecordSize sets the largest record the Reader accepts, in bytes.
// A value of zero or less keeps DefaultMaxRecordSize.
func WithMaxRecordSize(n int) Option {
	return func(r *Reader) {
		if n > 0 {
			r.max = n
		}
	}
}

// Reader decodes records from a RecordIO stream. It is not safe for
// concurrent use.
type Reader struct {
	br  *bufio.Reader
	max int
	buf []byte
	err error
}

// NewReader returns a Reader that decodes records from r.
func NewReader(r io.Reader, opts ...Option) *Reader {
	rd := &Reader{br: bufio.NewReader(r), max: DefaultMaxRecordSize}
	for _, o := range opts {
		o(rd)
	}
	return rd
}

// MaxRecordSize reports the largest record the Reader accepts.
func (r *Reader) MaxRecordSize() int { return r.max }

// Read returns the data of the next record. The slice is only valid until
// the next call to Read; copy it to keep it. A record of length zero is
// returned as an empty, non-nil slice (Mesos never sends one, but its own
// decoder accepts it).
//
// At a clean end of stream (between records) Read returns io.EOF. A stream
// that ends inside a record gives an error wrapping io.ErrUnexpectedEOF; a
// malformed header gives ErrInvalidHeader; an oversized record gives
// ErrRecordTooLarge. Errors are sticky: once Read has failed it keeps
// returning the same error.
func (r *Reader) Read() ([]byte, error) {
	if r.err != nil {
		return nil, r.err
	}
	rec, err := r.read()
	if err != nil {
		r.err = err
		return nil, err
	}
	return rec, nil
}

func (r *Reader) read() ([]byte, error) {
	n, err := r.header()
	if err != nil {
		return nil, err
	}
	if n > uint64(r.max) {
		return nil, fmt.Errorf("%w: %d bytes announced, limit %d", ErrRecordTooLarge, n, r.max)
	}
	return r.data(int(n))
}

// header reads the decimal length and its line feed.
func (r *Reader) header() (uint64, error) {
	var n uint64
	digits := 0
	for {
		c, err := r.br.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				if digits == 0 {
					return 0, io.EOF
				}
				return 0, fmt.Errorf("recordio: stream ended inside a header: %w", io.ErrUnexpectedEOF)
			}
			return 0, err
		}
		if c == '\n' {
			if digits == 0 {
				return 0, fmt.Errorf("%w: empty length", ErrInvalidHeader)
			}
			return n, nil
		}
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%w: unexpected byte %q", ErrInvalidHeader, c)
		}
		digits++
		d := uint64(c - '0')
		if digits > maxHeaderDigits || n > (^uint64(0)-d)/10 {
			return 0, fmt.Errorf("%w: length overflows uint64", ErrInvalidHeader)
		}
		n = n*10 + d
	}
}

// data reads exactly n bytes, growing the buffer only as bytes arrive.
func (r *Reader) data(n int) ([]byte, error) {
	if cap(r.buf) >= n {
		r.buf = r.buf[:n]
		if _, err := io.ReadFull(r.br, r.buf); err != nil {
			return nil, unexpected(err)
		}
		return r.buf, nil
	}
	buf := r.buf[:0]
	for len(buf) < n {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, min(n, max(2*cap(buf), growStep))-len(buf))
		}
		end := min(cap(buf), n)
		m, err := io.ReadFull(r.br, buf[len(buf):end])
		buf = buf[:len(buf)+m]
		if err != nil {
			r.buf = buf[:0]
			return nil, unexpected(err)
		}
	}
	r.buf = buf
	return buf, nil
}

func unexpected(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("recordio: stream ended inside a record: %w", io.ErrUnexpectedEOF)
	}
	return err
}
