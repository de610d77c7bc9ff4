package recordio

import "errors"

var (
	// ErrInvalidHeader reports a record header that is not 1 to 20 decimal
	// digits followed by a line feed, or whose value does not fit a uint64.
	ErrInvalidHeader = errors.New("recordio: invalid record header")

	// ErrRecordTooLarge reports a record whose announced length exceeds the
	// Reader's maximum record size. The stream cannot be resynchronised
	// after it, so the Reader returns the error from then on.
	ErrRecordTooLarge = errors.New("recordio: record too large")
)
