// FILE: lab/models/models.cpp — the list of models (see models.h).
#include "models.h"

#include <algorithm>
#include <array>

namespace lab {

namespace {

constexpr std::array kModels{
    Model{"sequential", "one thread, one request at a time", run_sequential, true},
    Model{"thread-per-request", "a new OS thread for every request", run_thread_per_request, true},
    Model{"thread-pool", "a fixed pool of --pool-threads blocking threads", run_thread_pool, true},
    Model{"loop-callbacks", "one-thread event loop, callbacks", run_loop_callbacks, true},
    Model{"coroutines", "C++20 coroutines on the one-thread loop", run_coroutines, true},
    Model{"coroutines-mt", "the same coroutines on a two-thread executor", run_coroutines_mt, true},
    Model{"fibers", "Boost.Fiber green threads, M fibers on 2 threads", run_fibers, true},
    Model{"coroutines-split-update", "coroutines, counter read before and written after a co_await",
          run_coroutines_split_update, false},
};

}  // namespace

std::span<const Model> models() { return kModels; }

const Model* find_model(std::string_view name) {
  const auto it = std::ranges::find(kModels, name, &Model::name);
  return it == kModels.end() ? nullptr : &*it;
}

int max_in_flight(const Model& m, const Workload& w) {
  if (m.run == run_sequential) return 1;
  if (m.run == run_thread_pool) return std::min(w.clients, w.pool_threads);
  return w.clients;
}

}  // namespace lab
