// A strategy decides who runs next in controlled mode. The scheduler asks it only at real
// decisions (two or more runnable actors); `step` counts every scheduling point so far.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "racelab/options.h"

namespace racelab::detail {

struct RawEvent;

using ActorMask = std::uint64_t;  // bit i set: actor i may run
constexpr int kMaxActors = 52;    // schedule strings name actors A-Z, a-z

struct Decision {
  ActorMask enabled = 0;
  int current = -1;  // the actor that reached the point, or -1 (start, or it is blocked/finished)
  long long step = 0;
  // What the run recorded so far (points, waits), for strategies that follow named steps.
  const std::vector<RawEvent>* events = nullptr;
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual void begin_run(std::uint64_t run_seed) = 0;
  virtual int pick(const Decision& decision) = 0;
  // After a run: false when there is nothing left to explore (exhaustive only).
  virtual bool end_run() { return true; }
  // True when a replay was asked to make a choice its schedule cannot make.
  virtual bool diverged() const { return false; }
  // After a run that diverged: where and why, in one line ("" when nothing to say).
  virtual std::string divergence() const { return ""; }
  // After a run: a strategy that follows named steps checks the events the run ended with.
  virtual void end_events(const std::vector<RawEvent>&) {}
};

int lowest_actor(ActorMask mask);
int count_actors(ActorMask mask);
int nth_actor(ActorMask mask, int n);  // the n-th set bit, from 0

std::unique_ptr<Strategy> make_random_strategy();
std::unique_ptr<Strategy> make_pct_strategy(int depth, int steps);
std::unique_ptr<Strategy> make_exhaustive_strategy();
std::unique_ptr<Strategy> make_replay_strategy(std::vector<int> choices);
// Follows a learner's named steps ("A.read B.read A.write"): racelab/play.h.
std::unique_ptr<Strategy> make_play_strategy(const std::string& steps);
// Always the lowest runnable actor: used to measure a test's length for PCT.
std::unique_ptr<Strategy> make_first_runnable_strategy();

}  // namespace racelab::detail
