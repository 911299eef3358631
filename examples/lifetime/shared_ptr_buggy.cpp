// FILE: examples/lifetime/shared_ptr_buggy.cpp
//
// THE BUG: a global std::shared_ptr reassigned by two reloader threads while a reader uses
// what it points to, with no lock:
//
//   reloaders:  current = make_config(v);                 // two threads, v = 2 and 3
//   reader:     for (int limit : current->limits) record(limit);
//
// WHY: a shared_ptr makes the *object it owns* safe to share (its count is atomic), not the
// shared_ptr object itself: reassigning `current` while another thread reads it is a data race
// on its two pointers. And `current->limits` takes no count: the range-for binds a reference to
// the limits once, at the start, while only `current` keeps the Config alive. The reloader's
// assignment drops the last count and destroys that Config between two of the reader's reads;
// the reader goes on reading a destroyed object, a use after free. (Here a destroyed Config
// reads as -1; in a real program it reads as whatever the allocator put there, or crashes.)
//
// RUN IT:  racestress run lifetime/shared_ptr_buggy
//
// YOU SHOULD SEE: failing runs ("the reader read -1 as limit 2: a Config that had already been
// destroyed"); a step table in which a reloader installs between two of the reader's reads; in
// the tsan build, TSan's reports on `current` and on the destroyed Config. racecheck is silent:
// it does not yet see an assignment to a shared object of class type (a call to its
// operator=) as a write, so it misses this bug (declared below, so a checker that learns it
// shows up here).
#include "config.h"

namespace {

struct Shared {
  static inline std::shared_ptr<const lifetime_scenario::Config> current;

  static void reset(std::shared_ptr<const lifetime_scenario::Config> first) { current = std::move(first); }
  static void install(std::shared_ptr<const lifetime_scenario::Config> next) {
    const int version = next->version;
    current = std::move(next);
    racelab::point("installs config", version);
  }
  static void read_limits(std::vector<int>& seen) {
    for (int limit : current->limits) {
      racelab::point("reads limit", limit);
      seen.push_back(limit);
    }
  }
  static int version_in_use() { return current->version; }
};

using Reloads = lifetime_scenario::Reloads<Shared>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lifetime",
    .variant = "shared_ptr_buggy",
    .rank = 1,
    .summary = "a shared_ptr reassigned by two threads while a third reads through it: the old Config is destroyed mid-read",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::race,
    .params = {},
    .make = Reloads::make_test,
});
