// racelab/runner.h: run a stress test and get a Report.
//
//   racelab::Options options;
//   options.iterations = 10'000;
//   racelab::Report report = racelab::run(test, options);
//   if (report.first_failure) std::cout << racelab::render_step_table(report.first_failure->trace);
#pragma once

#include <cstdint>

#include "racelab/options.h"
#include "racelab/report.h"
#include "racelab/test.h"

namespace racelab {

Report run(const StressTest& test, const Options& options);

// The run a batch is in the middle of, readable from a signal handler (lock-free atomics):
// what a crash report names so the crash can be replayed with that run seed.
struct RunInProgress {
  long long index = -1;  // -1: no batch is running
  std::uint64_t seed = 0;
};
RunInProgress run_in_progress() noexcept;

// A short human summary: runs, failing runs with a 95% interval, seed, replay hint.
std::string summarize(const Report& report);

}  // namespace racelab
