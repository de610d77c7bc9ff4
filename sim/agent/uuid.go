package agent

import "github.com/google/uuid"

// newUUID returns the 16 bytes of a random UUID, the form of
// TaskStatus.uuid.
func newUUID() []byte {
	u := uuid.New()
	return u[:]
}
