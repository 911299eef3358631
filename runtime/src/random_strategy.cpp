// RandomStrategy: each decision picks one of the runnable actors uniformly, from the run seed.
#include "rng.h"
#include "strategy.h"

namespace racelab::detail {

int lowest_actor(ActorMask mask) { return mask == 0 ? -1 : __builtin_ctzll(mask); }
int count_actors(ActorMask mask) { return __builtin_popcountll(mask); }
int nth_actor(ActorMask mask, int n) {
  for (; n > 0; --n) mask &= mask - 1;
  return lowest_actor(mask);
}

namespace {

class RandomStrategy final : public Strategy {
 public:
  void begin_run(std::uint64_t run_seed) override { rng_ = Rng(run_seed); }
  int pick(const Decision& d) override {
    return nth_actor(d.enabled, static_cast<int>(rng_.below(count_actors(d.enabled))));
  }

 private:
  Rng rng_;
};

class FirstRunnableStrategy final : public Strategy {
 public:
  void begin_run(std::uint64_t) override {}
  int pick(const Decision& d) override { return lowest_actor(d.enabled); }
};

}  // namespace

std::unique_ptr<Strategy> make_random_strategy() { return std::make_unique<RandomStrategy>(); }
std::unique_ptr<Strategy> make_first_runnable_strategy() {
  return std::make_unique<FirstRunnableStrategy>();
}

}  // namespace racelab::detail
