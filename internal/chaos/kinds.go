package chaos

import (
	"fmt"
	"slices"
	"strings"
)

// Kind is a kind of fault.
type Kind string

// The fault kinds. All but KindSigkill are injected by the engine itself
// (POST /debug/faults on the status port of `mactor serve --faults`);
// KindSigkill is the runner's: SIGKILL of the engine process and a restart
// on the same data.
const (
	KindPanicFramework  Kind = "panic-framework"
	KindPanicAgent      Kind = "panic-agent"
	KindPanicHook       Kind = "panic-hook"
	KindPanicAllocator  Kind = "panic-allocator"
	KindPanicSession    Kind = "panic-session"
	KindBrutalKill      Kind = "brutal-kill"
	KindSlowHandler     Kind = "slow-handler"
	KindDropConnections Kind = "drop-connections"
	KindEscalate        Kind = "escalate"
	KindSigkill         Kind = "sigkill"
)

// AllKinds lists every fault kind, in the order the report uses.
var AllKinds = []Kind{
	KindPanicFramework, KindPanicAgent, KindPanicHook, KindPanicAllocator, KindPanicSession,
	KindBrutalKill, KindSlowHandler, KindDropConnections, KindEscalate, KindSigkill,
}

// ParseKinds reads a comma-separated list of kinds ("all" or empty: every
// kind). Duplicates are dropped; the order is AllKinds's.
func ParseKinds(s string) ([]Kind, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "all" {
		return slices.Clone(AllKinds), nil
	}
	want := map[Kind]bool{}
	for _, part := range strings.Split(s, ",") {
		k := Kind(strings.TrimSpace(part))
		if !slices.Contains(AllKinds, k) {
			return nil, fmt.Errorf("%w: --faults: unknown kind %q (kinds: %s)", ErrBadConfig, k, kindList(AllKinds))
		}
		want[k] = true
	}
	var out []Kind
	for _, k := range AllKinds {
		if want[k] {
			out = append(out, k)
		}
	}
	return out, nil
}

func kindList(ks []Kind) string {
	ss := make([]string, len(ks))
	for i, k := range ks {
		ss[i] = string(k)
	}
	return strings.Join(ss, ",")
}
