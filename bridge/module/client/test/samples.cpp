#include "samples.hpp"

namespace mactor::bridge::testing {

mesos::Resource Scalar(const std::string& name, double v) {
  mesos::Resource r;
  r.set_name(name);
  r.set_type(mesos::Value::SCALAR);
  r.mutable_scalar()->set_value(v);
  return r;
}

namespace {

void FrameworkInfo(mesos::FrameworkInfo* f, int n, const std::string& role) {
  f->mutable_id()->set_value(FrameworkIdOf(n));
  f->set_user("nobody");
  f->set_name("framework-" + std::to_string(n));
  f->add_roles(role);
  f->set_principal("principal-" + std::to_string(n));
  f->add_capabilities()->set_type(mesos::FrameworkInfo::Capability::MULTI_ROLE);
}

void SlaveInfo(mesos::SlaveInfo* s, int n) {
  s->mutable_id()->set_value(AgentIdOf(n));
  s->set_hostname("host-" + std::to_string(n));
  *s->add_resources() = Scalar("cpus", 4);
  *s->add_resources() = Scalar("mem", 4096);
}

void ExecutorInfo(mesos::ExecutorInfo* e, int n) {
  e->mutable_executor_id()->set_value("exec-" + std::to_string(n));
  e->mutable_framework_id()->set_value(FrameworkIdOf(n));
  e->mutable_command()->set_value("sleep 10");
  auto* v = e->mutable_command()->mutable_environment()->add_variables();
  v->set_name("EXISTING");
  v->set_value("1");
}

void TaskInfo(mesos::TaskInfo* t, int n) {
  t->set_name("task");
  t->mutable_task_id()->set_value("task-" + std::to_string(n));
  t->mutable_slave_id()->set_value(AgentIdOf(n));
  *t->add_resources() = Scalar("cpus", 1);
  auto* l = t->mutable_labels()->add_labels();
  l->set_key("existing");
  l->set_value("yes");
}

}  // namespace

std::string FrameworkIdOf(int n) { return "fw-" + std::to_string(n); }
std::string AgentIdOf(int n) { return "agent-" + std::to_string(n); }

std::vector<v1::Call::Type> AllTypes() {
  std::vector<v1::Call::Type> out;
  const auto* d = v1::Call::Type_descriptor();
  for (int i = 0; i < d->value_count(); ++i) {
    auto t = static_cast<v1::Call::Type>(d->value(i)->number());
    if (t != v1::Call::UNKNOWN) out.push_back(t);
  }
  return out;
}

v1::Call Sample(v1::Call::Type t, int n) {
  using C = v1::Call;
  C c;
  c.set_type(t);
  const std::string fw = FrameworkIdOf(n), ag = AgentIdOf(n);
  switch (t) {
    case C::SUBSCRIBE:
      c.mutable_subscribe()->set_master_id("master-1");
      c.mutable_subscribe()->set_module("mactorbridge_test");
      break;
    case C::INITIALIZE:
      c.mutable_initialize()->set_allocation_interval_seconds(1);
      c.mutable_initialize()->set_filter_gpu_resources(true);
      break;
    case C::RECOVER: {
      c.mutable_recover()->set_expected_agent_count(3);
      (*(*c.mutable_recover()->mutable_quotas())["analytics"].mutable_guarantees())["cpus"] = 2;
      break;
    }
    case C::ADD_FRAMEWORK: {
      auto* a = c.mutable_add_framework();
      a->mutable_framework_id()->set_value(fw);
      FrameworkInfo(a->mutable_framework_info(), n, "analytics");
      a->set_active(true);
      auto* u = a->add_used();
      u->mutable_slave_id()->set_value(ag);
      *u->add_resources() = Scalar("cpus", 1);
      break;
    }
    case C::REMOVE_FRAMEWORK:
      c.mutable_remove_framework()->mutable_framework_id()->set_value(fw);
      break;
    case C::ACTIVATE_FRAMEWORK:
      c.mutable_activate_framework()->mutable_framework_id()->set_value(fw);
      break;
    case C::DEACTIVATE_FRAMEWORK:
      c.mutable_deactivate_framework()->mutable_framework_id()->set_value(fw);
      break;
    case C::UPDATE_FRAMEWORK: {
      auto* u = c.mutable_update_framework();
      u->mutable_framework_id()->set_value(fw);
      FrameworkInfo(u->mutable_framework_info(), n, "batch");
      u->mutable_options()->add_suppressed_roles("batch");
      break;
    }
    case C::ADD_SLAVE: {
      auto* a = c.mutable_add_slave();
      a->mutable_slave_id()->set_value(ag);
      SlaveInfo(a->mutable_slave_info(), n);
      *a->add_total() = Scalar("cpus", 4);
      *a->add_total() = Scalar("mem", 4096);
      auto* u = a->add_used();
      u->mutable_framework_id()->set_value(fw);
      *u->add_resources() = Scalar("cpus", 1);
      break;
    }
    case C::REMOVE_SLAVE:
      c.mutable_remove_slave()->mutable_slave_id()->set_value(ag);
      break;
    case C::UPDATE_SLAVE: {
      auto* u = c.mutable_update_slave();
      u->mutable_slave_id()->set_value(ag);
      SlaveInfo(u->mutable_slave_info(), n);
      *u->mutable_total()->add_resources() = Scalar("cpus", 8);
      *u->mutable_total()->add_resources() = Scalar("mem", 8192);
      break;
    }
    case C::ADD_RESOURCE_PROVIDER: {
      auto* a = c.mutable_add_resource_provider();
      a->mutable_slave_id()->set_value(ag);
      *a->add_total() = Scalar("disk", 100);
      break;
    }
    case C::ACTIVATE_SLAVE:
      c.mutable_activate_slave()->mutable_slave_id()->set_value(ag);
      break;
    case C::DEACTIVATE_SLAVE:
      c.mutable_deactivate_slave()->mutable_slave_id()->set_value(ag);
      break;
    case C::UPDATE_WHITELIST:
      c.mutable_update_whitelist()->mutable_whitelist()->add_hostnames("host-1");
      break;
    case C::REQUEST_RESOURCES: {
      auto* r = c.mutable_request_resources();
      r->mutable_framework_id()->set_value(fw);
      auto* q = r->add_requests();
      q->mutable_slave_id()->set_value(ag);
      *q->add_resources() = Scalar("cpus", 1);
      break;
    }
    case C::UPDATE_ALLOCATION: {
      auto* u = c.mutable_update_allocation();
      u->mutable_framework_id()->set_value(fw);
      u->mutable_slave_id()->set_value(ag);
      *u->add_offered_resources() = Scalar("cpus", 1);
      break;
    }
    case C::UPDATE_AVAILABLE:
      c.mutable_update_available()->mutable_slave_id()->set_value(ag);
      break;
    case C::UPDATE_UNAVAILABILITY: {
      auto* u = c.mutable_update_unavailability();
      u->mutable_slave_id()->set_value(ag);
      u->mutable_unavailability()->mutable_start()->set_nanoseconds(1000000000000000000LL);
      break;
    }
    case C::UPDATE_INVERSE_OFFER: {
      auto* u = c.mutable_update_inverse_offer();
      u->mutable_slave_id()->set_value(ag);
      u->mutable_framework_id()->set_value(fw);
      auto* s = u->mutable_status();
      s->set_status(mesos::allocator::InverseOfferStatus::ACCEPT);
      s->mutable_framework_id()->set_value(fw);
      s->mutable_timestamp()->set_nanoseconds(1);
      break;
    }
    case C::TRANSITION_OFFERED_TO_ALLOCATED: {
      auto* u = c.mutable_transition_offered_to_allocated();
      u->mutable_slave_id()->set_value(ag);
      *u->add_resources() = Scalar("cpus", 1);
      break;
    }
    case C::RECOVER_RESOURCES: {
      auto* r = c.mutable_recover_resources();
      r->mutable_framework_id()->set_value(fw);
      r->mutable_slave_id()->set_value(ag);
      *r->add_resources() = Scalar("cpus", 1);
      r->mutable_filters()->set_refuse_seconds(5);
      r->set_is_allocated(true);
      break;
    }
    case C::SUPPRESS_OFFERS:
      c.mutable_suppress_offers()->mutable_framework_id()->set_value(fw);
      c.mutable_suppress_offers()->add_roles("analytics");
      break;
    case C::REVIVE_OFFERS:
      c.mutable_revive_offers()->mutable_framework_id()->set_value(fw);
      break;
    case C::UPDATE_QUOTA:
      c.mutable_update_quota()->set_role("analytics");
      (*c.mutable_update_quota()->mutable_quota()->mutable_limits())["cpus"] = 10;
      break;
    case C::UPDATE_WEIGHTS: {
      auto* w = c.mutable_update_weights()->add_weight_infos();
      w->set_weight(2);
      w->set_role("analytics");
      break;
    }
    case C::GET_INVERSE_OFFER_STATUSES:
    case C::PAUSE:
    case C::RESUME:
      break;  // no payload
    case C::MASTER_LAUNCH_TASK_LABEL_DECORATOR: {
      auto* h = c.mutable_master_launch_task_label_decorator();
      TaskInfo(h->mutable_task_info(), n);
      FrameworkInfo(h->mutable_framework_info(), n, "analytics");
      SlaveInfo(h->mutable_slave_info(), n);
      break;
    }
    case C::MASTER_LAUNCH_TASK_RESOURCE_DECORATOR: {
      auto* h = c.mutable_master_launch_task_resource_decorator();
      TaskInfo(h->mutable_task_info(), n);
      *h->add_slave_resources() = Scalar("cpus", 4);
      *h->add_slave_resources() = Scalar("mem", 4096);
      break;
    }
    case C::MASTER_SLAVE_LOST_HOOK:
      SlaveInfo(c.mutable_master_slave_lost_hook()->mutable_slave_info(), n);
      break;
    case C::SLAVE_RUN_TASK_LABEL_DECORATOR: {
      auto* h = c.mutable_slave_run_task_label_decorator();
      TaskInfo(h->mutable_task_info(), n);
      ExecutorInfo(h->mutable_executor_info(), n);
      FrameworkInfo(h->mutable_framework_info(), n, "analytics");
      SlaveInfo(h->mutable_slave_info(), n);
      break;
    }
    case C::SLAVE_EXECUTOR_ENVIRONMENT_DECORATOR:
      ExecutorInfo(c.mutable_slave_executor_environment_decorator()->mutable_executor_info(), n);
      break;
    case C::SLAVE_PRE_LAUNCH_DOCKER_TASK_EXECUTOR_DECORATOR: {
      auto* h = c.mutable_slave_pre_launch_docker_task_executor_decorator();
      TaskInfo(h->mutable_task_info(), n);
      ExecutorInfo(h->mutable_executor_info(), n);
      h->set_container_name("mesos-c1");
      h->set_container_work_directory("/var/lib/mesos/c1");
      h->set_mapped_sandbox_directory("/mnt/mesos/sandbox");
      (*h->mutable_env()->mutable_entries())["A"] = "1";
      break;
    }
    case C::SLAVE_POST_FETCH_HOOK:
      c.mutable_slave_post_fetch_hook()->mutable_container_id()->set_value("c1");
      c.mutable_slave_post_fetch_hook()->set_directory("/sandbox");
      break;
    case C::SLAVE_REMOVE_EXECUTOR_HOOK: {
      auto* h = c.mutable_slave_remove_executor_hook();
      FrameworkInfo(h->mutable_framework_info(), n, "analytics");
      ExecutorInfo(h->mutable_executor_info(), n);
      break;
    }
    case C::SLAVE_TASK_STATUS_DECORATOR: {
      auto* h = c.mutable_slave_task_status_decorator();
      h->mutable_framework_id()->set_value(fw);
      h->mutable_status()->mutable_task_id()->set_value("task-1");
      h->mutable_status()->set_state(mesos::TASK_RUNNING);
      break;
    }
    case C::SLAVE_RESOURCES_DECORATOR:
      SlaveInfo(c.mutable_slave_resources_decorator()->mutable_slave_info(), n);
      break;
    case C::SLAVE_ATTRIBUTES_DECORATOR:
      SlaveInfo(c.mutable_slave_attributes_decorator()->mutable_slave_info(), n);
      break;
    case C::ISOLATOR_PREPARE: {
      auto* h = c.mutable_isolator_prepare();
      h->mutable_container_id()->set_value("c1");
      h->mutable_container_config()->set_directory("/sandbox");
      h->mutable_container_config()->mutable_command_info()->set_value("sleep 10");
      ExecutorInfo(h->mutable_container_config()->mutable_executor_info(), n);
      break;
    }
    case C::ISOLATOR_CLEANUP:
      c.mutable_isolator_cleanup()->mutable_container_id()->set_value("c1");
      break;
    default:
      break;
  }
  return c;
}

}  // namespace mactor::bridge::testing
