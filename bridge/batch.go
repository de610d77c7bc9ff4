package bridge

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/mactor/mactor/bridge/owner"
	"github.com/mactor/mactor/internal/recordio"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

// DecodeBatch decodes the body of a batch request: RecordIO records, each
// one Call in enc. It checks the framing and the encoding only.
func DecodeBatch(body []byte, enc Encoding, maxCalls int) ([]*bridgev1.Call, [][]byte, error) {
	rd := recordio.NewReader(bytes.NewReader(body), recordio.WithMaxRecordSize(len(body)))
	var calls []*bridgev1.Call
	var raws [][]byte
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("malformed batch after %d calls: %w", len(calls), err)
		}
		if len(calls) == maxCalls {
			return nil, nil, fmt.Errorf("batch holds more than %d calls", maxCalls)
		}
		rec = bytes.Clone(rec)
		call := &bridgev1.Call{}
		if err := enc.Unmarshal(rec, call); err != nil {
			return nil, nil, fmt.Errorf("malformed call %d of the batch: %w", len(calls), err)
		}
		if enc != Protobuf {
			rec = nil
		}
		calls, raws = append(calls, call), append(raws, rec)
	}
	if len(calls) == 0 {
		return nil, nil, errors.New("empty batch")
	}
	return calls, raws, nil
}

// EncodeBatch frames calls as a batch request body in enc.
func EncodeBatch(calls []*bridgev1.Call, enc Encoding) ([]byte, error) {
	var buf []byte
	for _, c := range calls {
		b, err := enc.Marshal(c)
		if err != nil {
			return nil, err
		}
		buf = recordio.Append(buf, b)
	}
	return buf, nil
}

// serveBatch answers the batch form: sequenced one-way calls of one
// session, in order, answered with one Response per call.
func (s *Server) serveBatch(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	defer func() { s.m.requests.WithLabelValues("batch").Observe(time.Since(start).Seconds()) }()
	mct := r.Header.Get(HeaderMessageContentType)
	enc, ok := EncodingOf(mct)
	if !ok {
		httpError(w, http.StatusUnsupportedMediaType, fmt.Sprintf("unsupported %s %q: use %s or %s", HeaderMessageContentType, mct, ContentTypeProtobuf, ContentTypeJSON))
		return
	}
	out, ok := acceptable(r.Header.Get(HeaderMessageAccept), enc)
	if !ok {
		httpError(w, http.StatusNotAcceptable, HeaderMessageAccept+" allows neither "+ContentTypeProtobuf+" nor "+ContentTypeJSON)
		return
	}
	body, err := readBody(w, r, s.cfg.MaxBody)
	if err != nil {
		if errors.Is(err, errTooLarge) {
			httpError(w, http.StatusRequestEntityTooLarge, err.Error())
		} else {
			httpError(w, http.StatusBadRequest, err.Error())
		}
		return
	}
	calls, raws, err := DecodeBatch(body, enc, s.cfg.MaxBatchCalls)
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	session := calls[0].GetSessionId()
	if err := ValidSessionID(session); err != nil {
		httpError(w, http.StatusBadRequest, "a batch needs a session: "+err.Error())
		return
	}
	for i, c := range calls {
		if c.GetSessionId() != session {
			httpError(w, http.StatusBadRequest, fmt.Sprintf("call %d is of session %q, the batch of %q: one session per batch", i, c.GetSessionId(), session))
			return
		}
		if c.GetSequence() == 0 {
			httpError(w, http.StatusBadRequest, fmt.Sprintf("call %d has no sequence number: batches carry sequenced calls only", i))
			return
		}
	}
	if s.stopping.Load() {
		s.unavailable(w, ErrStopping)
		return
	}
	slots := make([]*slot, len(calls))
	for i, c := range calls {
		sl := &slot{call: c, raw: raws[i]}
		switch kind := bridgev1.KindOf(c.GetType()); {
		case bridgev1.Validate(c) != nil:
			sl.rejected = bridgev1.Validate(c).Error()
		case kind != bridgev1.KindOneWay && c.GetType() != bridgev1.Call_UPDATE_AVAILABLE:
			sl.rejected = fmt.Sprintf("%s cannot be batched: send it alone", c.GetType())
		default:
			if sl.key, err = owner.KeyOf(c); err != nil {
				sl.rejected = err.Error()
			}
		}
		slots[i] = sl
	}
	req, err := s.dispatch(r.Context(), session, slots)
	if err != nil {
		s.unavailable(w, err)
		return
	}
	if !s.waitRequest(req) {
		s.unavailable(w, ErrTimeout)
		return
	}
	w.Header().Set("Content-Type", ContentTypeRecordIO)
	w.Header().Set(HeaderMessageContentType, out.ContentType())
	var buf []byte
	for _, sl := range slots {
		s.m.call(sl.call.GetType().String(), sl.status)
		b, err := out.Marshal(sl.response(true))
		if err != nil {
			httpError(w, http.StatusInternalServerError, "encoding the answer: "+err.Error())
			return
		}
		buf = recordio.Append(buf, b)
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf)
}
