// MactorHook: every mesos::Hook method of Mesos 1.11, answered by the
// mactor engine's hook actors within the hook deadline, or by the
// configured fallback ("no change" by default) when the engine cannot.
#pragma once

#include <memory>

#include <mesos/hook.hpp>

#include "mactor/bridge/client.hpp"
#include "metrics_gauges.hpp"

namespace mactor::module {

class MactorHook : public mesos::Hook {
 public:
  explicit MactorHook(bridge::ClientOptions options);
  ~MactorHook() override;

  Result<mesos::Labels> masterLaunchTaskLabelDecorator(
      const mesos::TaskInfo& taskInfo, const mesos::FrameworkInfo& frameworkInfo,
      const mesos::SlaveInfo& slaveInfo) override;
  Result<mesos::Resources> masterLaunchTaskResourceDecorator(
      const mesos::TaskInfo& task, const mesos::Resources& slaveResources) override;
  Result<mesos::Labels> slaveRunTaskLabelDecorator(const mesos::TaskInfo& taskInfo,
                                                   const mesos::ExecutorInfo& executorInfo,
                                                   const mesos::FrameworkInfo& frameworkInfo,
                                                   const mesos::SlaveInfo& slaveInfo) override;
  Try<Nothing> masterSlaveLostHook(const mesos::SlaveInfo& slaveInfo) override;
  Result<mesos::Environment> slaveExecutorEnvironmentDecorator(
      const mesos::ExecutorInfo& executorInfo) override;
  process::Future<Option<mesos::DockerTaskExecutorPrepareInfo>>
  slavePreLaunchDockerTaskExecutorDecorator(
      const Option<mesos::TaskInfo>& taskInfo, const mesos::ExecutorInfo& executorInfo,
      const std::string& containerName, const std::string& containerWorkDirectory,
      const std::string& mappedSandboxDirectory,
      const Option<std::map<std::string, std::string>>& env) override;
  Try<Nothing> slavePostFetchHook(const mesos::ContainerID& containerId,
                                  const std::string& directory) override;
  Try<Nothing> slaveRemoveExecutorHook(const mesos::FrameworkInfo& frameworkInfo,
                                       const mesos::ExecutorInfo& executorInfo) override;
  Result<mesos::TaskStatus> slaveTaskStatusDecorator(const mesos::FrameworkID& frameworkId,
                                                     const mesos::TaskStatus& status) override;
  Result<mesos::Resources> slaveResourcesDecorator(const mesos::SlaveInfo& slaveInfo) override;
  Result<mesos::Attributes> slaveAttributesDecorator(const mesos::SlaveInfo& slaveInfo) override;

 private:
  bridge::BridgeClient client_;
  std::unique_ptr<MetricsGauges> gauges_;
};

}  // namespace mactor::module
