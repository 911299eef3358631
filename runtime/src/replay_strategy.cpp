// ReplayStrategy: follows a recorded schedule string decision by decision. If the test takes
// another path (it is not deterministic apart from the schedule), or the schedule names an
// actor that cannot run there (a typo, another variant's schedule), the replay says where.
#include "racelab/report.h"
#include "strategy.h"

namespace racelab::detail {
namespace {

std::string actor_list(ActorMask mask) {
  std::string out;
  for (int a = 0; a < 64; ++a) {
    if ((mask >> a & 1U) == 0) continue;
    out += (out.empty() ? "" : ", ") + actor_name(a);
  }
  return out.empty() ? "none" : out;
}

class ReplayStrategy final : public Strategy {
 public:
  explicit ReplayStrategy(std::vector<int> choices) : choices_(std::move(choices)) {}
  void begin_run(std::uint64_t) override {
    next_ = 0;
    seen_ = 0;
  }
  int pick(const Decision& d) override {
    seen_ |= d.enabled;
    if (next_ < choices_.size()) {
      const int a = choices_[next_++];
      if (a >= 0 && a < 64 && (d.enabled >> a & 1U)) return a;
      if (why_.empty()) {
        why_ = "decision " + std::to_string(next_) + " of the schedule picks " + actor_name(a) +
               ", but only " + actor_list(d.enabled) + " could run there";
      }
    } else if (why_.empty()) {
      why_ = "the schedule ended after " + std::to_string(choices_.size()) + " decisions; the run needed more";
    }
    diverged_ = true;
    return lowest_actor(d.enabled);
  }
  bool diverged() const override { return diverged_ || next_ != choices_.size(); }
  std::string divergence() const override {
    if (!why_.empty()) return why_ + " (actors of this run: " + actor_list(seen_) + ")";
    if (next_ != choices_.size()) {
      return "the run made " + std::to_string(next_) + " decisions, the schedule has " +
             std::to_string(choices_.size()) + " (actors of this run: " + actor_list(seen_) + ")";
    }
    return "";
  }

 private:
  std::vector<int> choices_;
  std::size_t next_ = 0;
  bool diverged_ = false;
  ActorMask seen_ = 0;
  std::string why_;
};

}  // namespace

std::unique_ptr<Strategy> make_replay_strategy(std::vector<int> choices) {
  return std::make_unique<ReplayStrategy>(std::move(choices));
}

}  // namespace racelab::detail
