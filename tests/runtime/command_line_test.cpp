// racestress's command line: what parses, and the one-line errors for what does not.
#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

#include "command_line.h"
#include "racelab/options.h"

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
  EXPECT_EQ(r.line->format, Format::json);
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
           {"run", "x", "--depth", "17"},
           {"run", "x", "--yield-probability", "1.5"},
           {"run", "x", "--time-budget", "-3"},
           {"run", "x", "--param", "threads"},
           {"run", "x", "--threads=many"},
           {"replay", "x", "--seed", "1", "--format", "json"},
           {"__child", "--request", "{\"variant\":1}"},
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
  const auto args = child_arguments(*r.line, "lost_update/buggy", 1.5, "/tmp/crash.json");
  auto back = parse(args);
  ASSERT_TRUE(back.line.has_value()) << back.error;
  EXPECT_EQ(back.line->command, Command::child);
  EXPECT_EQ(back.line->selectors, std::vector<std::string>{"lost_update/buggy"});
  EXPECT_EQ(back.line->harness.iterations, 12);
  EXPECT_EQ(back.line->harness.seed, 99U);
  EXPECT_EQ(back.line->harness.mode, racelab::Mode::free);
  EXPECT_EQ(back.line->harness.time_budget_seconds, 1.5);
  EXPECT_EQ(back.line->param_overrides.at("threads"), 3);
  EXPECT_EQ(back.line->crash_record, "/tmp/crash.json");
}

TEST(CommandLine, ParametersAsTheirOwnFlagsOrSpelledOut) {
  const auto r = parse({"replay", "withdraw/buggy", "--schedule", "BA3", "--threads=2", "--amount", "100",
                        "--param", "opening=7", "-n", "5"});
  ASSERT_TRUE(r.line.has_value()) << r.error;
  EXPECT_EQ(r.line->command, Command::replay);
  EXPECT_EQ(r.line->selectors, std::vector<std::string>{"withdraw/buggy"});
  EXPECT_EQ(r.line->harness.schedule, "BA3");
  EXPECT_EQ(r.line->harness.iterations, 5);
  EXPECT_EQ(r.line->param_overrides, (racelab::Params{{"threads", 2}, {"amount", 100}, {"opening", 7}}));
}

TEST(CommandLine, HelpIsNotAnError) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--help"}, {"help"}, {"run", "--help"}}) {
    const auto r = parse(args);
    ASSERT_TRUE(r.line.has_value()) << r.error;
    EXPECT_EQ(r.line->command, Command::help);
    EXPECT_NE(r.help.find("Usage: racestress"), std::string::npos) << r.help;
    EXPECT_NE(r.help.find("exit codes:"), std::string::npos) << r.help;
  }
  EXPECT_NE(parse({"run", "--help"}).help.find("--iterations"), std::string::npos);
  EXPECT_EQ(usage_text().find("__child"), std::string::npos) << "the child protocol is not for people";
}

// The environment overrides are the flags' table read from RACELAB_*: same names, same checks.
class Environment : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const char* name : {"RACELAB_SEED", "RACELAB_ITERATIONS", "RACELAB_STRATEGY", "RACELAB_MODE",
                             "RACELAB_SCHEDULE", "RACELAB_TIME_BUDGET"}) {
      unsetenv(name);
    }
  }
};

TEST_F(Environment, OverridesTheGivenOptions) {
  setenv("RACELAB_SEED", "42", 1);
  setenv("RACELAB_ITERATIONS", "7", 1);
  setenv("RACELAB_STRATEGY", "pct", 1);
  setenv("RACELAB_TIME_BUDGET", "2.5", 1);
  racelab::Options base;
  base.pct_depth = 3;
  const racelab::Options o = racelab::options_from_environment(base);
  EXPECT_EQ(o.seed, 42U);
  EXPECT_EQ(o.iterations, 7);
  EXPECT_EQ(o.strategy, racelab::StrategyKind::pct);
  EXPECT_EQ(o.time_budget_seconds, 2.5);
  EXPECT_EQ(o.mode, racelab::Mode::controlled);
  EXPECT_EQ(o.pct_depth, 3);
}

TEST_F(Environment, AScheduleReplaysOneRun) {
  setenv("RACELAB_SCHEDULE", "AB2A", 1);
  setenv("RACELAB_MODE", "free", 1);
  const racelab::Options o = racelab::options_from_environment({});
  EXPECT_EQ(o.strategy, racelab::StrategyKind::replay);
  EXPECT_EQ(o.mode, racelab::Mode::controlled);
  EXPECT_EQ(o.iterations, 1);
  EXPECT_EQ(o.schedule, "AB2A");
}

TEST_F(Environment, AMalformedValueIsAnErrorNamingTheVariable) {
  for (const auto& [name, value] : std::vector<std::pair<const char*, const char*>>{
           {"RACELAB_SEED", "-1"}, {"RACELAB_ITERATIONS", "0"}, {"RACELAB_STRATEGY", "replay"},
           {"RACELAB_SCHEDULE", "A?"}, {"RACELAB_TIME_BUDGET", "soon"}}) {
    setenv(name, value, 1);
    try {
      (void)racelab::options_from_environment({});
      ADD_FAILURE() << name << "=" << value << " was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
    unsetenv(name);
  }
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
