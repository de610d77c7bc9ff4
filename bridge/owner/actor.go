package owner

import (
	"github.com/asynkron/protoactor-go/actor"
	"google.golang.org/protobuf/proto"
)

// Actor is an owner actor made of a Core alone: it answers the owner
// protocol and ignores everything else. Framework and agent actors are
// Actors with their own Rules.
type Actor[R proto.Message] struct {
	core *Core[R]
}

// NewActor returns an owner actor for key.
func NewActor[R proto.Message](key Key, rules Rules[R], cfg Config) *Actor[R] {
	return &Actor[R]{core: NewCore(key, rules, cfg)}
}

// Receive implements actor.Actor.
func (a *Actor[R]) Receive(ctx actor.Context) { a.core.Receive(ctx) }

// Core returns the actor's core.
func (a *Actor[R]) Core() *Core[R] { return a.core }
