// racelab/runner.h: run a stress test and get a Report.
//
//   racelab::Options options;
//   options.iterations = 10'000;
//   racelab::Report report = racelab::run(test, options);
//   if (report.first_failure) std::cout << racelab::render_step_table(report.first_failure->trace);
#pragma once

#include "racelab/options.h"
#include "racelab/report.h"
#include "racelab/test.h"

namespace racelab {

Report run(const StressTest& test, const Options& options);

// A short human summary: runs, failing runs with a 95% interval, seed, replay hint.
std::string summarize(const Report& report);

}  // namespace racelab
