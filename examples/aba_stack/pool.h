// examples/aba_stack/pool.h: the harness wiring every aba_stack variant shares, so that a
// variant file is its banner, its pop() and push(), and its declaration.
//
//   A stack of nodes 1, 2, 3 (1 on top), taken from a fixed pool: a node popped is reused, not
//   freed, as allocators and free lists do. Thread A pops one node. Thread B pops two and
//   pushes the first one back (it is done with it). Afterwards every node must be in exactly
//   one place: held by A, held by B, or on the stack once.
//
// A variant describes its stack as a type with:
//   static void reset(int top);   the stack 1 -> 2 -> 3 (top = 1), each node's next set
//   static int  pop();            the variant's pop: a node id, 0 if the stack is empty
//   static void push(int node);   the variant's push
//   static int  top();            the top node id, 0 if empty; read by the invariant and the step
//                                 table, after the actors end or between two steps, so with no
//                                 lock (an actor stopped at a point may hold it)
// Nodes live in the shared pool below; `next` is atomic, so every variant is free of data races
// and the lesson is the logic of the compare-and-swap, not a torn read.
// Registers Threads<ItsStack>::make_test and ::run_plain.
#pragma once

#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <array>
#include <atomic>
#include <string>
#include <thread>

namespace aba_scenario {

inline constexpr int kNodes = 3;

struct Node {
  std::atomic<int> next{0};  // the id of the node below, 0 for none
};

// Node ids are 1..kNodes; id 0 means "no node".
inline std::array<Node, kNodes + 1> pool;

inline Node& node(int id) { return pool[static_cast<std::size_t>(id)]; }

// 1 -> 2 -> 3 -> none
inline void link_initial_stack() {
  for (int id = 1; id <= kNodes; ++id) node(id).next.store(id < kNodes ? id + 1 : 0, std::memory_order_relaxed);
}

template <class Stack>
class Threads {
 public:
  static racelab::StressTest make_test(const racelab::Params&) {
    racelab::StressTest test;
    test.setup([] { open(); });
    test.actor([] { pop_one(); });
    test.actor([] { pop_pop_push(); });
    test.invariant([] { return every_node_in_one_place(); });
    test.state([] { return describe(); });
    return test;
  }

  static racelab::Check run_plain(const racelab::Params&) {
    open();
    std::thread a(pop_one);
    std::thread b(pop_pop_push);
    a.join();
    b.join();
    return every_node_in_one_place();
  }

 private:
  static void open() {
    link_initial_stack();
    Stack::reset(1);
    held_by_a_ = 0;
    held_by_b_ = 0;
  }
  static void pop_one() { held_by_a_ = Stack::pop(); }
  static void pop_pop_push() {
    const int first = Stack::pop();
    held_by_b_ = Stack::pop();
    if (first != 0) Stack::push(first);
  }

  // The stack from the top, at most kNodes + 1 nodes (a cycle would go on for ever).
  static std::string walk(std::array<int, kNodes + 1>& seen) {
    std::string out;
    int steps = 0;
    for (int id = Stack::top(); id != 0 && steps <= kNodes; id = node(id).next.load(), ++steps) {
      out += (out.empty() ? "" : " -> ") + std::to_string(id);
      ++seen[static_cast<std::size_t>(id)];
    }
    return out.empty() ? "empty" : out;
  }

  static std::string describe() {
    std::array<int, kNodes + 1> seen{};
    return "A holds " + std::to_string(held_by_a_) + ", B holds " + std::to_string(held_by_b_) + ", stack " + walk(seen);
  }

  static racelab::Check every_node_in_one_place() {
    std::array<int, kNodes + 1> seen{};
    const std::string stack = walk(seen);
    if (held_by_a_ != 0) ++seen[static_cast<std::size_t>(held_by_a_)];
    if (held_by_b_ != 0) ++seen[static_cast<std::size_t>(held_by_b_)];
    for (int id = 1; id <= kNodes; ++id) {
      if (seen[static_cast<std::size_t>(id)] != 1) {
        return racelab::expect(false, "node " + std::to_string(id) + " is in " + std::to_string(seen[static_cast<std::size_t>(id)]) +
                                          " places (A holds " + std::to_string(held_by_a_) + ", B holds " +
                                          std::to_string(held_by_b_) + ", stack " + stack + ")");
      }
    }
    return racelab::Check::holds();
  }

  static inline int held_by_a_ = 0;  // written by A only, read after the actors end
  static inline int held_by_b_ = 0;  // written by B only
};

}  // namespace aba_scenario
