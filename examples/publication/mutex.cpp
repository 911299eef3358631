// FILE: examples/publication/mutex.cpp
//
// THE FIX (store buffering), without memory orders: each thread's store and load under one mutex.
//
//   thread A:  { std::lock_guard lock(mutex); x = 1; r1 = y; }
//   thread B:  { std::lock_guard lock(mutex); y = 1; r2 = x; }
//
// WHY IT WORKS: the two critical sections run one after the other, and the unlock of the first
// happens-before the lock of the second, so the second thread sees the first one's store. Plain
// ints suffice: the mutex orders every access to them.
//
// THE COST: a lock and an unlock per thread, and one thread may wait for the other. For a flag
// handshake, seq_cst atomics are cheaper; a mutex is what to reach for as soon as more than one
// variable must change together.
//
// RUN IT:  racestress run publication/mutex --mode free --outcomes --iterations 100000
//
// YOU SHOULD SEE: never r1 = 0, r2 = 0, in either mode; TSan clean; racecheck silent.
#include <mutex>

#include "litmus.h"

namespace {

struct Locked {
  static inline std::mutex mutex;  // guards x and y
  static inline int x = 0;
  static inline int y = 0;

  static void reset() {
    x = 0;
    y = 0;
  }
  static int store_x_load_y() {
    std::lock_guard lock(mutex);
    x = 1;
    return y;
  }
  static int store_y_load_x() {
    std::lock_guard lock(mutex);
    y = 1;
    return x;
  }
};

using Test = publication_scenario::StoreBuffering<Locked>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "publication",
    .variant = "mutex",
    .rank = 5,
    .summary = "the same with each thread's store and load under one mutex, on plain ints",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {},
    .make = Test::make_test,
    .plain = Test::run_plain,
});
