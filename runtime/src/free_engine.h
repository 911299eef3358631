// Free mode: every actor runs on its own thread at once, in parallel, and each point yields
// or spins for a moment with some probability drawn from the actor's seeded generator. The
// seed fixes where the perturbation happens, not what the OS scheduler does, so a failing
// seed reproduces only sometimes; the runner measures how often.
#pragma once

#include <atomic>

#include "actor_pool.h"
#include "baton.h"
#include "engine.h"

namespace racelab::detail {

class FreeEngine final : public Engine {
 public:
  FreeEngine(ActorPool& pool, double yield_probability);

  RunEnd run(const StressTest& test, std::uint64_t run_seed, double timeout_seconds);
  // The run's events in the order they were recorded (approximately the real order).
  std::vector<RawEvent> events() const;

  void at_point(ActorContext& actor, const char* label, PointValue value,
                const std::source_location& where) override;
  void at_wait_point(ActorContext& actor, const char* label, const std::source_location& where) override;
  void actor_finished(ActorContext& actor) override;

 private:
  ActorPool& pool_;
  double yield_probability_;
  std::atomic<long long> seq_{0};
  std::atomic<int> remaining_{0};
  Baton done_;
};

}  // namespace racelab::detail
