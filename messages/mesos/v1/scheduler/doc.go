// Package schedulerv1 holds the Go types of the Apache Mesos 1.11 v1
// scheduler API (proto package "mesos.v1.scheduler",
// include/mesos/v1/scheduler/scheduler.proto): Call, which a scheduler
// POSTs to the master's /api/v1/scheduler, and Event, which the master
// streams back on the SUBSCRIBE connection. It also has the offer
// constraint messages used by SUBSCRIBE and UPDATE_FRAMEWORK, Response
// (which the 1.11 master never sends) and APIResult. Every type and field
// of the 1.11 file is present.
//
// A Call or Event is a tagged union: Type says which one payload field is
// set (Call_ACCEPT with Call.Accept, Event_OFFERS with Event.Offers, ...).
// Oneof wrapper types whose names would collide with a nested message get
// a trailing underscore, e.g. AttributeConstraint_Predicate_TextEquals_
// wraps AttributeConstraint_Predicate_TextEquals.
package schedulerv1
