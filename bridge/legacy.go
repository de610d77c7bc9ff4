package bridge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"time"

	"go.uber.org/zap"

	"github.com/mactor/mactor/bridge/compat"
	"github.com/mactor/mactor/bridge/owner"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// DecodeMultipart reads the `type` and `value` fields of an alligator
// multipart/form-data body (other fields are skipped); limit bounds the
// bytes read.
func DecodeMultipart(body io.Reader, boundary string, limit int64) (eventType string, value []byte, err error) {
	if boundary == "" {
		return "", nil, errors.New("multipart body without a boundary")
	}
	mr := multipart.NewReader(io.LimitReader(body, limit), boundary)
	seenType, seenValue := false, false
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", nil, fmt.Errorf("malformed multipart body: %w", err)
		}
		b, err := io.ReadAll(p)
		if err != nil {
			return "", nil, fmt.Errorf("malformed multipart body: %w", err)
		}
		switch p.FormName() {
		case "type":
			eventType, seenType = string(bytes.TrimSpace(b)), true
		case "value":
			value, seenValue = b, true
		}
	}
	if !seenType || !seenValue {
		return "", nil, errors.New("multipart body needs the fields type and value")
	}
	return eventType, value, nil
}

// serveLegacy answers elodina/alligator's module: POST / with the fields
// `type` and `value`. Allocator events are applied unsequenced (200 once
// durable); hook events answer with the serialized Labels or Environment.
func (s *Server) serveLegacy(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		httpError(w, http.StatusMethodNotAllowed, "method not allowed: use POST")
		return
	}
	start := time.Now()
	defer func() { s.m.requests.WithLabelValues("multipart").Observe(time.Since(start).Seconds()) }()
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		httpError(w, http.StatusUnsupportedMediaType, "unsupported Content-Type: use multipart/form-data with the fields type and value (or POST /api/v1/bridge)")
		return
	}
	if r.ContentLength > s.cfg.MaxBody {
		httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body of %d bytes, limit %d", r.ContentLength, s.cfg.MaxBody))
		return
	}
	body := http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	typ, value, err := DecodeMultipart(body, params["boundary"], s.cfg.MaxBody+1)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			httpError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("body over the limit of %d bytes", s.cfg.MaxBody))
			return
		}
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	call, err := compat.FromAlligator(typ, value)
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	if s.stopping.Load() {
		s.unavailable(w, ErrStopping)
		return
	}
	if bridgev1.KindOf(call.GetType()) == bridgev1.KindHook {
		s.legacyHook(w, r, typ, call)
		return
	}
	sl := &slot{call: call}
	if sl.key, err = owner.KeyOf(call); err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.direct(r.Context(), sl)
	s.m.call(call.GetType().String(), sl.status)
	if sl.status != http.StatusAccepted {
		if sl.status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "1")
		}
		httpError(w, sl.status, sl.errMsg)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func (s *Server) legacyHook(w http.ResponseWriter, r *http.Request, typ string, call *bridgev1.Call) {
	res, err := s.hooks.Ask(r.Context(), call)
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	if res.GetError() != "" {
		// alligator's module cannot carry an error: it would apply an empty
		// answer. Answer "no change" instead, and say why in the log.
		s.log.Warn("hook failed; answering no change to alligator's module", zap.String("hook", typ), zap.String("error", res.GetError()))
		res = &bridgev1.HookResult{None: true}
	}
	body, err := compat.AlligatorAnswer(call, res)
	if err != nil {
		httpError(w, http.StatusInternalServerError, err.Error())
		return
	}
	s.m.call(call.GetType().String(), http.StatusOK)
	if s.cfg.AlligatorCallback != "" && body != nil {
		go s.alligatorCallback(typ, body)
	}
	w.Header().Set("Content-Type", ContentTypeProtobuf)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// alligatorCallback posts a hook answer to alligator's module callback
// server, which its unmodified module waits for.
func (s *Server) alligatorCallback(typ string, value []byte) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("type", typ)
	_ = mw.WriteField("value", string(value))
	_ = mw.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.AlligatorCallback, &buf)
	if err != nil {
		s.log.Warn("alligator callback", zap.Error(err))
		return
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.log.Warn("alligator callback", zap.Error(err))
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
}
