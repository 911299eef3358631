// examples/order_violation/program.h: the harness wiring every order_violation variant
// shares, so that a variant file is its banner, its hand-over, and its declaration.
//
//   A program's main thread loads a Service (a table and its size), starts a worker, and both
//   then handle a request with the Service. Every request must see the Service fully loaded:
//   size 3 and the table's entries 1, 2, 3, summing to 6. Using it earlier is an order
//   violation: the code assumed "A happens before B" and nothing made it so.
//
// A variant describes its program as a type with:
//   static constexpr bool loads_before_start;  true: the main thread loads the Service before
//                                              it starts the worker (in the test's setup)
//   static void reset();                       forget the Service, before the run
//   static void load();                        the main thread loads the Service and says so
//   static const Service& service_for_worker(); how the worker gets a Service it may use
// and registers Program<ItsProgram>::make_test and ::run_plain.
#pragma once

#include <racelab/catalogue.h>
#include <racelab/point.h>

#include <string>
#include <thread>

namespace order_scenario {

struct Service {
  int table[3] = {0, 0, 0};
  int size = 0;  // 0 until loaded

  void fill() {
    for (int i = 0; i < 3; ++i) table[i] = i + 1;
    racelab::point("loads table");
    size = 3;
    racelab::point("sets size", size);
  }
  // What a request sees: the sum of the entries the size says are there (6 when loaded).
  int handle() const {
    const int n = size;
    racelab::point("reads size", n);
    int sum = 0;
    for (int i = 0; i < n && i < 3; ++i) sum += table[i];
    return sum;
  }
};

template <class Variant>
class Program {
 public:
  static racelab::StressTest make_test(const racelab::Params&) {
    racelab::StressTest test;
    test.setup([] { open(); });
    test.actor([] { main_thread(); });
    test.actor([] { worker(); });
    test.invariant([] { return both_saw_it_loaded(); }).state([] { return what_each_saw(); });
    return test;
  }

  static racelab::Check run_plain(const racelab::Params&) {
    reset_results();
    Variant::reset();
    if constexpr (Variant::loads_before_start) Variant::load();
    std::thread w(worker);  // the worker starts here, after the load or not
    if constexpr (!Variant::loads_before_start) Variant::load();
    main_seen_ = Variant::service_for_worker().handle();
    w.join();
    return both_saw_it_loaded();
  }

 private:
  static void reset_results() {
    main_seen_ = -1;
    worker_seen_ = -1;
  }
  // The harness starts both actors together: loading in the setup is loading before the
  // worker thread starts.
  static void open() {
    reset_results();
    Variant::reset();
    if constexpr (Variant::loads_before_start) Variant::load();
  }
  static void main_thread() {
    if constexpr (!Variant::loads_before_start) Variant::load();
    main_seen_ = Variant::service_for_worker().handle();
  }
  static void worker() { worker_seen_ = Variant::service_for_worker().handle(); }

  static racelab::Check both_saw_it_loaded() {
    if (worker_seen_ != 6) {
      return racelab::expect(false, "the worker saw the table sum to " + std::to_string(worker_seen_) +
                                        ", expected 6: it used the Service before it was loaded");
    }
    return racelab::expect_eq("what the main thread saw", main_seen_, 6);
  }

  // The state for step tables and outcome histograms: the sums each thread saw (- not yet).
  static std::string what_each_saw() {
    const auto sum = [](int seen) { return seen < 0 ? std::string("-") : std::to_string(seen); };
    return "worker saw " + sum(worker_seen_) + ", main saw " + sum(main_seen_);
  }

  static inline int main_seen_ = -1;
  static inline int worker_seen_ = -1;
};

}  // namespace order_scenario
