// tests/examples/memory_order_test.cpp: the publication scenario's lesson, held on real cores.
// The controlled harness is sequentially consistent, so families_verdicts_test can only check
// that every publication variant passes there. Here the store-buffering variants run in free
// mode, on real parallel threads: with release/acquire both threads must sometimes read 0
// (x86 buffers stores, and this test skips where that is not known to show), and with seq_cst
// or a mutex never. Label stress: it needs two cores and takes seconds.
#include <gtest/gtest.h>
#include <racelab/catalogue.h>
#include <racelab/runner.h>

#include <sched.h>

#include <stdexcept>
#include <string>

namespace {

racelab::Report run_free(const std::string& name, long long iterations, bool stop_at_first_failure) {
  const racelab::Variant* v = racelab::Catalogue::instance().find(name);
  if (v == nullptr) throw std::runtime_error(name + " is not registered");
  racelab::Options options;
  options.mode = racelab::Mode::free;
  options.seed = 1;
  options.iterations = iterations;
  options.time_budget_seconds = 120;
  options.stop_at_first_failure = stop_at_first_failure;
  options.self_replay = false;
  options.collect_outcomes = true;
  return racelab::run(v->make(v->params), options);
}

int cpus_available() {
  cpu_set_t set;
  CPU_ZERO(&set);
  return sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
}

// Why these tests cannot hold anything on this build or machine; empty when they can.
std::string why_store_buffering_cannot_show() {
#if defined(__SANITIZE_THREAD__)
  // TSan runs each atomic operation through its runtime, whose bookkeeping fences: in the tsan
  // build no run read 0 and 0 in two minutes of free runs (measured), so nothing to hold here.
  return "under ThreadSanitizer the instrumented atomics hide store buffering";
#elif !defined(__x86_64__)
  return "store buffering is known to show on x86-64; this machine is another architecture";
#else
  if (cpus_available() < 2) return "one CPU: the two threads never run at the same time";
  return "";
#endif
}

std::string outcomes(const racelab::Report& report) {
  std::string out;
  for (const auto& [state, runs] : report.outcomes) out += "  " + state + ": " + std::to_string(runs) + "\n";
  return out;
}

TEST(StoreBuffering, ReleaseAcquireReadsZeroAndZeroOnRealCores) {
  if (const std::string why = why_store_buffering_cannot_show(); !why.empty()) GTEST_SKIP() << why;
  const racelab::Report report = run_free("publication/store_buffering", 200'000, true);
  EXPECT_GT(report.failing_runs, 0) << "no run read r1 = 0, r2 = 0 in " << report.runs << " free runs:\n"
                                    << outcomes(report);
}

TEST(StoreBuffering, SeqCstNeverReadsZeroAndZero) {
  if (const std::string why = why_store_buffering_cannot_show(); !why.empty()) GTEST_SKIP() << why;
  const racelab::Report report = run_free("publication/seq_cst", 10'000, false);
  EXPECT_EQ(report.failing_runs, 0) << outcomes(report);
}

TEST(StoreBuffering, MutexNeverReadsZeroAndZero) {
  if (const std::string why = why_store_buffering_cannot_show(); !why.empty()) GTEST_SKIP() << why;
  const racelab::Report report = run_free("publication/mutex", 10'000, false);
  EXPECT_EQ(report.failing_runs, 0) << outcomes(report);
}

TEST(MessagePassing, ReleaseAcquireAlwaysDeliversThePayloadOnRealCores) {
  const racelab::Report report = run_free("publication/release_acquire", 10'000, false);
  EXPECT_EQ(report.failing_runs, 0) << outcomes(report);
}

}  // namespace
