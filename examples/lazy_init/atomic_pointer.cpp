// FILE: examples/lazy_init/atomic_pointer.cpp
//
// THE FIX: double-checked locking done right: the pointer is a std::atomic, loaded with
// acquire and stored with release.
//
//   Config* seen = instance.load(std::memory_order_acquire);
//   if (seen == nullptr) {
//     std::lock_guard lock(mutex);
//     seen = instance.load(std::memory_order_relaxed);      // the mutex orders this one
//     if (seen == nullptr) instance.store(seen = new Config, std::memory_order_release);
//   }
//   return *seen;
//
// WHY IT WORKS: the release store publishes the pointer only after the Config's fields are
// written, and an acquire load that sees the pointer also sees everything written before the
// store: no caller can see a half-built Config. The unlocked fast path stays one load. It is
// what call_once and local statics do inside; write it yourself only when you need the
// pointer itself (to reset it, say).
//
// RUN IT:  racestress run lazy_init/atomic_pointer
//
// YOU SHOULD SEE: no failing run; TSan clean; racecheck silent.
#include <atomic>
#include <mutex>

#include "callers.h"

namespace {

struct Holder {
  static inline std::mutex mutex;  // serialises building
  static inline std::atomic<lazy_scenario::Config*> instance{nullptr};

  static void reset() { instance.store(nullptr); }

  static lazy_scenario::Config& get() {
    lazy_scenario::Config* seen = instance.load(std::memory_order_acquire);
    if (seen == nullptr) {
      racelab::point("sees no config");
      std::lock_guard lock(mutex);
      seen = instance.load(std::memory_order_relaxed);
      if (seen == nullptr) {
        seen = new lazy_scenario::Config;
        instance.store(seen, std::memory_order_release);  // fields first, then the pointer
        racelab::point("publishes config");
      }
    }
    return *seen;
  }
};

using Callers = lazy_scenario::Callers<Holder>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lazy_init",
    .variant = "atomic_pointer",
    .rank = 5,
    .summary = "double-checked locking on std::atomic<Config*>: acquire load, release store",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = lazy_scenario::caller_params(),
    .make = Callers::make_test,
    .plain = Callers::run_plain,
});
