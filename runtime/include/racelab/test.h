// racelab/test.h: what a stress test is. A setup that makes fresh shared state, two or more
// actors that run concurrently on it, and an invariant checked after every actor finished.
//
//   racelab::StressTest test;
//   test.setup([] { counter = 0; })
//       .actor([] { add(3); })
//       .actor([] { add(3); })
//       .invariant([] { return racelab::expect_eq("counter", counter, 6); });
//
// For state held in an object rather than in globals, see racelab::StressTestOf<State> below.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace racelab {

// The result of an invariant: holds, or broken with a message a person can read.
struct Check {
  bool ok = true;
  std::string message;

  static Check holds() { return {}; }
  static Check broken(std::string why) { return {false, std::move(why)}; }
};

// `what == expected`, with a message such as "counter is 4, expected 6".
Check expect_eq(const std::string& what, long long actual, long long expected);
// `condition`, with `message` when it is false.
Check expect(bool condition, std::string message);

class StressTest {
 public:
  StressTest& setup(std::function<void()> make_fresh_state);
  StressTest& actor(std::function<void()> body);
  StressTest& invariant(std::function<Check()> check);
  StressTest& teardown(std::function<void()> release_state);
  // Optional: the shared state in a few words ("counter = 3"), shown after each step when a
  // learner plays a schedule (racestress play). Called between steps, never concurrently.
  // It may lock the mutexes the actors lock: its locks are not steps and never wait. While an
  // actor holds one (paused inside its critical section), that step shows "(state not shown:
  // A holds mutex 1)"; a try_lock_for in the callback returns false instead.
  StressTest& state(std::function<std::string()> describe);

  int actor_count() const { return static_cast<int>(actors_.size()); }
  void run_setup() const;
  void run_actor(int index) const { actors_[static_cast<std::size_t>(index)](); }
  Check run_invariant() const;
  void run_teardown() const;
  bool has_state() const { return static_cast<bool>(state_); }
  std::string describe_state() const { return state_ ? state_() : std::string(); }

 private:
  std::function<void()> setup_;
  std::vector<std::function<void()>> actors_;
  std::function<Check()> invariant_;
  std::function<void()> teardown_;
  std::function<std::string()> state_;
};

// A test whose shared state is one object of type State, made fresh for every run
// (default-constructed, or by the factory given to `make`).
template <class State>
class StressTestOf {
 public:
  StressTestOf() : slot_(std::make_shared<std::unique_ptr<State>>()) {}
  StressTestOf& make(std::function<std::unique_ptr<State>()> factory) {
    make_ = std::move(factory);
    return *this;
  }
  StressTestOf& setup(std::function<void(State&)> init) {
    init_ = std::move(init);
    return *this;
  }
  StressTestOf& actor(std::function<void(State&)> body) {
    actors_.push_back(std::move(body));
    return *this;
  }
  StressTestOf& invariant(std::function<Check(State&)> check) {
    check_ = std::move(check);
    return *this;
  }

  // The type-erased test the runner takes; the copy shares this object's state slot.
  StressTest build() const {
    StressTest test;
    auto slot = slot_;
    auto make = make_;
    if (!make) {
      if constexpr (std::is_default_constructible_v<State>) {
        make = [] { return std::make_unique<State>(); };
      } else {
        throw std::logic_error("StressTestOf<State>: State has no default constructor; call make()");
      }
    }
    auto init = init_;
    test.setup([slot, make, init] {
      *slot = make();
      if (init) init(**slot);
    });
    for (const auto& body : actors_) {
      test.actor([slot, body] { body(**slot); });
    }
    auto check = check_;
    test.invariant([slot, check] { return check ? check(**slot) : Check::holds(); });
    test.teardown([slot] { slot->reset(); });
    return test;
  }
  operator StressTest() const { return build(); }  // NOLINT: converting is the point

 private:
  std::shared_ptr<std::unique_ptr<State>> slot_;
  std::function<std::unique_ptr<State>()> make_;
  std::function<void(State&)> init_;
  std::vector<std::function<void(State&)>> actors_;
  std::function<Check(State&)> check_;
};

// Shorter names. Inside a GoogleTest TEST body an unqualified `Test` means testing::Test,
// so there write racelab::Test or StressTest.
using Test = StressTest;
template <class State>
using TestOf = StressTestOf<State>;

}  // namespace racelab
