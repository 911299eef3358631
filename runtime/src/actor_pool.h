// A pool of actor threads reused across runs: starting threads per run would cost more than
// the runs themselves. Worker i runs actor i of the current test whenever its baton is
// signalled, and reports to the run's engine when the actor returns.
#pragma once

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "baton.h"
#include "engine.h"
#include "racelab/test.h"

namespace racelab::detail {

class ActorPool {
 public:
  ActorPool(int actors, const StressTest& test);
  ~ActorPool();
  ActorPool(const ActorPool&) = delete;
  ActorPool& operator=(const ActorPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()); }
  ActorContext& context(int i) const { return workers_[static_cast<std::size_t>(i)]->context; }
  Baton& baton(int i) { return workers_[static_cast<std::size_t>(i)]->go; }
  // The address whose happens-before edge stands for "setup happened before the actors".
  void* start_token() { return &start_token_; }
  // A run hung: its threads may never return. Detach them; the caller must then leak this
  // pool (the parked threads still refer to it) rather than destroy it.
  void abandon();

 private:
  struct Worker {
    std::thread thread;
    Baton go;
    ActorContext context;
  };
  void work(int index);

  const StressTest& test_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::atomic<bool> quit_{false};
  bool abandoned_ = false;
  char start_token_ = 0;
};

}  // namespace racelab::detail
