// FILE: examples/publication/seq_cst.cpp
//
// THE FIX (store buffering): sequentially consistent stores and loads, std::atomic's default:
//
//   thread A:  x.store(1);  r1 = y.load();        // memory_order_seq_cst
//   thread B:  y.store(1);  r2 = x.load();
//
// WHY IT WORKS: all seq_cst operations take place in one total order that every thread agrees
// on, consistent with each thread's program order. Whichever store comes first in that order,
// the other thread's load comes after it and reads 1. On x86 the compiler makes each seq_cst
// store an xchg (or a mov then mfence), which drains the store buffer before the load can run.
//
// THE COST: that drain, tens of cycles per store on x86. Acquire/release is cheaper and enough for
// message passing (release_acquire); seq_cst is what a store-then-load-of-another-variable
// handshake needs.
//
// RUN IT:  racestress run publication/seq_cst --mode free --outcomes --iterations 100000
//
// YOU SHOULD SEE: never r1 = 0, r2 = 0, in either mode; TSan clean; racecheck silent.
#include "litmus.h"

namespace {

struct SeqCst {
  static inline std::atomic<int> x{0};
  static inline std::atomic<int> y{0};

  static void reset() {
    x.store(0);
    y.store(0);
  }
  static int store_x_load_y() {
    x.store(1);  // seq_cst: drains the store buffer before the load below
    return y.load();
  }
  static int store_y_load_x() {
    y.store(1);
    return x.load();
  }
};

using Test = publication_scenario::StoreBuffering<SeqCst>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "publication",
    .variant = "seq_cst",
    .rank = 4,
    .summary = "the same with seq_cst stores and loads: one total order, so at least one thread reads 1",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {},
    .make = Test::make_test,
    .plain = Test::run_plain,
});
