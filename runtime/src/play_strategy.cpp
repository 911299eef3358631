// PlayStrategy: runs a learner's named steps (racelab/play.h). At each decision it picks the
// actor of the first step not yet taken whose actor can run; each point an actor reaches
// takes that actor's first pending step, and must be the point the step names. When the
// steps run out, the actor that ran last goes on, then the others in turn.
#include <deque>

#include "engine.h"
#include "racelab/play.h"
#include "strategy.h"

namespace racelab::detail {
namespace {

class PlayStrategy final : public Strategy {
 public:
  explicit PlayStrategy(std::vector<PlayStep> steps) : steps_(std::move(steps)) {}

  void begin_run(std::uint64_t) override {
    pending_.clear();
    for (std::size_t i = 0; i < steps_.size(); ++i) pending_.push_back(i);
    looked_at_ = 0;
    taken_ = 0;
    why_.clear();
  }

  int pick(const Decision& d) override {
    if (d.events != nullptr) take_steps(*d.events);
    if (why_.empty()) {
      for (const std::size_t i : pending_) {
        const int a = steps_[i].actor;
        if (a < 64 && (d.enabled >> a & 1U)) return a;
      }
    }
    return d.current >= 0 ? d.current : lowest_actor(d.enabled);
  }

  void end_events(const std::vector<RawEvent>& events) override {
    take_steps(events);
    if (!why_.empty() || pending_.empty()) return;
    std::string left;
    for (const std::size_t i : pending_) left += (left.empty() ? "" : " ") + steps_[i].text();
    why_ = "the run ended before " + std::to_string(pending_.size()) + " of the steps: " + left +
           " (after " + std::to_string(taken_) + " steps taken as written)";
  }

  bool diverged() const override { return !why_.empty(); }
  std::string divergence() const override { return why_; }

 private:
  void take_steps(const std::vector<RawEvent>& events) {
    for (; looked_at_ < events.size(); ++looked_at_) {
      const RawEvent& e = events[looked_at_];
      if (e.kind != EventKind::point || !why_.empty()) continue;
      for (auto it = pending_.begin(); it != pending_.end(); ++it) {
        const PlayStep& step = steps_[*it];
        if (step.actor != e.actor) continue;
        if (!step_matches(step.name, e.label)) {
          why_ = "step " + std::to_string(*it + 1) + " of the schedule, " + step.text() +
                 ", cannot be taken: " + actor_name(e.actor) + "'s next step is '" + e.label + "' (" +
                 actor_name(e.actor) + "." + step_name(e.label) + ")";
        } else {
          ++taken_;
          pending_.erase(it);
        }
        break;
      }
    }
  }

  std::vector<PlayStep> steps_;
  std::deque<std::size_t> pending_;  // indices into steps_, in order
  std::size_t looked_at_ = 0;
  int taken_ = 0;
  std::string why_;
};

}  // namespace

std::unique_ptr<Strategy> make_play_strategy(const std::string& text) {
  std::string error;
  auto steps = parse_play_steps(text, &error);
  if (!steps) throw std::invalid_argument(error);
  return std::make_unique<PlayStrategy>(std::move(*steps));
}

}  // namespace racelab::detail
