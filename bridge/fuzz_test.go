package bridge_test

import (
	"bytes"
	"testing"

	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/bridge/compat"
	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// The bridge's decoders must never crash on what a module (or anyone on
// the network) sends. Seeds: testdata/fuzz/<name>; run a target with
// `go test -run '^$' -fuzz '^FuzzDecodeCall$' -fuzztime 30s ./bridge`.

// FuzzDecodeCall decodes a single call in either encoding and routes it.
func FuzzDecodeCall(f *testing.F) {
	for _, typ := range bridgetest.Types() {
		for _, enc := range []bridge.Encoding{bridge.Protobuf, bridge.JSON} {
			b, err := enc.Marshal(bridgetest.Sample(typ, 1))
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b, enc == bridge.JSON)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, json bool) {
		enc := bridge.Protobuf
		if json {
			enc = bridge.JSON
		}
		c := &bridgev1.Call{}
		if enc.Unmarshal(data, c) != nil {
			return
		}
		if bridgev1.Validate(c) == nil {
			_, _ = owner.KeyOf(c)
		}
		if _, err := enc.Marshal(c); err != nil {
			t.Fatalf("a decoded call does not encode: %v", err)
		}
	})
}

// FuzzDecodeBatch decodes a RecordIO batch body.
func FuzzDecodeBatch(f *testing.F) {
	var calls []*bridgev1.Call
	for i, typ := range bridgetest.Types() {
		c := bridgetest.Sample(typ, i)
		c.SessionId, c.Sequence = "s", uint64(i+1)
		calls = append(calls, c)
	}
	for _, enc := range []bridge.Encoding{bridge.Protobuf, bridge.JSON} {
		b, err := bridge.EncodeBatch(calls[:5], enc)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, enc == bridge.JSON)
	}
	f.Add([]byte("0\n"), false)
	f.Add([]byte("99999999999999999999\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, json bool) {
		enc := bridge.Protobuf
		if json {
			enc = bridge.JSON
		}
		calls, raws, err := bridge.DecodeBatch(data, enc, 100)
		if err != nil {
			return
		}
		if len(calls) != len(raws) || len(calls) == 0 || len(calls) > 100 {
			t.Fatalf("%d calls, %d raws", len(calls), len(raws))
		}
		for _, c := range calls {
			if bridgev1.Validate(c) == nil {
				_, _ = owner.KeyOf(c)
			}
		}
	})
}

// FuzzDecodeMultipart decodes alligator's multipart body and maps it.
func FuzzDecodeMultipart(f *testing.F) {
	const boundary = "b0undary"
	part := func(typ string, value []byte) []byte {
		var b bytes.Buffer
		b.WriteString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\n" + typ + "\r\n")
		b.WriteString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"value\"\r\n\r\n")
		b.Write(value)
		b.WriteString("\r\n--" + boundary + "--\r\n")
		return b.Bytes()
	}
	f.Add(part("AddFramework", []byte("\n\x06\n\x04fw-1\x12\x0c\n\x06nobody\x12\x02fw")))
	f.Add(part("SlaveRunTaskLabelDecorator", []byte{}))
	f.Add(part("Nope", []byte("x")))
	f.Add([]byte("--" + boundary + "--\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		typ, value, err := bridge.DecodeMultipart(bytes.NewReader(data), boundary, 1<<20)
		if err != nil {
			return
		}
		c, err := compat.FromAlligator(typ, value)
		if err != nil {
			return
		}
		if err := bridgev1.Validate(c); err != nil {
			t.Fatalf("mapped call invalid: %v", err)
		}
		if bridgev1.KindOf(c.GetType()) == bridgev1.KindOneWay {
			_, _ = owner.KeyOf(c)
		}
	})
}
