// FILE: examples/publication/relaxed_flag.cpp
//
// THE BUG: message passing with a relaxed flag. The flag is a std::atomic<bool>, so "it is
// thread-safe"; but it is stored and loaded with std::memory_order_relaxed:
//
//   writer:  payload = 42;  ready.store(true, std::memory_order_relaxed);
//   reader:  while (!ready.load(std::memory_order_relaxed)) {}  use(payload);
//
// WHY: a relaxed atomic is atomic (never torn) and nothing more: it orders nothing around it. The
// compiler may move `payload = 42` after the flag's store, a weakly ordered CPU (ARM, POWER) may
// make the flag visible first, and the reader's read of `payload` may be served before its load
// of the flag. In the C++ memory model there is no happens-before edge from the writer's
// `payload = 42` to the reader's read of it: a data race on `payload`, undefined behaviour. On
// x86 the hardware keeps stores in order and loads in order, so this one rarely shows there;
// on an ARM phone or server it does.
//
// RUN IT:  racestress run publication/relaxed_flag           (tsan build for TSan's report)
//
// YOU SHOULD SEE: no failing run: the controlled harness is sequentially consistent, and free mode
// on x86 keeps these two stores in order; in the tsan build, TSan's "data race" on `payload`
// (the flag being atomic does not help); racecheck flagging the write of the payload.
#include "litmus.h"

namespace {

struct RelaxedFlag {
  static inline int payload = 0;
  static inline std::atomic<bool> ready{false};

  static void reset() {
    payload = 0;
    ready.store(false);
  }
  static void send(int value) {
    payload = value;  // expect: racecheck-unsynchronized-write
    racelab::point("writes payload", value);
    ready.store(true, std::memory_order_relaxed);  // orders nothing: the payload may not be visible yet
    racelab::point("raises flag");
  }
  static int receive() {
    while (!ready.load(std::memory_order_relaxed)) racelab::wait_point("waits for flag");
    const int value = payload;
    racelab::point("reads payload", value);
    return value;
  }
};

using Test = publication_scenario::MessagePassing<RelaxedFlag>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "publication",
    .variant = "relaxed_flag",
    .rank = 1,
    .summary = "message passing through a std::atomic<bool> flag stored and loaded relaxed: a data race on the payload",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::race,
    .params = {},
    .make = Test::make_test,
    .plain = Test::run_plain,
});
