// ExhaustiveStrategy: depth-first search over every sequence of decisions. Each run replays
// the current prefix and extends it with the first option (the running actor keeps going,
// then the others in order); after the run the deepest decision with an untried option is
// advanced. Stateless, so it needs the test to be deterministic apart from the schedule.
#include "strategy.h"

namespace racelab::detail {
namespace {

class ExhaustiveStrategy final : public Strategy {
 public:
  void begin_run(std::uint64_t) override { depth_ = 0; }

  int pick(const Decision& d) override {
    if (depth_ < stack_.size()) {
      Frame& f = stack_[depth_++];
      if (f.enabled != d.enabled) diverged_ = true;
      return option(f, f.tried);
    }
    stack_.push_back({d.enabled, d.current, 0});
    ++depth_;
    return option(stack_.back(), 0);
  }

  bool end_run() override {
    stack_.resize(depth_);
    while (!stack_.empty()) {
      Frame& f = stack_.back();
      if (f.tried + 1 < count_actors(f.enabled)) {
        ++f.tried;
        return true;
      }
      stack_.pop_back();
    }
    return false;
  }

  bool diverged() const override { return diverged_; }

 private:
  struct Frame {
    ActorMask enabled;
    int current;
    int tried;  // index into the option order
  };

  // Option 0 is the running actor (no preemption); then the others, lowest first.
  static int option(const Frame& f, int index) {
    const bool current_enabled = f.current >= 0 && (f.enabled >> f.current & 1U);
    if (!current_enabled) return nth_actor(f.enabled, index);
    if (index == 0) return f.current;
    return nth_actor(f.enabled & ~(ActorMask{1} << f.current), index - 1);
  }

  std::vector<Frame> stack_;
  std::size_t depth_ = 0;
  bool diverged_ = false;
};

}  // namespace

std::unique_ptr<Strategy> make_exhaustive_strategy() { return std::make_unique<ExhaustiveStrategy>(); }

}  // namespace racelab::detail
