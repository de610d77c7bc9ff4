package recordio_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/mactor/mactor/internal/recordio"
)

// FuzzReader feeds arbitrary streams, split at arbitrary points, to a Reader
// with a small size limit. It checks that the Reader never panics, that the
// split points never change the outcome, that oversized records are refused,
// and that every record it returns re-encodes to the bytes it came from.
func FuzzReader(f *testing.F) {
	f.Add([]byte("20\n{\"type\":\"HEARTBEAT\"}"), []byte{1})
	f.Add([]byte("3\nabc0\n5\nhello"), []byte{2, 5})
	f.Add([]byte("99999999999999999999999\n"), []byte{3})
	f.Add([]byte("10\nabc"), []byte{1, 1, 1})
	f.Add([]byte("\n\n"), []byte{})
	f.Add([]byte("300\n"), []byte{7})
	f.Fuzz(func(t *testing.T, stream []byte, splits []byte) {
		const limit = 256
		whole, wholeErr := drain(recordio.NewReader(bytes.NewReader(stream), recordio.WithMaxRecordSize(limit)))
		sizes := make([]int, len(splits))
		for i, s := range splits {
			sizes[i] = int(s)
		}
		split, splitErr := drain(recordio.NewReader(chunked(stream, sizes...), recordio.WithMaxRecordSize(limit)))
		if len(whole) != len(split) {
			t.Fatalf("split reads changed the record count: %d vs %d", len(whole), len(split))
		}
		if !sameClass(wholeErr, splitErr) {
			t.Fatalf("split reads changed the error: %v vs %v", wholeErr, splitErr)
		}
		var again []byte
		for i := range whole {
			if !bytes.Equal(whole[i], split[i]) {
				t.Fatalf("record %d differs between whole and split reads", i)
			}
			if len(whole[i]) > limit {
				t.Fatalf("record %d has %d bytes, above the limit", i, len(whole[i]))
			}
			again = recordio.Append(again, whole[i])
		}
		if wholeErr == nil {
			// A clean stream is exactly its records, up to leading zeros in
			// the headers; re-reading the re-encoding gives the same records.
			back, err := drain(recordio.NewReader(bytes.NewReader(again)))
			if err != nil || len(back) != len(whole) {
				t.Fatalf("re-encoded stream: %d records, %v", len(back), err)
			}
		}
	})
}

func drain(r *recordio.Reader) ([][]byte, error) {
	var out [][]byte
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, bytes.Clone(rec))
	}
}

func sameClass(a, b error) bool {
	for _, target := range []error{recordio.ErrInvalidHeader, recordio.ErrRecordTooLarge, io.ErrUnexpectedEOF} {
		if errors.Is(a, target) != errors.Is(b, target) {
			return false
		}
	}
	return (a == nil) == (b == nil)
}
