// ReplayStrategy: follows a recorded schedule string decision by decision. If the test takes
// another path (it is not deterministic apart from the schedule), the replay says so.
#include "strategy.h"

namespace racelab::detail {
namespace {

class ReplayStrategy final : public Strategy {
 public:
  explicit ReplayStrategy(std::vector<int> choices) : choices_(std::move(choices)) {}
  void begin_run(std::uint64_t) override { next_ = 0; }
  int pick(const Decision& d) override {
    if (next_ < choices_.size()) {
      const int a = choices_[next_++];
      if (a >= 0 && a < 64 && (d.enabled >> a & 1U)) return a;
    }
    diverged_ = true;
    return lowest_actor(d.enabled);
  }
  bool diverged() const override { return diverged_ || next_ != choices_.size(); }

 private:
  std::vector<int> choices_;
  std::size_t next_ = 0;
  bool diverged_ = false;
};

}  // namespace

std::unique_ptr<Strategy> make_replay_strategy(std::vector<int> choices) {
  return std::make_unique<ReplayStrategy>(std::move(choices));
}

}  // namespace racelab::detail
