// Package mesosslave is the generated Go of the isolator messages of Mesos
// 1.11 (proto package mesos.slave): ContainerConfig, which an isolator's
// prepare receives, and ContainerLaunchInfo, which it answers.
package mesosslave
