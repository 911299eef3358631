// FILE: examples/order_violation/plain_flag.cpp
//
// THE BUG: a "ready" flag, but a plain bool:
//
//   main:    service.fill(); ready = true;
//   worker:  while (!ready) { /* wait */ }   use(service);
//
// WHY: the order looks right: the flag is set after the load, and the worker waits for it.
// But `ready` is written by one thread and read by another with no synchronisation: a data
// race, so undefined behaviour. The compiler may keep `ready` in a register and spin for ever,
// or move `ready = true` above the stores of fill() (they are independent to it); the CPU may
// make them visible in another order (ARM, POWER). Then the worker sees `ready` and an
// unloaded Service.
//
// The harness runs one actor at a time and every write is seen whole and in order, so the flag
// always works under it: its verdict is "pass". That pass is no proof; TSan sees the missing
// happens-before edge. (Compare lazy_init/double_checked.)
//
// RUN IT:  racestress run order_violation/plain_flag     (tsan build for TSan's report)
//
// YOU SHOULD SEE: no failing run; in the tsan build, TSan's "data race" on `ready` and on the
// Service's fields; racecheck flagging the write of the flag, and of `size` in Service::fill
// (program.h).
#include "program.h"

namespace {

struct PlainFlag {
  static constexpr bool loads_before_start = false;
  static inline order_scenario::Service service;
  static inline bool ready = false;  // plain: nothing orders it with the load

  static void reset() {
    service = {};
    ready = false;
  }
  static void load() {
    service.fill();  // expect: racecheck-unsynchronized-write at program.h:33
    ready = true;  // expect: racecheck-unsynchronized-write
    racelab::point("sets ready");
  }
  static const order_scenario::Service& service_for_worker() {
    while (!ready) racelab::wait_point("waits for ready");
    return service;
  }
};

using Program = order_scenario::Program<PlainFlag>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "order_violation",
    .variant = "plain_flag",
    .rank = 2,
    .summary = "a plain bool ready flag: right under the sequentially consistent harness, a data race all the same",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::race,
    .params = {},
    .make = Program::make_test,
    .plain = Program::run_plain,
});
