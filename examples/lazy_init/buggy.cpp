// FILE: examples/lazy_init/buggy.cpp
//
// THE BUG: lazy initialisation with no synchronisation at all:
//
//   if (instance == nullptr) instance = new Config;
//   return *instance;
//
// WHY: it is check-then-act again (see withdraw). Two callers can both see nullptr before
// either stores its new Config, so two are built: one leaks, and the callers hold different
// objects (two caches, two connection pools, two "singletons"). Reading and writing the plain
// pointer from two threads is also a data race.
//
// RUN IT:  racestress run lazy_init/buggy
//
// YOU SHOULD SEE: failing runs ("callers 1 and 2 got different Configs (2 built)"); a step
// table in which both callers see no config before either publishes one; in the tsan build,
// TSan's "data race" on `instance`; racecheck flagging the write.
#include "callers.h"

namespace {

struct Holder {
  static inline lazy_scenario::Config* instance = nullptr;

  static void reset() { instance = nullptr; }  // the old one leaks, as in the real bug

  static lazy_scenario::Config& get() {
    if (instance == nullptr) {
      racelab::point("sees no config");
      instance = new lazy_scenario::Config;  // expect: racecheck-unsynchronized-write
      racelab::point("publishes config");
    }
    return *instance;
  }
};

using Callers = lazy_scenario::Callers<Holder>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lazy_init",
    .variant = "buggy",
    .rank = 1,
    .summary = "if (instance == nullptr) instance = new Config; with no lock: two callers can build two",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::race,
    .params = lazy_scenario::caller_params(),
    .make = Callers::make_test,
    .plain = Callers::run_plain,
});
