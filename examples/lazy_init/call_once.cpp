// FILE: examples/lazy_init/call_once.cpp
//
// THE FIX: std::call_once with a std::once_flag.
//
//   std::call_once(flag, [] { instance = new Config; });
//   return *instance;
//
// WHY IT WORKS: exactly one call runs the function; every other caller waits until it has
// returned, and the function's completion happens-before each call_once's return, so every
// caller sees the whole Config. It is the double-checked locking pattern done right by the
// library (a fast atomic check, then a lock).
//
// HARNESS NOTE: libstdc++'s call_once is pthread_once, which sleeps in the futex system call,
// not on a mutex the harness sees. So there is no point inside the once function: the
// harness could not run another caller while one is inside it. The callers still meet
// before and after it in every order.
//
// RUN IT:  racestress run lazy_init/call_once
//
// YOU SHOULD SEE: no failing run; TSan clean; racecheck silent.
#include <memory>
#include <mutex>

#include "callers.h"

namespace {

struct Holder {
  // A fresh flag per run (a once_flag cannot be reset); a program has one for its lifetime.
  static inline std::unique_ptr<std::once_flag> flag;
  static inline lazy_scenario::Config* instance = nullptr;

  static void reset() {
    flag = std::make_unique<std::once_flag>();
    instance = nullptr;
  }

  static lazy_scenario::Config& get() {
    racelab::point("asks for config");
    std::call_once(*flag, [] { instance = new lazy_scenario::Config; });
    return *instance;
  }
};

using Callers = lazy_scenario::Callers<Holder>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "lazy_init",
    .variant = "call_once",
    .rank = 3,
    .summary = "std::call_once(flag, build): one caller builds, the others wait and see it built",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = lazy_scenario::caller_params(),
    .make = Callers::make_test,
    .plain = Callers::run_plain,
});
