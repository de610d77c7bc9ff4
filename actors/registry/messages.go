package registry

import "github.com/mactor/mactor/bridge/owner"

// Register asks the registry to enter owners in the directory. Reply gets
// nil once every key is in the directory durably (at once for keys that
// already are); it runs on the registry's goroutine and must not block.
type Register struct {
	Keys  []owner.Key
	Reply func(error)
}

// Directory asks for the directory: every framework and agent id with a
// record, in the order they were first seen. Reply runs on the registry's
// goroutine and must not block; the slices are the caller's.
type Directory struct {
	Reply func(frameworks, agents []string)
}
