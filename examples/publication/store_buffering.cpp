// FILE: examples/publication/store_buffering.cpp
//
// THE BUG: the store-buffering litmus test (Dekker's flags), with release stores and acquire
// loads, which "make it ordered":
//
//   thread A:  x.store(1, release);  r1 = y.load(acquire);
//   thread B:  y.store(1, release);  r2 = x.load(acquire);
//
// WHY: release orders what comes *before* a store, acquire what comes *after* a load; neither
// orders a store before a later load of another variable. Every x86 core has a store buffer:
// A's store to x waits there while A's load of y goes ahead, and the same on B. Both loads can
// run before either store reaches memory, and both threads read 0: an outcome that no
// interleaving of the four steps gives. It is the one reordering x86 does, so real hardware here
// shows it. Mutual exclusion built on two flags (Dekker, Peterson) breaks this way: both threads
// raise their flag, both see the other's down, both enter.
//
// There is no data race (every access is atomic): TSan is silent. The controlled harness runs
// one thread at a time, which is sequentially consistent: its verdict is "pass". Run it in free
// mode to see real cores do it.
//
// RUN IT:  racestress run publication/store_buffering --mode free --outcomes --iterations 100000
//
// YOU SHOULD SEE: in controlled mode, no failing run (r1 = 0, r2 = 0 never appears); in free mode
// on a multi-core x86, some runs with r1 = 0, r2 = 0; TSan clean; racecheck silent.
#include "litmus.h"

namespace {

struct ReleaseAcquire {
  static inline std::atomic<int> x{0};
  static inline std::atomic<int> y{0};

  static void reset() {
    x.store(0);
    y.store(0);
  }
  static int store_x_load_y() {
    x.store(1, std::memory_order_release);
    return y.load(std::memory_order_acquire);  // may run while the store to x is still buffered
  }
  static int store_y_load_x() {
    y.store(1, std::memory_order_release);
    return x.load(std::memory_order_acquire);
  }
};

using Test = publication_scenario::StoreBuffering<ReleaseAcquire>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "publication",
    .variant = "store_buffering",
    .rank = 3,
    .summary = "store x then load y, and y then x, with release/acquire: both can read 0 (free mode on x86 shows it)",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {},
    .make = Test::make_test,
    // No plain run: on real cores it may read 0 and 0, which is what it teaches; a plain run that
    // may fail would make "every fixed variant holds on plain threads" untrue.
});
