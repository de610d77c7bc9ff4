package recordio_test

import (
	"bytes"
	"fmt"

	"github.com/mactor/mactor/internal/recordio"
)

func Example() {
	var stream bytes.Buffer
	w := recordio.NewWriter(&stream)
	_ = w.WriteRecord([]byte(`{"type":"SUBSCRIBED"}`))
	_ = w.WriteRecord([]byte(`{"type":"HEARTBEAT"}`))
	fmt.Printf("%q\n", stream.String())

	r := recordio.NewReader(&stream, recordio.WithMaxRecordSize(1<<20))
	for {
		rec, err := r.Read()
		if err != nil {
			break
		}
		fmt.Println(string(rec))
	}
	// Output:
	// "21\n{\"type\":\"SUBSCRIBED\"}20\n{\"type\":\"HEARTBEAT\"}"
	// {"type":"SUBSCRIBED"}
	// {"type":"HEARTBEAT"}
}
