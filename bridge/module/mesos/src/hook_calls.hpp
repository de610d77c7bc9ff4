// Bridge calls built from the arguments of Mesos 1.11's hook methods, and
// the engine's HookResult turned back into what each hook returns.
#pragma once

#include <map>
#include <string>

#include <mesos/attributes.hpp>
#include <mesos/hook.hpp>
#include <mesos/resources.hpp>

#include <process/future.hpp>

#include <stout/nothing.hpp>
#include <stout/option.hpp>
#include <stout/result.hpp>
#include <stout/try.hpp>

#include "mactor/bridge/v1/bridge.pb.h"

namespace mactor::module::hooks {

using bridge::v1::Call;
using bridge::v1::HookResult;

Call MasterLaunchTaskLabelDecorator(const mesos::TaskInfo& task, const mesos::FrameworkInfo& fw,
                                    const mesos::SlaveInfo& agent);
Call MasterLaunchTaskResourceDecorator(const mesos::TaskInfo& task,
                                       const mesos::Resources& agentResources);
Call MasterSlaveLostHook(const mesos::SlaveInfo& agent);
Call SlaveRunTaskLabelDecorator(const mesos::TaskInfo& task, const mesos::ExecutorInfo& executor,
                                const mesos::FrameworkInfo& fw, const mesos::SlaveInfo& agent);
Call SlaveExecutorEnvironmentDecorator(const mesos::ExecutorInfo& executor);
Call SlavePreLaunchDockerTaskExecutorDecorator(
    const Option<mesos::TaskInfo>& task, const mesos::ExecutorInfo& executor,
    const std::string& containerName, const std::string& containerWorkDirectory,
    const std::string& mappedSandboxDirectory,
    const Option<std::map<std::string, std::string>>& env);
Call SlavePostFetchHook(const mesos::ContainerID& container, const std::string& directory);
Call SlaveRemoveExecutorHook(const mesos::FrameworkInfo& fw, const mesos::ExecutorInfo& executor);
Call SlaveTaskStatusDecorator(const mesos::FrameworkID& fw, const mesos::TaskStatus& status);
Call SlaveInfoDecorator(Call::Type type, const mesos::SlaveInfo& agent);

// HookResult → the hook's return type. An error becomes Error (Failure for
// the Docker decorator); none, or a value of another kind, None.
Result<mesos::Labels> Labels(const HookResult& r);
Result<mesos::Resources> Resources(const HookResult& r);
Result<mesos::Environment> Environment(const HookResult& r);
Result<mesos::TaskStatus> TaskStatus(const HookResult& r);
Result<mesos::Attributes> Attributes(const HookResult& r);
Try<Nothing> Done(const HookResult& r);
process::Future<Option<mesos::DockerTaskExecutorPrepareInfo>> DockerPrepareInfo(
    const HookResult& r);

}  // namespace mactor::module::hooks
