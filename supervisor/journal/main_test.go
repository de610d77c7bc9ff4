package journal

import (
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		// The SIGKILL test's child: run only TestHelperProcess, no leak check
		// (it is killed, it never returns).
		os.Exit(m.Run())
	}
	goleak.VerifyTestMain(m)
}

// storeKind opens and reopens one implementation of Store for the
// conformance and property tests.
type storeKind struct {
	name string
	// open returns a fresh, empty store.
	open func(t testing.TB, opts ...Option) Store
	// reopen closes s (or crashes it, dropping what is queued) and returns
	// a new store over the same durable data.
	reopen func(t testing.TB, s Store, crash bool, opts ...Option) Store
}

var storeKinds = []storeKind{
	{
		name: "memory",
		open: func(t testing.TB, opts ...Option) Store { return NewMemory(opts...) },
		reopen: func(t testing.TB, s Store, crash bool, opts ...Option) Store {
			m := s.(*Memory)
			if crash {
				m.crash()
			} else if err := m.Close(); err != nil {
				t.Fatalf("close: %v", err)
			}
			return m.reopen(opts...)
		},
	},
	{
		name: "bolt",
		open: func(t testing.TB, opts ...Option) Store {
			b, err := OpenBolt(filepath.Join(t.TempDir(), DefaultFileName), opts...)
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			return b
		},
		reopen: func(t testing.TB, s Store, crash bool, opts ...Option) Store {
			b := s.(*Bolt)
			if crash {
				b.crash()
			} else if err := b.Close(); err != nil {
				t.Fatalf("close: %v", err)
			}
			nb, err := OpenBolt(b.Path(), opts...)
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			return nb
		},
	},
}

func init() {
	// The Bolt store again, with a cleaner that runs at the first dead
	// record, so that every test also exercises log cleaning.
	bolt := storeKinds[1]
	storeKinds = append(storeKinds, storeKind{
		name: "bolt-eager-cleaner",
		open: func(t testing.TB, opts ...Option) Store {
			return bolt.open(t, append([]Option{withCleaner(1, 0)}, opts...)...)
		},
		reopen: func(t testing.TB, s Store, crash bool, opts ...Option) Store {
			return bolt.reopen(t, s, crash, append([]Option{withCleaner(1, 0)}, opts...)...)
		},
	})
}
