// FILE: examples/lifetime/shared_ptr_mutex.cpp
//
// THE FIX: a mutex guards the shared_ptr object (never the Config it points to). The reader
// copies the pointer under the lock and walks its copy with no lock; a reloader swaps its new
// pointer in under the lock:
//
//   reader:     std::shared_ptr<const Config> config;
//               { lock; config = current; }
//               for (int limit : config->limits) record(limit);
//   reloaders:  { lock; current.swap(next); }             // next now holds the old Config
//
// WHY IT WORKS: the copy and the swap never overlap, and the reader's copy holds a count on
// the Config it walks. The old Config is destroyed when `next` goes out of scope, after the
// lock is released: the lock is held for two pointer copies, never for a destructor.
//
// THE COST: one uncontended lock per read and per reload. Readers wait for each other too,
// for the length of one pointer copy.
//
// RUN IT:  racestress run lifetime/shared_ptr_mutex
//
// YOU SHOULD SEE: no failing run; TSan clean.
#include <mutex>

#include "config.h"

namespace {

struct Locked {
  static inline std::mutex mutex;  // guards the pointer `current`, never the Config it points to
  static inline std::shared_ptr<const lifetime_scenario::Config> current;

  static void reset(std::shared_ptr<const lifetime_scenario::Config> first) { current = std::move(first); }
  static std::shared_ptr<const lifetime_scenario::Config> snapshot() {
    std::lock_guard lock(mutex);
    return current;
  }
  static void install(std::shared_ptr<const lifetime_scenario::Config> next) {
    const int version = next->version;
    {
      std::lock_guard lock(mutex);
      current.swap(next);
    }
    racelab::point("installs config", version);
  }  // `next`, now the old Config, is released here, outside the lock
  static void read_limits(std::vector<int>& seen) {
    const std::shared_ptr<const lifetime_scenario::Config> config = snapshot();
    for (int limit : config->limits) {
      racelab::point("reads limit", limit);
      seen.push_back(limit);
    }
  }
  // The invariant runs after every actor finished, and play's state callback between steps,
  // when an actor may be stopped holding the lock: read without it. No actor is ever stopped
  // inside the swap (it has no point), so `current` is whole whenever this runs.
  static int version_in_use() { return current->version; }
};

using Reloads = lifetime_scenario::Reloads<Locked>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lifetime",
    .variant = "shared_ptr_mutex",
    .rank = 4,
    .summary = "a mutex around the shared_ptr: the reader copies it under the lock and walks its copy",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {},
    .make = Reloads::make_test,
    .plain = Reloads::run_plain,
});
