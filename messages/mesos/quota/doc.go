// Package mesosquota holds the Apache Mesos 1.11 quota messages (proto
// package "mesos.quota", include/mesos/quota/quota.proto): QuotaConfig,
// the wire form of a role's quota (guarantees and limits as resource name
// to scalar maps, what the allocator's updateQuota receives), plus the
// legacy QuotaInfo and QuotaRequest and QuotaStatus. They refer to the
// unversioned types of package mesos.
package mesosquota
