// PctStrategy: probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi,
// Nagarakatte, ASPLOS 2010). Actors get random distinct priorities d..d+n-1; d-1 change
// points are drawn from steps 1..k; at the i-th change point the running actor's priority
// drops to i. The highest-priority runnable actor always runs. A bug of depth d is then found
// in one run with probability at least 1/(n*k^(d-1)).
//
// The scheduler consults strategies only at real decisions, so a change point that falls on
// a step with a single runnable actor takes effect at the next real decision, on the actor
// that is running then.
#include <algorithm>
#include <numeric>

#include "rng.h"
#include "strategy.h"

namespace racelab::detail {
namespace {

class PctStrategy final : public Strategy {
 public:
  PctStrategy(int depth, int steps) : depth_(std::max(depth, 1)), steps_(std::max(steps, 1)) {}

  void begin_run(std::uint64_t run_seed) override {
    Rng rng(run_seed);
    // Event-loop tasks are scheduled like actors and may outnumber the threads, so every
    // possible actor id gets a distinct random priority.
    priority_.resize(kMaxActors);
    std::iota(priority_.begin(), priority_.end(), depth_);
    for (int i = kMaxActors - 1; i > 0; --i) {
      std::swap(priority_[static_cast<std::size_t>(i)],
                priority_[static_cast<std::size_t>(rng.below(static_cast<std::uint64_t>(i) + 1))]);
    }
    change_points_.clear();
    while (static_cast<int>(change_points_.size()) < std::min(depth_ - 1, steps_)) {
      const long long step = 1 + static_cast<long long>(rng.below(static_cast<std::uint64_t>(steps_)));
      if (std::find(change_points_.begin(), change_points_.end(), step) == change_points_.end()) {
        change_points_.push_back(step);
      }
    }
    std::sort(change_points_.begin(), change_points_.end());
    next_change_ = 0;
  }

  int pick(const Decision& d) override {
    while (next_change_ < change_points_.size() && change_points_[next_change_] <= d.step) {
      if (d.current >= 0) priority_[static_cast<std::size_t>(d.current)] = static_cast<int>(next_change_) + 1;
      ++next_change_;
    }
    int best = -1;
    for (ActorMask m = d.enabled; m != 0; m &= m - 1) {
      const int a = lowest_actor(m);
      if (best < 0 || priority_[static_cast<std::size_t>(a)] > priority_[static_cast<std::size_t>(best)]) best = a;
    }
    return best;
  }

 private:
  int depth_;
  int steps_;
  std::vector<int> priority_;
  std::vector<long long> change_points_;
  std::size_t next_change_ = 0;
};

}  // namespace

std::unique_ptr<Strategy> make_pct_strategy(int depth, int steps) {
  return std::make_unique<PctStrategy>(depth, steps);
}

}  // namespace racelab::detail
