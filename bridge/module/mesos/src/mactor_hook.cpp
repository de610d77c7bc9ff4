#include "mactor_hook.hpp"

#include "hook_calls.hpp"

namespace mactor::module {

using bridge::v1::Call;

// Hook calls need no thread and no subscription: the client is used for
// its synchronous CallHook only.
MactorHook::MactorHook(bridge::ClientOptions options)
    : client_(std::move(options)),
      gauges_(std::make_unique<MetricsGauges>("hook/mactor/", &client_)) {}

MactorHook::~MactorHook() {
  gauges_.reset();
  client_.Stop();
}

Result<mesos::Labels> MactorHook::masterLaunchTaskLabelDecorator(
    const mesos::TaskInfo& taskInfo, const mesos::FrameworkInfo& frameworkInfo,
    const mesos::SlaveInfo& slaveInfo) {
  return hooks::Labels(client_.CallHook(
      hooks::MasterLaunchTaskLabelDecorator(taskInfo, frameworkInfo, slaveInfo)));
}

Result<mesos::Resources> MactorHook::masterLaunchTaskResourceDecorator(
    const mesos::TaskInfo& task, const mesos::Resources& slaveResources) {
  return hooks::Resources(
      client_.CallHook(hooks::MasterLaunchTaskResourceDecorator(task, slaveResources)));
}

Result<mesos::Labels> MactorHook::slaveRunTaskLabelDecorator(
    const mesos::TaskInfo& taskInfo, const mesos::ExecutorInfo& executorInfo,
    const mesos::FrameworkInfo& frameworkInfo, const mesos::SlaveInfo& slaveInfo) {
  return hooks::Labels(client_.CallHook(
      hooks::SlaveRunTaskLabelDecorator(taskInfo, executorInfo, frameworkInfo, slaveInfo)));
}

Try<Nothing> MactorHook::masterSlaveLostHook(const mesos::SlaveInfo& slaveInfo) {
  return hooks::Done(client_.CallHook(hooks::MasterSlaveLostHook(slaveInfo)));
}

Result<mesos::Environment> MactorHook::slaveExecutorEnvironmentDecorator(
    const mesos::ExecutorInfo& executorInfo) {
  return hooks::Environment(
      client_.CallHook(hooks::SlaveExecutorEnvironmentDecorator(executorInfo)));
}

process::Future<Option<mesos::DockerTaskExecutorPrepareInfo>>
MactorHook::slavePreLaunchDockerTaskExecutorDecorator(
    const Option<mesos::TaskInfo>& taskInfo, const mesos::ExecutorInfo& executorInfo,
    const std::string& containerName, const std::string& containerWorkDirectory,
    const std::string& mappedSandboxDirectory,
    const Option<std::map<std::string, std::string>>& env) {
  // Answered synchronously: the call is bounded by the hook deadline.
  return hooks::DockerPrepareInfo(client_.CallHook(hooks::SlavePreLaunchDockerTaskExecutorDecorator(
      taskInfo, executorInfo, containerName, containerWorkDirectory, mappedSandboxDirectory,
      env)));
}

Try<Nothing> MactorHook::slavePostFetchHook(const mesos::ContainerID& containerId,
                                            const std::string& directory) {
  return hooks::Done(client_.CallHook(hooks::SlavePostFetchHook(containerId, directory)));
}

Try<Nothing> MactorHook::slaveRemoveExecutorHook(const mesos::FrameworkInfo& frameworkInfo,
                                                 const mesos::ExecutorInfo& executorInfo) {
  return hooks::Done(
      client_.CallHook(hooks::SlaveRemoveExecutorHook(frameworkInfo, executorInfo)));
}

Result<mesos::TaskStatus> MactorHook::slaveTaskStatusDecorator(
    const mesos::FrameworkID& frameworkId, const mesos::TaskStatus& status) {
  return hooks::TaskStatus(
      client_.CallHook(hooks::SlaveTaskStatusDecorator(frameworkId, status)));
}

Result<mesos::Resources> MactorHook::slaveResourcesDecorator(const mesos::SlaveInfo& slaveInfo) {
  return hooks::Resources(
      client_.CallHook(hooks::SlaveInfoDecorator(Call::SLAVE_RESOURCES_DECORATOR, slaveInfo)));
}

Result<mesos::Attributes> MactorHook::slaveAttributesDecorator(
    const mesos::SlaveInfo& slaveInfo) {
  return hooks::Attributes(
      client_.CallHook(hooks::SlaveInfoDecorator(Call::SLAVE_ATTRIBUTES_DECORATOR, slaveInfo)));
}

}  // namespace mactor::module
