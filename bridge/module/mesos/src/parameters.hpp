// The module parameters (from modules.json) as bridge client options.
//
//   host         engine host (default localhost)
//   port         engine bridge port (default 4050)
//   deadline_ms  hook deadline (default 1000)
//   token        sent as a bearer token (default none)
//   fallback     "none" (default) or "error": what a hook answers when the
//                engine cannot
//   queue_max_calls, batch_max_calls   resend queue and batch bounds
//   master_id    name of this master in the engine's logs (default: host name)
#pragma once

#include <mesos/mesos.hpp>

#include <stout/try.hpp>

#include "mactor/bridge/options.hpp"

namespace mactor::module {

Try<bridge::ClientOptions> OptionsFromParameters(const mesos::Parameters& parameters);

}  // namespace mactor::module
