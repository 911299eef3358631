// The batch runner: makes the pool and the engine, runs the test run after run, keeps the
// counts and the first failure, and replays that failure right away.
#include "racelab/runner.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "actor_pool.h"
#include "controlled_scheduler.h"
#include "free_engine.h"
#include "strategy.h"

namespace racelab {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kFreeReplays = 20;

std::atomic<long long> progress_index{-1};
std::atomic<std::uint64_t> progress_seed{0};

void mark_progress(long long index, std::uint64_t seed) {
  progress_seed.store(seed, std::memory_order_relaxed);
  progress_index.store(index, std::memory_order_release);
}

struct Outcome {
  detail::RunEnd end;
  Check check;
  bool failed() const { return end.kind != detail::RunEnd::completed || !check.ok; }
  std::string message() const { return end.kind != detail::RunEnd::completed ? end.message : check.message; }
};

std::string actor_errors(detail::ActorPool& pool) {
  std::string out;
  for (int i = 0; i < pool.size(); ++i) {
    if (!pool.context(i).error.empty()) {
      out += (out.empty() ? "" : "; ") + actor_name(i) + " threw: " + pool.context(i).error;
    }
  }
  return out;
}

// `final_state`, when given: the test's state description once the actors are done (the
// outcome histogram), "(deadlock)" for a run that did not complete.
Outcome finish(const StressTest& test, detail::ActorPool& pool, detail::RunEnd end,
               std::string* final_state = nullptr) {
  Outcome o;
  o.end = std::move(end);
  if (o.end.kind == detail::RunEnd::completed) {
    const std::string errors = actor_errors(pool);
    o.check = errors.empty() ? test.run_invariant() : Check::broken(errors);
    if (final_state != nullptr) *final_state = errors.empty() ? test.describe_state() : "(an actor threw)";
  } else if (final_state != nullptr) {
    *final_state = "(deadlock)";
  }
  if (o.end.kind != detail::RunEnd::hang) test.run_teardown();
  return o;
}

std::unique_ptr<detail::Strategy> make_strategy(const Options& options, int pct_steps) {
  switch (options.strategy) {
    case StrategyKind::random: return detail::make_random_strategy();
    case StrategyKind::pct: return detail::make_pct_strategy(options.pct_depth, pct_steps);
    case StrategyKind::exhaustive: return detail::make_exhaustive_strategy();
    case StrategyKind::replay: {
      auto choices = decode_schedule(options.schedule);
      if (!choices) throw std::invalid_argument("bad schedule string '" + options.schedule + "'");
      return detail::make_replay_strategy(std::move(*choices));
    }
    case StrategyKind::play: return detail::make_play_strategy(options.schedule);
  }
  throw std::invalid_argument("unknown strategy");
}

class Batch {
 public:
  // The batch runs its own heap copy of the test: if a run wedges, an actor may still be
  // inside it long after the caller's object is gone, so the copy is then leaked.
  Batch(const StressTest& test, const Options& options)
      : owned_test_(std::make_shared<StressTest>(test)), test_(*owned_test_), options_(options) {
    report_.options = options;
    report_.actors = test.actor_count();
  }

  Report run() {
    const int n = test_.actor_count();
    if (n < 1 || n > detail::kMaxActors) {
      throw std::invalid_argument("a stress test needs 1 to " + std::to_string(detail::kMaxActors) +
                                  " actors, this one has " + std::to_string(n));
    }
    pool_ = std::make_unique<detail::ActorPool>(n, test_);
    start_ = Clock::now();
    if (options_.mode == Mode::controlled) {
      run_controlled();
    } else {
      run_free();
    }
    report_.seconds = seconds_since(start_);
    if (report_.wedged) {
      if (controlled_) controlled_->abandon();
      new std::shared_ptr<StressTest>(owned_test_);  // leaked on purpose, see the constructor
      (void)pool_.release();  // parked threads still use it; see ActorPool::abandon
      (void)controlled_.release();
      (void)free_.release();
    }
    return report_;
  }

 private:
  static double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  }

  bool out_of_budget(long long index) const {
    if (options_.exact_run_seed && index > 0) return true;
    if (index >= options_.iterations) return true;
    return options_.time_budget_seconds > 0 && seconds_since(start_) >= options_.time_budget_seconds;
  }

  std::uint64_t seed_of(long long index) const {
    return options_.exact_run_seed ? *options_.exact_run_seed : run_seed(options_.seed, index);
  }

  void count_steps(long long steps) {
    if (report_.runs == 0 || steps < report_.steps_min) report_.steps_min = steps;
    if (steps > report_.steps_max) report_.steps_max = steps;
    report_.steps_mean += (static_cast<double>(steps) - report_.steps_mean) / static_cast<double>(report_.runs + 1);
  }

  void run_controlled() {
    controlled_ = std::make_unique<detail::ControlledScheduler>(*pool_);
    controlled_->record_state(options_.record_state);
    controlled_->record_sync(options_.record_sync);
    int pct_steps = options_.pct_steps;
    if (options_.strategy == StrategyKind::pct) {
      if (pct_steps <= 0) {
        // PCT needs k, the number of steps of a run: measure one run that never preempts.
        auto probe = detail::make_first_runnable_strategy();
        const detail::RunEnd end = controlled_->run(test_, *probe, 0, options_.run_timeout_seconds);
        if (end.kind == detail::RunEnd::hang) {
          report_.wedged = true;
          pool_->abandon();
          return;
        }
        finish(test_, *pool_, end);
        pct_steps = static_cast<int>(std::max<long long>(1, controlled_->steps()));
      }
      report_.pct_steps = pct_steps;
      report_.pct_bound = 1.0 / (report_.actors * std::pow(static_cast<double>(pct_steps), options_.pct_depth - 1));
      char note[160];
      std::snprintf(note, sizeof note, "pct depth %d, k=%d steps: a depth-%d bug is found in a run with p >= %.3g",
                    options_.pct_depth, pct_steps, options_.pct_depth, report_.pct_bound);
      report_.strategy_note = note;
    }
    auto strategy = make_strategy(options_, pct_steps);
    for (long long i = 0; !out_of_budget(i); ++i) {
      const std::uint64_t seed = seed_of(i);
      mark_progress(i, seed);
      detail::RunEnd end = controlled_->run(test_, *strategy, seed, options_.run_timeout_seconds);
      const long long steps = controlled_->steps();
      strategy->end_events(controlled_->events());
      if (options_.collect_point_labels) collect_labels(controlled_->events());
      if (i == 0 && (options_.iterations == 1 || options_.exact_run_seed)) {
        report_.single_run_trace = detail::make_trace(report_.actors, controlled_->events());
      }
      std::string final_state;
      Outcome outcome = finish(test_, *pool_, std::move(end), options_.collect_outcomes ? &final_state : nullptr);
      if (options_.collect_outcomes) ++report_.outcomes[final_state];
      count_steps(steps);
      ++report_.runs;
      if ((options_.strategy == StrategyKind::replay || options_.strategy == StrategyKind::play) &&
          strategy->diverged() && !report_.diverged) {
        report_.diverged = true;
        report_.divergence = strategy->divergence();
        report_.strategy_note = options_.strategy == StrategyKind::replay
                                    ? "the replay diverged: the test took a path the schedule does not describe"
                                    : "the run did not follow the steps as written";
      }
      const AfterRun after = tally(outcome, [&] { record_controlled_failure(i, seed, outcome); });
      if (after == AfterRun::abandon) return;
      if (after == AfterRun::stop) break;
      if (options_.strategy == StrategyKind::exhaustive && !strategy->end_run()) {
        report_.search_complete = true;
        break;
      }
    }
    if (options_.strategy == StrategyKind::exhaustive) {
      report_.strategy_note = std::string("exhaustive: explored ") + std::to_string(report_.runs) +
                              " interleavings, " + (report_.search_complete ? "all of them" : "not all (out of budget)");
    }
  }

  void collect_labels(const std::vector<detail::RawEvent>& events) {
    for (const detail::RawEvent& e : events) {
      if (e.kind != EventKind::point || e.actor < 0) continue;
      if (report_.point_labels.size() <= static_cast<std::size_t>(e.actor)) {
        report_.point_labels.resize(static_cast<std::size_t>(e.actor) + 1);
      }
      report_.point_labels[static_cast<std::size_t>(e.actor)].insert(e.label);
    }
  }

  enum class AfterRun { next, stop, abandon };

  // Counts a finished run's failure (record() keeps the first) and says whether the batch goes
  // on: a hung run abandons the actors, and --stop-at-first-failure stops at a failing one.
  template <class Record>
  AfterRun tally(const Outcome& outcome, Record record) {
    if (outcome.failed()) {
      ++report_.failing_runs;
      if (!report_.first_failure) record();
      if (report_.wedged) return AfterRun::abandon;
    }
    if (outcome.end.kind == detail::RunEnd::hang) {
      report_.wedged = true;
      pool_->abandon();
      return AfterRun::abandon;
    }
    return outcome.failed() && options_.stop_at_first_failure ? AfterRun::stop : AfterRun::next;
  }

  void record_controlled_failure(long long index, std::uint64_t seed, const Outcome& outcome) {
    Failure f;
    f.run_index = index;
    f.run_seed = seed;
    f.schedule = encode_schedule(controlled_->choices());
    f.message = outcome.message();
    f.deadlock = outcome.end.kind != detail::RunEnd::completed;
    f.trace = detail::make_trace(report_.actors, controlled_->events());
    report_.seconds_to_first_failure = seconds_since(start_);
    if (options_.self_replay && outcome.end.kind != detail::RunEnd::hang) {
      auto replay = detail::make_replay_strategy(controlled_->choices());
      detail::RunEnd end = controlled_->run(test_, *replay, seed, options_.run_timeout_seconds);
      const bool hung = end.kind == detail::RunEnd::hang;
      Outcome again = finish(test_, *pool_, std::move(end));
      const Trace trace = detail::make_trace(report_.actors, controlled_->events());
      f.replays = 1;
      f.reproductions = (again.failed() && !replay->diverged() && trace.same_interleaving(f.trace)) ? 1 : 0;
      if (hung) {
        report_.wedged = true;
        pool_->abandon();
      }
    }
    report_.first_failure = std::move(f);
  }

  void run_free() {
    free_ = std::make_unique<detail::FreeEngine>(*pool_, options_.free_yield_probability);
    report_.strategy_note = "free mode: real parallel threads; a seed reproduces a failure only by chance";
    for (long long i = 0; !out_of_budget(i); ++i) {
      const std::uint64_t seed = seed_of(i);
      mark_progress(i, seed);
      std::string final_state;
      Outcome outcome = finish(test_, *pool_, free_->run(test_, seed, options_.run_timeout_seconds),
                               options_.collect_outcomes ? &final_state : nullptr);
      if (options_.collect_outcomes) ++report_.outcomes[final_state];
      ++report_.runs;
      const AfterRun after = tally(outcome, [&] { record_free_failure(i, seed, outcome); });
      if (after == AfterRun::abandon) return;
      if (after == AfterRun::stop) break;
    }
  }

  void record_free_failure(long long index, std::uint64_t seed, const Outcome& outcome) {
    Failure f;
    f.run_index = index;
    f.run_seed = seed;
    f.message = outcome.message();
    f.deadlock = outcome.end.kind != detail::RunEnd::completed;
    f.trace = detail::make_trace(report_.actors, free_->events());
    report_.seconds_to_first_failure = seconds_since(start_);
    if (options_.self_replay && outcome.end.kind == detail::RunEnd::completed) {
      for (int r = 0; r < kFreeReplays; ++r) {
        Outcome again = finish(test_, *pool_, free_->run(test_, seed, options_.run_timeout_seconds));
        ++f.replays;
        if (again.failed()) ++f.reproductions;
        if (again.end.kind == detail::RunEnd::hang) {
          report_.wedged = true;
          pool_->abandon();
          break;
        }
      }
    }
    report_.first_failure = std::move(f);
  }

  std::shared_ptr<StressTest> owned_test_;
  const StressTest& test_;
  Options options_;
  Report report_;
  Clock::time_point start_;
  std::unique_ptr<detail::ActorPool> pool_;
  std::unique_ptr<detail::ControlledScheduler> controlled_;
  std::unique_ptr<detail::FreeEngine> free_;
};

}  // namespace

Report run(const StressTest& test, const Options& options) {
  Report report = Batch(test, options).run();
  progress_index.store(-1, std::memory_order_release);
  return report;
}

RunInProgress run_in_progress() noexcept {
  RunInProgress p;
  p.index = progress_index.load(std::memory_order_acquire);
  p.seed = progress_seed.load(std::memory_order_relaxed);
  return p;
}

}  // namespace racelab
