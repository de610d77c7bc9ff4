package bench

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"time"
)

// Floor measures a bare net/http echo server on loopback (the body handed
// to another goroutine and back, as the engine hands a call to an actor)
// under the same pacer as the hook loads: a lower bound for any Go HTTP
// service on this machine.
func Floor(ctx context.Context, rate int, d time.Duration, workers int) (Load, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Load{}, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		ch := make(chan []byte, 1)
		go func() { ch <- b }()
		_, _ = w.Write(<-ch)
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	c := &http.Client{Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256}}
	defer c.CloseIdleConnections()
	url := "http://" + ln.Addr().String() + "/"
	payload := bytes.Repeat([]byte{'x'}, 400)
	return pace(rate, d, workers, func() (bool, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
		if err != nil {
			return false, err
		}
		resp, err := c.Do(req)
		if err != nil {
			return false, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return false, err
	})
}
