package mesosquota_test

import (
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/mactor/mactor/messages/mesos"
	"github.com/mactor/mactor/messages/mesos/internal/schematest"
	mesosquota "github.com/mactor/mactor/messages/mesos/quota"
)

// Local row types keep the table literals below local to this package.
type (
	fieldPin   schematest.Field
	defaultPin schematest.Default
)

const (
	req      = protoreflect.Required
	opt      = protoreflect.Optional
	rep      = protoreflect.Repeated
	kBool    = protoreflect.BoolKind
	kString  = protoreflect.StringKind
	kMessage = protoreflect.MessageKind
)

// fieldPins is every field of quota.proto.
var fieldPins = []fieldPin{
	{"mesos.quota.QuotaInfo", "role", 1, kString, opt, ""},
	{"mesos.quota.QuotaInfo", "principal", 2, kString, opt, ""},
	{"mesos.quota.QuotaInfo", "guarantee", 3, kMessage, rep, "mesos.Resource"},
	{"mesos.quota.QuotaRequest", "force", 1, kBool, opt, ""},
	{"mesos.quota.QuotaRequest", "role", 2, kString, opt, ""},
	{"mesos.quota.QuotaRequest", "guarantee", 3, kMessage, rep, "mesos.Resource"},
	{"mesos.quota.QuotaConfig", "role", 1, kString, req, ""},
	{"mesos.quota.QuotaConfig", "guarantees", 2, kMessage, rep, "map<string, mesos.Value.Scalar>"},
	{"mesos.quota.QuotaConfig", "limits", 3, kMessage, rep, "map<string, mesos.Value.Scalar>"},
	{"mesos.quota.QuotaStatus", "infos", 1, kMessage, rep, "mesos.quota.QuotaInfo"},
	{"mesos.quota.QuotaStatus", "configs", 2, kMessage, rep, "mesos.quota.QuotaConfig"},
}

var defaultPins = []defaultPin{
	{"mesos.quota.QuotaRequest", "force", "false"},
}

func TestFieldNumbers(t *testing.T) {
	schematest.CheckFields(t, fieldPins)
}

func TestDeclaredDefaults(t *testing.T) {
	schematest.CheckDefaults(t, mesosquota.File_mesos_quota_quota_proto, defaultPins)
}

// TestQuotaConfigRoundTrip covers the allocator's updateQuota payload:
// guarantees and limits are name -> scalar maps.
func TestQuotaConfigRoundTrip(t *testing.T) {
	scalar := func(v float64) *mesos.Value_Scalar { return &mesos.Value_Scalar{Value: proto.Float64(v)} }
	tests := []struct {
		name string
		cfg  *mesosquota.QuotaConfig
	}{
		{"limits only", &mesosquota.QuotaConfig{
			Role:   proto.String("analytics"),
			Limits: map[string]*mesos.Value_Scalar{"cpus": scalar(10), "mem": scalar(4096)},
		}},
		{"guarantees and limits", &mesosquota.QuotaConfig{
			Role:       proto.String("dev/team-a"),
			Guarantees: map[string]*mesos.Value_Scalar{"cpus": scalar(1)},
			Limits:     map[string]*mesos.Value_Scalar{"cpus": scalar(2), "disk": scalar(1e6)},
		}},
		{"role only", &mesosquota.QuotaConfig{Role: proto.String("idle")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := proto.MarshalOptions{Deterministic: true}.Marshal(tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			var got mesosquota.QuotaConfig
			if err := proto.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if !proto.Equal(tt.cfg, &got) {
				t.Errorf("got %v, want %v", &got, tt.cfg)
			}
		})
	}
	if got := (&mesosquota.QuotaRequest{}).GetForce(); got {
		t.Errorf("QuotaRequest.force default = %v, want false", got)
	}
}
