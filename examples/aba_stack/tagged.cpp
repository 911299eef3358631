// FILE: examples/aba_stack/tagged.cpp
//
// THE FIX: a tagged (versioned) head. The head is the top node's index and a counter, packed in
// one 64-bit atomic; every successful CAS, push or pop, adds one to the counter:
//
//   Head top = unpack(head.load());
//   head.compare_exchange(pack(top), pack({next, top.tag + 1}));
//
// WHY IT WORKS: the CAS now compares the version too. After B's pop, pop, push the head is
// node 1 again but its tag has gone up by three, so A's CAS fails, A reads the head again and
// pops node 1 as it is now. The counter can wrap, after 2^32 changes between one thread's load
// and its CAS: not in this lifetime. Nodes come from a fixed pool and are named by index, so
// the pair fits in 64 bits and the stack stays lock-free on every common platform (no 128-bit
// CAS needed); the static_assert below says so at compile time.
//
// RUN IT:  racestress run aba_stack/tagged
//
// YOU SHOULD SEE: no failing run; in the buggy variant's schedule, A's CAS fails and retries;
// TSan clean; racecheck silent.
#include <cstdint>

#include "pool.h"

namespace {

struct Head {
  int top;             // node id, 0 for none
  std::uint32_t tag;   // how many times the head has changed
};

std::uint64_t pack(Head h) { return (std::uint64_t{h.tag} << 32) | static_cast<std::uint32_t>(h.top); }
Head unpack(std::uint64_t word) { return {static_cast<int>(word & 0xffffffffU), static_cast<std::uint32_t>(word >> 32)}; }

struct Stack {
  static inline std::atomic<std::uint64_t> head{0};
  static_assert(std::atomic<std::uint64_t>::is_always_lock_free, "the tagged head must be one lock-free word");

  static void reset(int top) { head.store(pack({top, 0})); }
  static int top() { return unpack(head.load()).top; }

  static int pop() {
    std::uint64_t seen = head.load();
    racelab::point("reads head", unpack(seen).top);
    while (unpack(seen).top != 0) {
      const Head old = unpack(seen);
      const int next = aba_scenario::node(old.top).next.load();
      racelab::point("reads next", next);
      if (head.compare_exchange_strong(seen, pack({next, old.tag + 1}))) {
        racelab::point("pops node", old.top);
        return old.top;
      }
      racelab::point("CAS fails", unpack(seen).top);
    }
    return 0;
  }

  static void push(int id) {
    std::uint64_t seen = head.load();
    racelab::point("reads head", unpack(seen).top);
    do {
      aba_scenario::node(id).next.store(unpack(seen).top);
    } while (!head.compare_exchange_strong(seen, pack({id, unpack(seen).tag + 1})));
    racelab::point("pushes node", id);
  }
};

using Threads = aba_scenario::Threads<Stack>;

}  // namespace

RACELAB_VARIANT({
    .scenario = "aba_stack",
    .variant = "tagged",
    .rank = 2,
    .summary = "the head is (node index, version) in one 64-bit atomic: a CAS after pop-pop-push sees the new version and fails",
    .expect = racelab::HarnessExpect::pass,
    .tsan = racelab::TsanExpect::clean,
    .params = {},
    .make = Threads::make_test,
    .plain = Threads::run_plain,
});
