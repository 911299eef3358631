// FILE: examples/lifetime/shared_ptr_copy.cpp
//
// HALF A FIX: the reader copies the shared_ptr first and reads through its own copy:
//
//   reloaders:  current = make_config(v);                 // still two threads, no lock
//   reader:     std::shared_ptr<const Config> config = current;
//               for (int limit : config->limits) record(limit);
//
// WHAT IT FIXES: the copy holds a count, so the Config the reader walks stays alive until the
// reader lets go of it, whatever the reloaders install meanwhile. The use after free is gone.
//
// WHAT IT DOES NOT: the copy reads `current` (its object pointer, then its control block)
// while a reloader's assignment writes it. That is still a data race on the shared_ptr object:
// a copy can pair one Config's pointer with another's control block, or take a count on a
// control block the assignment has just freed. Two reloaders assigning at once race on it too.
// The harness cannot stop a thread inside the copy or the assignment (no point in libstdc++),
// so every controlled run passes; only TSan sees it.
//
// RUN IT:  racestress run lifetime/shared_ptr_copy
//
// YOU SHOULD SEE: no failing run in the harness; in the tsan build, TSan's reports on
// `current` (the copy against an assignment, and the two assignments against each other).
// racecheck is silent, a miss for the same reason as in shared_ptr_buggy.
#include "config.h"

namespace {

struct Copied {
  static inline std::shared_ptr<const lifetime_scenario::Config> current;

  static void reset(std::shared_ptr<const lifetime_scenario::Config> first) { current = std::move(first); }
  static void install(std::shared_ptr<const lifetime_scenario::Config> next) {
    const int version = next->version;
    current = std::move(next);
    racelab::point("installs config", version);
  }
  static void read_limits(std::vector<int>& seen) {
    const std::shared_ptr<const lifetime_scenario::Config> config = current;
    for (int limit : config->limits) {
      racelab::point("reads limit", limit);
      seen.push_back(limit);
    }
  }
  static int version_in_use() { return current->version; }
};

using Reloads = lifetime_scenario::Reloads<Copied>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lifetime",
    .variant = "shared_ptr_copy",
    .rank = 2,
    .summary = "the reader copies the shared_ptr first: the Config stays alive, but the copy still races with the assignments",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::race,
    .params = {},
    .make = Reloads::make_test,
});
