// racelab/options.h: how a stress test is run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace racelab {

enum class Mode {
  controlled,  // one actor at a time; the strategy picks who runs at each point; replays exactly
  free,        // real parallel threads, random yields at the points; replays only by chance
};

enum class StrategyKind {
  random,      // at each point, any runnable actor, uniformly, from the run's seed
  pct,         // probabilistic concurrency testing (Burckhardt et al. 2010), depth `pct_depth`
  exhaustive,  // every interleaving, depth first, until done or out of iterations
  replay,      // follow `schedule` exactly
  play,        // follow named steps in `schedule` ("A.read B.read A.write"), racelab/play.h
};

struct Options {
  Mode mode = Mode::controlled;
  StrategyKind strategy = StrategyKind::random;
  std::uint64_t seed = 1;        // base seed; run i uses run_seed(seed, i)
  long long iterations = 1000;   // runs at most (exhaustive: interleavings at most)
  double time_budget_seconds = 0;  // stop starting runs after this long; 0 = no budget
  double run_timeout_seconds = 5;  // a run longer than this is wedged: a deadlock verdict
  int pct_depth = 2;
  int pct_steps = 0;             // k of the PCT bound; 0 = measure it with one run first
  double free_yield_probability = 0.25;
  bool stop_at_first_failure = false;
  bool self_replay = true;       // replay the first failure once and say if it reproduced
  std::string schedule;          // for StrategyKind::replay (a schedule string), play (named steps)
  bool record_state = false;
  // Controlled: synchronisation steps in the trace too (a lock acquired, waited for, released;
  // a condition waited on, notified, woken; a task suspended at co_await and resumed).
  bool record_sync = false;
  // Report::outcomes: every run's final state (StressTest::state), counted: which results the
  // interleavings produced, the jcstress way.
  bool collect_outcomes = false;     // controlled: the test's state description after every event
  bool collect_point_labels = false;  // Report::point_labels: every point label each actor reached
  std::optional<std::uint64_t> exact_run_seed;  // run once, with exactly this run seed
};

// `base` with the overrides a person can set without recompiling, so a failure seen in CI
// can be replayed on a desk: RACELAB_SEED, RACELAB_ITERATIONS, RACELAB_STRATEGY
// (random|pct|exhaustive), RACELAB_MODE (controlled|free), RACELAB_SCHEDULE (replay this
// schedule string), RACELAB_TIME_BUDGET (seconds). They are racestress's flags of the same
// names (--seed, ...), checked the same way: a malformed value throws std::invalid_argument
// naming the variable. Unset or empty variables leave `base` as it is.
Options options_from_environment(Options base);

// The seed of run `index` of a batch started from `base`.
std::uint64_t run_seed(std::uint64_t base, long long index);

const char* to_string(Mode mode);
const char* to_string(StrategyKind kind);
std::optional<Mode> parse_mode(const std::string& text);
std::optional<StrategyKind> parse_strategy(const std::string& text);

}  // namespace racelab
