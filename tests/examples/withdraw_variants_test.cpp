// tests/examples/withdraw_variants_test.cpp: every withdraw variant meets the harness verdict
// it declares (buggy ones fail within a fixed seed and budget, fixed ones never fail), and
// every fixed variant also keeps the invariant on plain, truly parallel threads.
// The PostgreSQL variants need a server: one is started on 127.0.0.1 (or RACELAB_PG_CONNINFO
// is used); without PostgreSQL installed they are skipped, saying so.
#include <gtest/gtest.h>
#include <racelab/catalogue.h>
#include <racelab/runner.h>

#include <iostream>
#include <string>
#include <vector>

#include "pg_test_server.h"

namespace {

std::vector<std::string> withdraw_variants() {
  std::vector<std::string> names;
  for (const racelab::Variant* v : racelab::Catalogue::instance().select("withdraw")) names.push_back(v->variant);
  return names;
}

bool starts_with(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

class WithdrawVariant : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    variant_ = racelab::Catalogue::instance().find("withdraw/" + GetParam());
    ASSERT_NE(variant_, nullptr);
    if (starts_with(GetParam(), "pg_")) {
      const auto& server = racelab::support::PgTestServer::shared();
      if (server.status() == racelab::support::PgTestServer::Status::not_installed) GTEST_SKIP() << server.message();
      ASSERT_EQ(server.status(), racelab::support::PgTestServer::Status::ready) << server.message();
    }
  }
  bool in_database() const { return starts_with(GetParam(), "pg_") || starts_with(GetParam(), "sqlite_"); }

  const racelab::Variant* variant_ = nullptr;
};

TEST_P(WithdrawVariant, MeetsItsDeclaredHarnessVerdict) {
  racelab::Options options;
  options.seed = 1;
  options.iterations = in_database() ? 300 : 3000;
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

TEST_P(WithdrawVariant, FixedVariantKeepsTheInvariantOnPlainThreads) {
  if (variant_->expect == racelab::HarnessExpect::fail) GTEST_SKIP() << "a buggy variant may or may not fail on plain threads";
  if (!variant_->plain) GTEST_SKIP() << "no plain run";
  // Many small withdrawals, half of which must be refused, on real parallel threads.
  racelab::Params params = variant_->params;
  params["threads"] = 3;
  params["amount"] = 1;
  params["withdrawals"] = in_database() ? 100 : 20'000;
  params["opening"] = params["threads"] * params["withdrawals"] / 2;
  const racelab::Check check = variant_->plain(params);
  EXPECT_TRUE(check.ok) << check.message;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, WithdrawVariant, ::testing::ValuesIn(withdraw_variants()),
                         [](const auto& info) { return info.param; });

}  // namespace
