// harness_bench: how fast the harness finds each buggy variant, and what it costs.
// A plain program (ratios measured in one run; no timing is asserted anywhere):
//   harness_bench                      every variant declared to fail
//   harness_bench lost_update/buggy    some of them
//   harness_bench --seeds 100 --budget 1.0
// For each buggy variant and each engine (free, controlled-random, controlled-pct): runs/s,
// failing runs/s, and the median over seeds of runs and seconds to the first failure. Then, for
// every variant: the harness with perturbation off (free mode, no yields) against a bare loop
// doing the same work on one thread, and controlled mode against the same loop.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "racelab/catalogue.h"
#include "racelab/runner.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Engine {
  const char* name;
  racelab::Options options;
};

std::vector<Engine> engines() {
  racelab::Options free_mode;
  free_mode.mode = racelab::Mode::free;
  racelab::Options random;
  racelab::Options pct;
  pct.strategy = racelab::StrategyKind::pct;
  return {{"free", free_mode}, {"controlled-random", random}, {"controlled-pct", pct}};
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void throughput_and_first_failure(const racelab::Variant& v, int seeds, double budget) {
  const racelab::StressTest test = v.make(v.params);
  for (Engine e : engines()) {
    racelab::Options o = e.options;
    o.iterations = 1000000000LL;
    o.time_budget_seconds = budget;
    o.self_replay = false;
    const racelab::Report batch = racelab::run(test, o);
    std::vector<double> runs_to_first, seconds_to_first;
    int never = 0;
    for (int s = 0; s < seeds; ++s) {
      racelab::Options f = e.options;
      f.seed = static_cast<std::uint64_t>(s) + 1;
      f.iterations = 1000000;
      f.time_budget_seconds = budget;
      f.stop_at_first_failure = true;
      f.self_replay = false;
      const racelab::Report r = racelab::run(test, f);
      if (r.first_failure) {
        runs_to_first.push_back(static_cast<double>(r.first_failure->run_index + 1));
        seconds_to_first.push_back(r.seconds_to_first_failure);
      } else {
        ++never;
      }
    }
    const double rate = batch.seconds > 0 ? static_cast<double>(batch.runs) / batch.seconds : 0;
    std::printf("  %-18s %10.0f runs/s %10.0f failing/s %7.2f%% failing   first failure: median %6.0f runs, %8.5f s",
                e.name, rate, rate * batch.failure_rate(), 100 * batch.failure_rate(), median(runs_to_first),
                median(seconds_to_first));
    if (never > 0) std::printf("   (%d of %d seeds never failed within %.1f s)", never, seeds, budget);
    std::printf("\n");
  }
}

// `params` are the variant's defaults with `scale` applied to those it declares. The bare loop
// makes at most `runs` runs and stops after kOverheadSeconds (a database variant makes a few
// hundred runs a second); the harness then makes as many.
constexpr double kOverheadSeconds = 2.0;

// Set when a bare run never finished: its thread stays blocked, so main leaves with _Exit.
bool bare_run_stuck = false;

void bare_run(const racelab::StressTest& test) {
  test.run_setup();
  for (int a = 0; a < test.actor_count(); ++a) test.run_actor(a);
  (void)test.run_invariant();
  test.run_teardown();
}

// Whether the actors can run one after another on one thread: not when one waits for another
// (withdraw/actor's customers wait for the owner's reply). Tried once, on a thread of its own;
// a run that does not end is left blocked, on a copy of the test that is never destroyed.
bool runs_one_after_another(const racelab::StressTest& test) {
  auto* copy = new racelab::StressTest(test);
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> finished = done->get_future();
  std::thread([copy, done] {
    bare_run(*copy);
    done->set_value();
  }).detach();
  if (finished.wait_for(std::chrono::seconds(2)) == std::future_status::ready) {
    delete copy;
    return true;
  }
  bare_run_stuck = true;
  return false;
}

void overhead(const racelab::Variant& v, long long runs, const racelab::Params& scale) {
  racelab::Params params = v.params;
  for (const auto& [k, value] : scale) {
    if (params.count(k) != 0) params[k] = value;
  }
  const racelab::StressTest test = v.make(params);
  std::string shown;
  for (const auto& [k, value] : params) shown += (shown.empty() ? "" : ",") + k + "=" + std::to_string(value);
  if (!runs_one_after_another(test)) {
    std::printf("  %-34s %-24s no bare loop: its actors wait for each other, so they cannot run one after another\n",
                v.name().c_str(), shown.c_str());
    return;
  }
  const auto start = Clock::now();
  double bare = 0;
  long long made = 0;
  while (made < runs && bare < kOverheadSeconds) {
    bare_run(test);
    ++made;
    bare = std::chrono::duration<double>(Clock::now() - start).count();
  }
  runs = made;
  racelab::Options quiet;
  quiet.mode = racelab::Mode::free;
  quiet.free_yield_probability = 0;
  quiet.iterations = runs;
  quiet.self_replay = false;
  const racelab::Report free_run = racelab::run(test, quiet);
  racelab::Options controlled;
  controlled.iterations = runs;
  controlled.self_replay = false;
  const racelab::Report controlled_run = racelab::run(test, controlled);
  std::printf("  %-34s %-24s %6lld runs: bare loop %9.0f runs/s | harness, perturbation off: %8.0f runs/s (%5.1fx) | controlled: %8.0f runs/s (%5.1fx)\n",
              v.name().c_str(), shown.c_str(), runs, runs / bare, runs / free_run.seconds, free_run.seconds / bare,
              runs / controlled_run.seconds, controlled_run.seconds / bare);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // a line as soon as it is measured
  int seeds = 100;
  double budget = 1.0;
  long long overhead_runs = 20000;
  std::vector<std::string> selectors;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--seeds" && i + 1 < argc) {
      seeds = std::atoi(argv[++i]);
    } else if (a == "--budget" && i + 1 < argc) {
      budget = std::atof(argv[++i]);
    } else if (a == "--overhead-runs" && i + 1 < argc) {
      overhead_runs = std::atoll(argv[++i]);
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "harness_bench: unknown option %s\n", a.c_str());
      return 2;
    } else {
      selectors.push_back(a);
    }
  }
  std::vector<const racelab::Variant*> variants;
  for (const racelab::Variant* v : racelab::Catalogue::instance().all()) {
    bool chosen = selectors.empty();
    for (const auto& s : selectors) chosen = chosen || v->scenario == s || v->name() == s;
    if (!chosen) continue;
    const std::string unavailable = v->unavailable ? v->unavailable() : "";
    if (!unavailable.empty()) {
      std::printf("%s: skipped: %s\n", v->name().c_str(), unavailable.c_str());
      continue;
    }
    // Made before any clock starts (the PostgreSQL variants' server takes seconds to start).
    if (v->environment) {
      for (const auto& [name, value] : v->environment()) ::setenv(name.c_str(), value.c_str(), 1);
    }
    variants.push_back(v);
  }
  if (variants.empty()) {
    std::fprintf(stderr, "harness_bench: no variant selected\n");
    return 2;
  }
  std::printf("Finding the bug (%d seeds, budget %.1f s per batch; buggy variants only)\n", seeds, budget);
  for (const racelab::Variant* v : variants) {
    if (v->expect != racelab::HarnessExpect::fail) continue;
    std::printf("%s\n", v->name().c_str());
    throughput_and_first_failure(*v, seeds, budget);
  }
  std::printf("\nOverhead per run: small runs (up to %lld each, at most %.0f s of bare loop; ratio = time / bare loop time on one thread)\n",
              overhead_runs, kOverheadSeconds);
  for (const racelab::Variant* v : variants) overhead(*v, overhead_runs, {});
  std::printf("\nOverhead per point: long runs (increments=10000, %lld runs each)\n", overhead_runs / 100);
  for (const racelab::Variant* v : variants) {
    if (v->params.count("increments") != 0) overhead(*v, std::max(1LL, overhead_runs / 100), {{"increments", 10000}});
  }
  if (bare_run_stuck) std::_Exit(0);  // static destructors would wait on the blocked run's state
  return 0;
}
