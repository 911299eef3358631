// tests/examples/variant_verdicts_test.cpp: every withdraw and async_withdraw variant (and
// lost_update's sharded and queue) meets the harness verdict it declares (buggy ones fail within a fixed seed and
// budget, fixed ones never fail), and every fixed variant also keeps its invariant on plain,
// truly parallel threads.
// The PostgreSQL variants need a server: one is started on 127.0.0.1 (or RACELAB_PG_CONNINFO
// is used); without PostgreSQL installed they are skipped, saying so.
#include <gtest/gtest.h>
#include <racelab/catalogue.h>
#include <racelab/runner.h>

#include <iostream>
#include <string>
#include <vector>

#include "pg_test_server.h"

#if defined(__SANITIZE_THREAD__)
// withdraw/buggy races on purpose; run in this process, its report is not what these tests
// check (racestress checks the TSan verdicts, in child processes). Everything else stays
// reported.
extern "C" const char* __tsan_default_suppressions() { return "race:withdraw/buggy.cpp\n"; }
#endif

namespace {

std::vector<std::string> variants_under_test() {
  std::vector<std::string> names;
  for (const char* scenario : {"withdraw", "async_withdraw"}) {
    for (const racelab::Variant* v : racelab::Catalogue::instance().select(scenario)) names.push_back(v->name());
  }
  names.push_back("lost_update/sharded");
  names.push_back("lost_update/queue");
  return names;
}

std::string test_name(const std::string& variant) {
  std::string name = variant;
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  return name;
}

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

class CatalogueVariant : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    variant_ = racelab::Catalogue::instance().find(GetParam());
    ASSERT_NE(variant_, nullptr) << GetParam() << " is not registered";
    if (starts_with(variant_->variant, "pg_")) {
      const auto& server = racelab::support::PgTestServer::shared();
      if (server.status() == racelab::support::PgTestServer::Status::not_installed) GTEST_SKIP() << server.message();
      ASSERT_EQ(server.status(), racelab::support::PgTestServer::Status::ready) << server.message();
    }
  }
  bool in_database() const { return starts_with(variant_->variant, "pg_") || starts_with(variant_->variant, "sqlite_"); }

  void expect_declared_verdict(racelab::StrategyKind strategy, long long iterations) const {
    racelab::Options options;
    options.seed = 1;
    options.strategy = strategy;
    options.iterations = iterations;
    options.run_timeout_seconds = 10;
    const racelab::Report report = racelab::run(variant_->make(variant_->params), options);
    std::cout << racelab::summarize(report) << "\n";
    ASSERT_NE(report.verdict(), racelab::Verdict::deadlock) << racelab::summarize(report);
    if (variant_->expect == racelab::HarnessExpect::fail) {
      EXPECT_GT(report.failing_runs, 0) << "a buggy variant never failed: " << racelab::summarize(report);
    } else {
      EXPECT_EQ(report.failing_runs, 0) << racelab::summarize(report)
                                        << (report.first_failure ? racelab::render_step_table(report.first_failure->trace) : "");
    }
  }

  const racelab::Variant* variant_ = nullptr;
};

TEST_P(CatalogueVariant, MeetsItsDeclaredHarnessVerdict) {
  expect_declared_verdict(racelab::StrategyKind::random, in_database() ? 300 : 3000);
}

// PCT keeps running its highest-priority actor: a database variant's waiter (busy, or polling
// a row lock) must let the lock holder run all the same (racelab::wait_point).
TEST_P(CatalogueVariant, MeetsItsDeclaredHarnessVerdictUnderPct) {
  expect_declared_verdict(racelab::StrategyKind::pct, in_database() ? 200 : 3000);
}

TEST_P(CatalogueVariant, FixedVariantKeepsTheInvariantOnPlainThreads) {
  if (variant_->expect == racelab::HarnessExpect::fail) GTEST_SKIP() << "a buggy variant may or may not fail on plain threads";
  if (!variant_->plain) GTEST_SKIP() << "no plain run";
  racelab::Params params = variant_->params;
  if (variant_->scenario == "withdraw") {
    // Many small withdrawals, half of which must be refused, on real parallel threads.
    params["threads"] = 3;
    params["amount"] = 1;
    params["withdrawals"] = in_database() ? 100 : 20'000;
    params["opening"] = params["threads"] * params["withdrawals"] / 2;
  } else if (variant_->scenario == "async_withdraw") {
    // The same on the event loop, with some payments declined.
    params["customers"] = 3;
    params["amount"] = 1;
    params["withdrawals"] = 2'000;
    params["opening"] = params["customers"] * params["withdrawals"] / 2;
    params["decline_every"] = 7;
  } else {
    params["threads"] = 3;
    params["increments"] = 20'000;
  }
  const racelab::Check check = variant_->plain(params);
  EXPECT_TRUE(check.ok) << check.message;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, CatalogueVariant, ::testing::ValuesIn(variants_under_test()),
                         [](const auto& info) { return test_name(info.param); });

}  // namespace
