// FILE: examples/lazy_init/local_static.cpp
//
// THE FIX: a function-local static ("Meyers singleton").
//
//   static Config config;
//   return config;
//
// WHY IT WORKS: since C++11 the initialisation of a block-scope static is thread-safe: the
// first caller builds it, concurrent callers wait, and everyone sees it built (the compiler
// emits the guard: a fast atomic acquire check, then __cxa_guard_acquire). It is the
// shortest correct lazy initialisation there is.
//
// HARNESS NOTE: the Config is built once per *process*, not per run: only the first run sees
// it built; the others check that every caller still gets the same, whole Config. As with
// call_once, the guard sleeps in futex, which the harness does not see, so nothing inside the
// construction is a point.
//
// RUN IT:  racestress run lazy_init/local_static
//
// YOU SHOULD SEE: no failing run; TSan clean; racecheck silent.
#include "callers.h"

namespace {

struct Holder {
  static void reset() {}  // a function-local static cannot be forgotten

  static lazy_scenario::Config& get() {
    racelab::point("asks for config");
    static lazy_scenario::Config config;  // built by the first caller, once, thread-safely
    return config;
  }
};

using Callers = lazy_scenario::Callers<Holder>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lazy_init",
    .variant = "local_static",
    .rank = 4,
    .summary = "static Config config; inside get(): C++11 makes its initialisation thread-safe",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = lazy_scenario::caller_params(),
    .make = Callers::make_test,
    .plain = Callers::run_plain,
});
