// Package bridgev1 is the generated Go of the mactor bridge protocol
// (proto package mactor.bridge.v1, source messages/proto/mactor/bridge/v1),
// plus hand-written helpers to classify and validate calls.
//
// A Call's payload field has the same number as its Type, so Validate and
// Kind need no hand-kept table: adding a method to the protocol means adding
// an enum value and a payload field with the same number.
package bridgev1
