// examples/lifetime/orders.h: the harness wiring the capture variants share, so that a variant
// file is its banner, its start_shipping(), and its declaration.
//
//   A caller makes an order, a local `Order order(3)` (three items), and posts a task that
//   ships it to a worker thread, a thread that outlives the caller's scope: a pool's worker,
//   or a detached std::thread. The task is a lambda; what it captures is the lesson. The
//   worker runs the task when it gets to it, which may be after the caller has returned.
//   Whatever the interleaving, the worker must ship 3 items, read from an Order that is alive.
//
// An Order's destructor writes kGone (-1) over its items, as the caller's next call would
// write over its stack, and every Order notes when it is born and when it dies (Lives below),
// so ship() can tell a live Order from a dead one whatever the dead one's memory holds.
//
// A variant describes its caller as a type with:
//   static void start_shipping();   the caller: make the order, post the task, return
// and registers Shipping<ItsCaller>::make_test (and ::run_plain, when it keeps the invariant
// on plain threads).
#pragma once

#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <array>
#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <utility>

#include "mailbox.h"

namespace lifetime_scenario {

inline constexpr int kDeadItems = -1;

// The Orders alive right now, by address. Relaxed atomics: nothing here orders one thread's
// accesses before another's, so TSan sees exactly the program's own edges.
struct Lives {
  static inline std::array<std::atomic<const void*>, 16> alive{};

  static void born(const void* order) {
    for (auto& slot : alive) {
      const void* empty = nullptr;
      if (slot.compare_exchange_strong(empty, order, std::memory_order_relaxed)) return;
    }
  }
  static void died(const void* order) {
    for (auto& slot : alive) {
      const void* self = order;
      if (slot.compare_exchange_strong(self, nullptr, std::memory_order_relaxed)) return;
    }
  }
  static bool is_alive(const void* order) {
    for (const auto& slot : alive) {
      if (slot.load(std::memory_order_relaxed) == order) return true;
    }
    return false;
  }
  static void clear() {
    for (auto& slot : alive) slot.store(nullptr, std::memory_order_relaxed);
  }
};

struct Order {
  int items;

  explicit Order(int n) : items(n) { Lives::born(this); }
  Order(const Order& other) : items(other.items) { Lives::born(this); }
  Order& operator=(const Order&) = delete;
  ~Order() {
    Lives::died(this);
    static_cast<volatile int&>(items) = kDeadItems;  // volatile: a store to a dying object is kept
  }
};

// What the worker did with the one task it ran: touched by the worker, then by the invariant.
struct Shipped {
  static inline int items = 0;
  static inline bool from_a_live_order = false;
  static inline bool done = false;
};

// The task's work: read the order's items and ship them.
inline void ship(const Order& order) {
  const int items = order.items;
  Shipped::from_a_live_order = Lives::is_alive(&order);
  racelab::point("ships items", items);
  Shipped::items = items;
  Shipped::done = true;
}

// The worker thread's queue of tasks.
inline racelab::support::Mailbox<std::function<void()>>& tasks() {
  static racelab::support::Mailbox<std::function<void()>> mailbox;
  return mailbox;
}
inline void post(std::function<void()> task) { tasks().send(std::move(task)); }
inline void run_one_task() { tasks().receive()(); }

template <class Caller>
class Shipping {
 public:
  static racelab::StressTest make_test(const racelab::Params&) {
    racelab::StressTest test;
    test.setup([] { open(); });
    test.actor([] {
      Caller::start_shipping();
      racelab::point("returns");  // the caller goes on: its next calls reuse the stack
    });
    test.actor([] { run_one_task(); });
    test.invariant([] { return shipped_three_live_items(); });
    test.state([] { return what_was_shipped(); });
    return test;
  }

  static racelab::Check run_plain(const racelab::Params&) {
    open();
    std::thread worker(run_one_task);
    std::thread caller([] { Caller::start_shipping(); });
    caller.join();
    worker.join();
    return shipped_three_live_items();
  }

 private:
  static void open() {
    Lives::clear();
    Shipped::items = 0;
    Shipped::from_a_live_order = false;
    Shipped::done = false;
  }

  static std::string what_was_shipped() {
    if (!Shipped::done) return "nothing shipped yet";
    if (!Shipped::from_a_live_order) return "shipped from a dead order";
    return "shipped " + std::to_string(Shipped::items) + " items";
  }

  static racelab::Check shipped_three_live_items() {
    if (!Shipped::done) return racelab::expect(false, "the worker shipped nothing");
    if (!Shipped::from_a_live_order) {
      // What it read is left out: whatever the stack held by then, which can differ between builds.
      return racelab::expect(false, "the worker read the order after the caller's scope had ended");
    }
    return racelab::expect_eq("items shipped", Shipped::items, 3);
  }
};

}  // namespace lifetime_scenario
