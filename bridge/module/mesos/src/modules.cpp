// The two Mesos modules of libmactor_mesos.so:
//   org_apache_mesos_MactorAllocator  (kind Allocator, master --allocator)
//   org_apache_mesos_MactorHook       (kind Hook, master and agent --hooks)
#include <glog/logging.h>

#include <mesos/module.hpp>
#include <mesos/module/allocator.hpp>
#include <mesos/module/hook.hpp>

#include "mactor_allocator.hpp"
#include "mactor_hook.hpp"
#include "parameters.hpp"

namespace {

mesos::allocator::Allocator* CreateAllocator(const mesos::Parameters& parameters) {
  Try<mactor::bridge::ClientOptions> options = mactor::module::OptionsFromParameters(parameters);
  if (options.isError()) {
    LOG(ERROR) << "org_apache_mesos_MactorAllocator: " << options.error();
    return nullptr;
  }
  return new mactor::module::MactorAllocator(options.get());
}

mesos::Hook* CreateHook(const mesos::Parameters& parameters) {
  Try<mactor::bridge::ClientOptions> options = mactor::module::OptionsFromParameters(parameters);
  if (options.isError()) {
    LOG(ERROR) << "org_apache_mesos_MactorHook: " << options.error();
    return nullptr;
  }
  return new mactor::module::MactorHook(options.get());
}

}  // namespace

// Mesos finds modules by these names with dlsym.
#define MACTOR_EXPORT __attribute__((visibility("default")))

MACTOR_EXPORT mesos::modules::Module<mesos::allocator::Allocator> org_apache_mesos_MactorAllocator(
    MESOS_MODULE_API_VERSION, MESOS_VERSION, "mactor", "mactor@users.noreply.github.com",
    "Allocator that forwards every call to the mactor engine over the bridge", nullptr,
    CreateAllocator);

MACTOR_EXPORT mesos::modules::Module<mesos::Hook> org_apache_mesos_MactorHook(
    MESOS_MODULE_API_VERSION, MESOS_VERSION, "mactor", "mactor@users.noreply.github.com",
    "Hooks answered by the mactor engine within a deadline, with a fallback", nullptr,
    CreateHook);
