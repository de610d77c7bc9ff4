package bridge_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/mactor/mactor/bridge"
	"github.com/mactor/mactor/bridge/bridgetest"
	"github.com/mactor/mactor/internal/recordio"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
	mesos "github.com/mactor/mactor/messages/mesos"
)

// effects checks, per one-way call type, that its owner's record shows the
// call (n: the sample's framework and agent).
var effects = map[bridgev1.Call_Type]func(h *harness, n int) error{
	bridgev1.Call_INITIALIZE: func(h *harness, _ int) error { return want(h.cluster().GetInitialized(), "initialized") },
	bridgev1.Call_RECOVER: func(h *harness, _ int) error {
		return want(h.cluster().GetRecover().GetExpectedAgentCount() == 3, "recover recorded")
	},
	bridgev1.Call_ADD_FRAMEWORK: func(h *harness, n int) error {
		f := h.framework(n)
		return want(f.GetAdded() && f.GetActive() && len(f.GetAllocations()) == 1, "framework added, active, with its allocation")
	},
	bridgev1.Call_REMOVE_FRAMEWORK:     func(h *harness, n int) error { return want(h.framework(n).GetRemoved(), "framework removed") },
	bridgev1.Call_ACTIVATE_FRAMEWORK:   func(h *harness, n int) error { return want(h.framework(n).GetActive(), "framework active") },
	bridgev1.Call_DEACTIVATE_FRAMEWORK: func(h *harness, n int) error { return want(!h.framework(n).GetActive(), "framework inactive") },
	bridgev1.Call_UPDATE_FRAMEWORK: func(h *harness, n int) error {
		return want(slices.Equal(h.framework(n).GetSuppressedRoles(), []string{"batch"}), "suppressed roles from the options")
	},
	bridgev1.Call_ADD_SLAVE: func(h *harness, n int) error {
		a := h.agent(n)
		return want(a.GetAdded() && a.GetActive() && len(a.GetTotal()) == 2 && len(a.GetUsed()) == 1, "agent added with total and used")
	},
	bridgev1.Call_REMOVE_SLAVE: func(h *harness, n int) error { return want(h.agent(n).GetRemoved(), "agent removed") },
	bridgev1.Call_UPDATE_SLAVE: func(h *harness, n int) error {
		return want(h.agent(n).GetTotal()[0].GetScalar().GetValue() == 8, "total updated")
	},
	bridgev1.Call_ADD_RESOURCE_PROVIDER: func(h *harness, n int) error {
		return want(slices.ContainsFunc(h.agent(n).GetTotal(), func(r *mesos.Resource) bool { return r.GetName() == "disk" }), "provider's disk added")
	},
	bridgev1.Call_ACTIVATE_SLAVE:   func(h *harness, n int) error { return want(h.agent(n).GetActive(), "agent active") },
	bridgev1.Call_DEACTIVATE_SLAVE: func(h *harness, n int) error { return want(!h.agent(n).GetActive(), "agent inactive") },
	bridgev1.Call_UPDATE_WHITELIST: func(h *harness, _ int) error {
		return want(slices.Equal(h.cluster().GetWhitelist().GetHostnames(), []string{"host-1"}), "whitelist")
	},
	bridgev1.Call_REQUEST_RESOURCES: func(h *harness, n int) error { return want(len(h.framework(n).GetRequests()) == 1, "requests kept") },
	bridgev1.Call_UPDATE_ALLOCATION: func(h *harness, n int) error { return want(h.framework(n).GetMeta().GetCallsApplied() > 0, "applied") },
	bridgev1.Call_UPDATE_UNAVAILABILITY: func(h *harness, n int) error {
		return want(h.agent(n).GetUnavailability() != nil, "unavailability kept")
	},
	bridgev1.Call_UPDATE_INVERSE_OFFER: func(h *harness, n int) error {
		return want(len(h.agent(n).GetInverseOffers()) == 1, "inverse offer answer kept")
	},
	bridgev1.Call_TRANSITION_OFFERED_TO_ALLOCATED: func(h *harness, n int) error {
		return want(len(h.agent(n).GetOfferedToAllocated()) == 1, "offered turned allocated")
	},
	bridgev1.Call_RECOVER_RESOURCES: func(h *harness, n int) error {
		return want(len(h.framework(n).GetRefuseFilters()) == 1, "refuse filter")
	},
	bridgev1.Call_SUPPRESS_OFFERS: func(h *harness, n int) error {
		return want(slices.Contains(h.framework(n).GetSuppressedRoles(), "analytics"), "role suppressed")
	},
	bridgev1.Call_REVIVE_OFFERS: func(h *harness, n int) error {
		f := h.framework(n)
		return want(len(f.GetSuppressedRoles()) == 0 && len(f.GetRefuseFilters()) == 0, "revived: no suppression, no filter")
	},
	bridgev1.Call_UPDATE_QUOTA: func(h *harness, _ int) error {
		return want(h.cluster().GetQuotas()["analytics"].GetLimits()["cpus"] == 10, "quota")
	},
	bridgev1.Call_UPDATE_WEIGHTS: func(h *harness, _ int) error {
		return want(h.cluster().GetWeights()["analytics"] == 2, "weight")
	},
	bridgev1.Call_PAUSE:  func(h *harness, _ int) error { return want(h.cluster().GetPaused(), "paused") },
	bridgev1.Call_RESUME: func(h *harness, _ int) error { return want(!h.cluster().GetPaused(), "resumed") },
}

func want(ok bool, what string) error {
	if !ok {
		return fmt.Errorf("want %s", what)
	}
	return nil
}

// TestEveryCallType sends one call of every type of the protocol, in type
// order, through the real server on loopback, in both encodings: each
// one-way call is answered 202 and shows in its owner's record, each
// request and hook call is answered 200 with its result, SUBSCRIBE opens
// the stream with SUBSCRIBED, and UNKNOWN is refused.
func TestEveryCallType(t *testing.T) {
	h := start(t)
	for _, enc := range []bridge.Encoding{bridge.Protobuf, bridge.JSON} {
		n := 1 + int(enc)
		session := "table-" + enc.String()
		var seq uint64
		for _, typ := range bridgetest.Types() {
			t.Run(enc.String()+"/"+typ.String(), func(t *testing.T) {
				h.t = t
				c := bridgetest.Sample(typ, n)
				kind := bridgev1.KindOf(typ)
				if kind == bridgev1.KindOneWay || typ == bridgev1.Call_UPDATE_AVAILABLE {
					seq++
					sequenced(c, session, seq)
				}
				if typ == bridgev1.Call_SUBSCRIBE {
					checkSubscribe(t, h, c, enc)
					return
				}
				code, resp, body, _ := h.post(c, enc)
				switch {
				case typ == bridgev1.Call_UNKNOWN:
					if code != http.StatusBadRequest {
						t.Fatalf("UNKNOWN answered %d %q, want 400", code, body)
					}
				case kind == bridgev1.KindOneWay:
					if code != http.StatusAccepted || resp.GetSequence() != seq || resp.GetDuplicate() {
						t.Fatalf("answered %d %v %q, want 202 for sequence %d", code, resp, body, seq)
					}
					if check := effects[typ]; check == nil {
						t.Fatalf("no effect check for %s", typ)
					} else if err := check(h, n); err != nil {
						t.Fatal(err)
					}
				case typ == bridgev1.Call_UPDATE_AVAILABLE:
					if code != http.StatusOK || resp.GetUpdateAvailable() == nil || resp.GetUpdateAvailable().GetError() != "" {
						t.Fatalf("answered %d %v %q, want 200 with an applied result", code, resp, body)
					}
				case typ == bridgev1.Call_GET_INVERSE_OFFER_STATUSES:
					if code != http.StatusOK || len(resp.GetInverseOfferStatuses().GetStatuses()) == 0 {
						t.Fatalf("answered %d %v %q, want 200 with the statuses", code, resp, body)
					}
				case kind == bridgev1.KindHook:
					if code != http.StatusOK || !resp.GetHook().GetNone() || resp.GetHook().GetFallback() {
						t.Fatalf("answered %d %v %q, want 200 with None", code, resp, body)
					}
				default:
					t.Fatalf("no expectation for %s", typ)
				}
			})
		}
	}
}

// checkSubscribe opens a stream and reads its first event.
func checkSubscribe(t *testing.T, h *harness, c *bridgev1.Call, enc bridge.Encoding) {
	c.SessionId = "subscriber-" + enc.String()
	body, err := enc.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, h.url, bytesReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", enc.ContentType())
	resp, err := h.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != enc.ContentType() {
		t.Fatalf("SUBSCRIBE answered %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rec, err := recordio.NewReader(resp.Body).Read()
	if err != nil {
		t.Fatal(err)
	}
	ev := &bridgev1.Event{}
	if err := enc.Unmarshal(rec, ev); err != nil {
		t.Fatal(err)
	}
	if ev.GetType() != bridgev1.Event_SUBSCRIBED || ev.GetSubscribed().GetSessionId() != c.SessionId || ev.GetSubscribed().GetNextEventSequence() != 1 {
		t.Fatalf("first event %v", ev)
	}
}
