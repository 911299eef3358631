// FILE: examples/lazy_init/double_checked.cpp
//
// THE BUG: double-checked locking on a plain pointer. The fast path reads the pointer
// without the lock; only callers that see nullptr take the mutex, check again and build.
//
//   if (instance == nullptr) {                 // first check, no lock
//     std::lock_guard lock(mutex);
//     if (instance == nullptr) instance = new Config;   // second check, under the lock
//   }
//   return *instance;
//
// WHY: it never builds two Configs, and in a sequentially consistent world it is right. But
// the first check reads `instance` with no happens-before edge to the write made under the
// lock: a data race, undefined behaviour. Concretely, the compiler or the CPU may make the
// pointer visible before the Config's fields (the store of `instance` can be ordered before
// the constructor's stores), so a caller on the fast path can read a half-built Config.
//
// The harness runs the actors one at a time, so every write it makes is seen whole and in
// order: it cannot show the reordering, and its verdict on this variant is "pass". That is
// the lesson of this variant: a pass from the harness is not a proof. TSan sees the missing
// happens-before edge and reports the race.
//
// RUN IT:  racestress run lazy_init/double_checked         (tsan build for TSan's report)
//
// YOU SHOULD SEE: no failing run (the harness is sequentially consistent); in the tsan build,
// TSan's "data race" between the unlocked read of `instance` and the write under the lock;
// racecheck's inconsistent-locking on both unlocked reads (the first check and the return),
// and its double-checked-locking on the write under the lock, naming the fixes.
#include <mutex>

#include "callers.h"

namespace {

struct Holder {
  static inline std::mutex mutex;  // guards building; the first check does not take it
  static inline lazy_scenario::Config* instance = nullptr;

  static void reset() { instance = nullptr; }

  static lazy_scenario::Config& get() {
    if (instance == nullptr) {  // unlocked read, races with the write below; expect: racecheck-inconsistent-locking
      racelab::point("sees no config");
      std::lock_guard lock(mutex);
      if (instance == nullptr) {
        instance = new lazy_scenario::Config;  // expect: racecheck-double-checked-locking
        racelab::point("publishes config");
      }
    }
    return *instance;  // expect: racecheck-inconsistent-locking
  }
};

using Callers = lazy_scenario::Callers<Holder>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lazy_init",
    .variant = "double_checked",
    .rank = 2,
    .summary = "double-checked locking on a plain pointer: a data race the sequentially consistent harness cannot break",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::race,
    .params = lazy_scenario::caller_params(),
    .make = Callers::make_test,
    .plain = Callers::run_plain,
});
