package bridgetest_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/mactor/mactor/bridge/bridgetest"
	bridgev1 "github.com/mactor/mactor/messages/bridge/v1"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestSamplesAreValid: every sample but UNKNOWN's passes Validate.
func TestSamplesAreValid(t *testing.T) {
	types := bridgetest.Types()
	if len(types) != len(bridgev1.Call_Type_name) {
		t.Fatalf("%d types", len(types))
	}
	for _, typ := range types {
		err := bridgev1.Validate(bridgetest.Sample(typ, 1))
		if (typ == bridgev1.Call_UNKNOWN) != (err != nil) {
			t.Errorf("%s: %v", typ, err)
		}
	}
}
