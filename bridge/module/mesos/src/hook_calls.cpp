#include "hook_calls.hpp"

namespace mactor::module::hooks {

namespace {

Call Typed(Call::Type type) {
  Call c;
  c.set_type(type);
  return c;
}

}  // namespace

Call MasterLaunchTaskLabelDecorator(const mesos::TaskInfo& task, const mesos::FrameworkInfo& fw,
                                    const mesos::SlaveInfo& agent) {
  Call c = Typed(Call::MASTER_LAUNCH_TASK_LABEL_DECORATOR);
  auto* h = c.mutable_master_launch_task_label_decorator();
  *h->mutable_task_info() = task;
  *h->mutable_framework_info() = fw;
  *h->mutable_slave_info() = agent;
  return c;
}

Call MasterLaunchTaskResourceDecorator(const mesos::TaskInfo& task,
                                       const mesos::Resources& agentResources) {
  Call c = Typed(Call::MASTER_LAUNCH_TASK_RESOURCE_DECORATOR);
  auto* h = c.mutable_master_launch_task_resource_decorator();
  *h->mutable_task_info() = task;
  for (const mesos::Resource& r : agentResources) *h->add_slave_resources() = r;
  return c;
}

Call MasterSlaveLostHook(const mesos::SlaveInfo& agent) {
  Call c = Typed(Call::MASTER_SLAVE_LOST_HOOK);
  *c.mutable_master_slave_lost_hook()->mutable_slave_info() = agent;
  return c;
}

Call SlaveRunTaskLabelDecorator(const mesos::TaskInfo& task, const mesos::ExecutorInfo& executor,
                                const mesos::FrameworkInfo& fw, const mesos::SlaveInfo& agent) {
  Call c = Typed(Call::SLAVE_RUN_TASK_LABEL_DECORATOR);
  auto* h = c.mutable_slave_run_task_label_decorator();
  *h->mutable_task_info() = task;
  *h->mutable_executor_info() = executor;
  *h->mutable_framework_info() = fw;
  *h->mutable_slave_info() = agent;
  return c;
}

Call SlaveExecutorEnvironmentDecorator(const mesos::ExecutorInfo& executor) {
  Call c = Typed(Call::SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR);
  *c.mutable_slave_executor_environment_decorator()->mutable_executor_info() = executor;
  return c;
}

Call SlavePreLaunchDockerTaskExecutorDecorator(
    const Option<mesos::TaskInfo>& task, const mesos::ExecutorInfo& executor,
    const std::string& containerName, const std::string& containerWorkDirectory,
    const std::string& mappedSandboxDirectory,
    const Option<std::map<std::string, std::string>>& env) {
  Call c = Typed(Call::SLAVE_PRE_LAUNCH_DOCKER_TASK_EXECUTOR_DECORATOR);
  auto* h = c.mutable_slave_pre_launch_docker_task_executor_decorator();
  if (task.isSome()) *h->mutable_task_info() = task.get();
  *h->mutable_executor_info() = executor;
  h->set_container_name(containerName);
  h->set_container_work_directory(containerWorkDirectory);
  h->set_mapped_sandbox_directory(mappedSandboxDirectory);
  if (env.isSome()) {
    auto* entries = h->mutable_env()->mutable_entries();
    for (const auto& [k, v] : env.get()) (*entries)[k] = v;
  }
  return c;
}

Call SlavePostFetchHook(const mesos::ContainerID& container, const std::string& directory) {
  Call c = Typed(Call::SLAVE_POST_FETCH_HOOK);
  *c.mutable_slave_post_fetch_hook()->mutable_container_id() = container;
  c.mutable_slave_post_fetch_hook()->set_directory(directory);
  return c;
}

Call SlaveRemoveExecutorHook(const mesos::FrameworkInfo& fw, const mesos::ExecutorInfo& executor) {
  Call c = Typed(Call::SLAVE_REMOVE_EXECUTOR_HOOK);
  *c.mutable_slave_remove_executor_hook()->mutable_framework_info() = fw;
  *c.mutable_slave_remove_executor_hook()->mutable_executor_info() = executor;
  return c;
}

Call SlaveTaskStatusDecorator(const mesos::FrameworkID& fw, const mesos::TaskStatus& status) {
  Call c = Typed(Call::SLAVE_TASK_STATUS_DECORATOR);
  *c.mutable_slave_task_status_decorator()->mutable_framework_id() = fw;
  *c.mutable_slave_task_status_decorator()->mutable_status() = status;
  return c;
}

Call SlaveInfoDecorator(Call::Type type, const mesos::SlaveInfo& agent) {
  Call c = Typed(type);
  auto* h = type == Call::SLAVE_RESOURCES_DECORATOR ? c.mutable_slave_resources_decorator()
                                                    : c.mutable_slave_attributes_decorator();
  *h->mutable_slave_info() = agent;
  return c;
}

Result<mesos::Labels> Labels(const HookResult& r) {
  if (!r.error().empty()) return Error(r.error());
  if (r.value_case() == HookResult::kLabels) return r.labels();
  return None();
}

Result<mesos::Resources> Resources(const HookResult& r) {
  if (!r.error().empty()) return Error(r.error());
  if (r.value_case() == HookResult::kResources) return mesos::Resources(r.resources().resources());
  return None();
}

Result<mesos::Environment> Environment(const HookResult& r) {
  if (!r.error().empty()) return Error(r.error());
  if (r.value_case() == HookResult::kEnvironment) return r.environment();
  return None();
}

Result<mesos::TaskStatus> TaskStatus(const HookResult& r) {
  if (!r.error().empty()) return Error(r.error());
  if (r.value_case() == HookResult::kTaskStatus) return r.task_status();
  return None();
}

Result<mesos::Attributes> Attributes(const HookResult& r) {
  if (!r.error().empty()) return Error(r.error());
  if (r.value_case() == HookResult::kAttributes) {
    return mesos::Attributes(r.attributes().attributes());
  }
  return None();
}

Try<Nothing> Done(const HookResult& r) {
  if (!r.error().empty()) return Error(r.error());
  return Nothing();
}

process::Future<Option<mesos::DockerTaskExecutorPrepareInfo>> DockerPrepareInfo(
    const HookResult& r) {
  if (!r.error().empty()) return process::Failure(r.error());
  if (r.value_case() == HookResult::kDockerTaskExecutorPrepareInfo) {
    return Option<mesos::DockerTaskExecutorPrepareInfo>(r.docker_task_executor_prepare_info());
  }
  return Option<mesos::DockerTaskExecutorPrepareInfo>::none();
}

}  // namespace mactor::module::hooks
