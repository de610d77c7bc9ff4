// Package executorv1 holds the Go types of the Apache Mesos 1.11 v1
// executor API (proto package "mesos.v1.executor",
// include/mesos/v1/executor/executor.proto): Call, which an executor POSTs
// to the agent's /api/v1/executor, and Event, which the agent streams back
// on the SUBSCRIBE connection. Every type and field of the 1.11 file is
// present.
//
// A Call or Event is a tagged union: Type says which payload field is set
// (Call_UPDATE with Call.Update, Event_LAUNCH_GROUP with Event.LaunchGroup,
// ...). Call.executor_id and Call.framework_id are required, so
// proto.Marshal fails without them.
package executorv1
