// Package mesosmodule holds DockerTaskExecutorPrepareInfo from Apache Mesos
// 1.11's include/mesos/module/hook.proto, the result of the agent hook
// slavePreLaunchDockerTaskExecutorDecorator. Mesos declares it in proto
// package "mesos", so its full name is mesos.DockerTaskExecutorPrepareInfo,
// even though the Go type lives here rather than in package mesos. Its field
// names are camelCase in Mesos too (executorEnvironment, taskEnvironment).
package mesosmodule
