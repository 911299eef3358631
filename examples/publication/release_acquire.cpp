// FILE: examples/publication/release_acquire.cpp
//
// THE FIX (message passing): store the flag with release, load it with acquire:
//
//   writer:  payload = 42;  ready.store(true, std::memory_order_release);
//   reader:  while (!ready.load(std::memory_order_acquire)) {}  use(payload);
//
// WHY IT WORKS: a release store that an acquire load reads from is a synchronises-with edge:
// everything the writer did before the store happens-before everything the reader does after
// the load. The compiler and the CPU must keep `payload = 42` before the flag and the reader's
// read of the payload after its load of the flag. On x86 both cost nothing (plain moves); on ARM
// they are stlr/ldar instructions.
//
// RUN IT:  racestress run publication/release_acquire
//
// YOU SHOULD SEE: no failing run; TSan clean. racecheck still flags the write of the payload: a
// false alarm. It does not yet see that the release store and the acquire load that reads it
// order the payload's write before its read (as in order_violation/release_acquire).
#include "litmus.h"

namespace {

struct ReleaseAcquire {
  static inline int payload = 0;
  static inline std::atomic<bool> ready{false};

  static void reset() {
    payload = 0;
    ready.store(false);
  }
  static void send(int value) {
    payload = value;  // a false alarm: expect: racecheck-unsynchronized-write
    racelab::point("writes payload", value);
    ready.store(true, std::memory_order_release);  // publishes everything written before it
    racelab::point("raises flag");
  }
  static int receive() {
    while (!ready.load(std::memory_order_acquire)) racelab::wait_point("waits for flag");
    const int value = payload;
    racelab::point("reads payload", value);
    return value;
  }
};

using Test = publication_scenario::MessagePassing<ReleaseAcquire>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "publication",
    .variant = "release_acquire",
    .rank = 2,
    .summary = "the same flag stored with release and loaded with acquire: the payload happens-before its read",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {},
    .make = Test::make_test,
    .plain = Test::run_plain,
});
