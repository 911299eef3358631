// FILE: examples/aba_stack/mutex.cpp
//
// THE FIX: give up lock-freedom: one mutex around the stack's head.
//
//   std::lock_guard lock(mutex);  top = head;  head = node(top).next;
//
// WHY IT WORKS: nobody can change the head between a pop's read and its write, so there is no
// "it looks the same, so nothing happened" to get wrong. Reusing nodes is safe again.
//
// THE COST: a thread preempted while it holds the lock stops every other; a lock-free stack
// exists to avoid that (and to be usable where a lock is not: a signal handler, a real-time
// thread). Uncontended, a mutex costs about as much as the CAS; measure before choosing.
//
// RUN IT:  racestress run aba_stack/mutex
//
// YOU SHOULD SEE: no failing run; TSan clean; racecheck silent.
#include <mutex>

#include "pool.h"

namespace {

struct Stack {
  static inline std::mutex mutex;  // guards head, and the next of every node on the stack
  static inline int head = 0;

  static void reset(int top) { head = top; }
  static int top() { return head; }  // read after the actors end or between steps: no lock (see pool.h)

  static int pop() {
    std::lock_guard lock(mutex);
    const int top = head;
    racelab::point("reads head", top);
    if (top == 0) return 0;
    const int next = aba_scenario::node(top).next.load(std::memory_order_relaxed);
    racelab::point("reads next", next);
    head = next;
    racelab::point("pops node", top);
    return top;
  }

  static void push(int id) {
    std::lock_guard lock(mutex);
    racelab::point("reads head", head);
    aba_scenario::node(id).next.store(head, std::memory_order_relaxed);
    head = id;
    racelab::point("pushes node", id);
  }
};

using Threads = aba_scenario::Threads<Stack>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "aba_stack",
    .variant = "mutex",
    .rank = 3,
    .summary = "one mutex around the head: no CAS, no ABA, and no lock-freedom",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {},
    .make = Threads::make_test,
    .plain = Threads::run_plain,
});
