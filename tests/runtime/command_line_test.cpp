// racestress's command line: what parses, and the one-line errors for what does not.
#include <gtest/gtest.h>

#include "command_line.h"

namespace racestress {
namespace {

ParseResult parse(std::vector<std::string> args) { return parse_command_line(args); }

TEST(CommandLine, RunWithOptions) {
  const auto r = parse({"run", "lost_update", "--iterations", "50", "--seed", "7", "--format", "json", "--strategy",
                        "pct", "--depth", "3", "--threads", "4", "--param", "increments=9"});
  ASSERT_TRUE(r.line.has_value()) << r.error;
  EXPECT_EQ(r.line->command, Command::run);
  EXPECT_EQ(r.line->selectors, std::vector<std::string>{"lost_update"});
  EXPECT_EQ(r.line->harness.iterations, 50);
  EXPECT_EQ(r.line->harness.seed, 7U);
  EXPECT_EQ(r.line->format, "json");
  EXPECT_EQ(r.line->harness.strategy, racelab::StrategyKind::pct);
  EXPECT_EQ(r.line->harness.pct_depth, 3);
  EXPECT_EQ(r.line->param_overrides.at("threads"), 4);
  EXPECT_EQ(r.line->param_overrides.at("increments"), 9);
}

TEST(CommandLine, UsageErrorsAreOneLine) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {},
           {"frobnicate"},
           {"run"},
           {"run", "x", "--iterations", "0"},
           {"run", "x", "--iterations"},
           {"run", "x", "--format", "xml"},
           {"run", "x", "--strategy", "replay"},
           {"run", "x", "--seed", "-1"},
           {"run", "x", "--threads", "many"},
           {"run", "x", "-q", "1"},
           {"replay", "x"},
           {"replay", "x", "--schedule", "A?"},
           {"list", "extra"},
       }) {
    const auto r = parse(args);
    EXPECT_FALSE(r.line.has_value()) << "accepted: " << (args.empty() ? "" : args[0]);
    EXPECT_FALSE(r.error.empty());
    EXPECT_EQ(r.error.find('\n'), std::string::npos) << r.error;
  }
}

TEST(CommandLine, ChildArgumentsCarryTheHarnessOptions) {
  auto r = parse({"run", "lost_update", "--iterations", "12", "--seed", "99", "--mode", "free", "--threads", "3"});
  ASSERT_TRUE(r.line.has_value());
  const auto args = child_arguments(*r.line, "lost_update/buggy", 1.5);
  auto back = parse(args);
  ASSERT_TRUE(back.line.has_value()) << back.error;
  EXPECT_EQ(back.line->command, Command::child);
  EXPECT_EQ(back.line->selectors, std::vector<std::string>{"lost_update/buggy"});
  EXPECT_EQ(back.line->harness.iterations, 12);
  EXPECT_EQ(back.line->harness.seed, 99U);
  EXPECT_EQ(back.line->harness.mode, racelab::Mode::free);
  EXPECT_EQ(back.line->harness.time_budget_seconds, 1.5);
  EXPECT_EQ(back.line->param_overrides.at("threads"), 3);
}

TEST(CommandLine, EffectiveParamsTakeOnlyDeclaredOverrides) {
  racelab::Variant v;
  v.params = {{"threads", 2}, {"increments", 3}};
  const auto p = effective_params(v, {{"threads", 5}, {"accounts", 9}});
  EXPECT_EQ(p.at("threads"), 5);
  EXPECT_EQ(p.at("increments"), 3);
  EXPECT_EQ(p.count("accounts"), 0U);
}

}  // namespace
}  // namespace racestress
