// FILE: examples/aba_stack/buggy.cpp
//
// THE BUG: the Treiber stack's pop, with the head a plain pointer (here a node id) in a
// std::atomic:
//
//   top = head.load();  next = top->next;  head.compare_exchange(top, next);
//
// WHY: the compare-and-swap asks "is the head still `top`?" and takes "yes" to mean "nothing
// happened since I read it". But the head can go from node 1 to something else and back to
// node 1: thread A reads head 1 and its next, 2; thread B pops 1, pops 2, pushes 1 back
// (the pool reuses nodes, as allocators do). The head is 1 again, so A's CAS succeeds and sets
// the head to 2: a node B holds. Node 3 falls off the stack, node 2 is in two places. That is
// the ABA problem: A, then B, then A again, and a CAS that cannot tell.
//
// Every access is atomic: there is no data race, and TSan is silent. The bug is in the logic.
//
// RUN IT:  racestress run aba_stack/buggy
//
// YOU SHOULD SEE: failing runs ("node 2 is in 2 places (A holds 1, B holds 2, stack 2)"); a step
// table in which B pops, pops and pushes between A's read of the next node and A's CAS; TSan
// clean; racecheck silent.
#include "pool.h"

namespace {

struct Stack {
  static inline std::atomic<int> head{0};  // the top node's id

  static void reset(int top) { head.store(top); }
  static int top() { return head.load(); }

  static int pop() {
    int top = head.load();
    racelab::point("reads head", top);
    while (top != 0) {
      const int next = aba_scenario::node(top).next.load();
      racelab::point("reads next", next);
      if (head.compare_exchange_strong(top, next)) {
        racelab::point("pops node", top);
        return top;
      }
      racelab::point("CAS fails", top);  // top now holds the head the CAS found
    }
    return 0;
  }

  static void push(int id) {
    int top = head.load();
    racelab::point("reads head", top);
    do {
      aba_scenario::node(id).next.store(top);
    } while (!head.compare_exchange_strong(top, id));
    racelab::point("pushes node", id);
  }
};

using Threads = aba_scenario::Threads<Stack>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "aba_stack",
    .variant = "buggy",
    .rank = 1,
    .summary = "Treiber stack, CAS on the bare head: pop-pop-push between a pop's read and its CAS (ABA)",
    .expect = racelab::HarnessExpect::fail,
    .tsan = racelab::TsanExpect::clean,
    .params = {},
    .make = Threads::make_test,
});
