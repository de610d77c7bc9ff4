// Package compat maps elodina/alligator's legacy messages (Mesos 0.23's
// allocator and hook calls, proto package "allocator", posted as
// multipart/form-data with the fields `type` and `value`) onto bridge
// calls, so that alligator's C++ module can talk to mactor unchanged.
//
// The 0.23 calls carry less than 1.11's: the mapping fills what is missing
// the way Mesos 0.23 behaved (an added framework is active, revive means
// all roles, an empty whitelist means none) and documents each choice on
// the function that makes it. Alligator's calls carry no session or
// sequence number: the bridge applies them unsequenced (durable, in
// arrival order, without dedupe).
package compat
