// The harness options a person can set, defined once: each option's flag (racestress run and
// replay), its RACELAB_* environment variable where it has one (options_from_environment, for
// stress tests inside GoogleTest), its help text and its check. Internal and header-only, as
// CLI11 is: racelab reads the environment with it, racestress its command line.
#pragma once

#include <CLI/CLI.hpp>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <initializer_list>
#include <string>

#include "racelab/options.h"
#include "racelab/report.h"

namespace racelab::detail {

enum class OptionSource { command_line, environment };

// Checks whose messages read as one line after CLI11's "--flag: " prefix.
inline CLI::Validator integer_at_least(long long low, long long high, const std::string& wanted) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        errno = 0;
        char* end = nullptr;
        const long long n = std::strtoll(text.c_str(), &end, 0);
        const bool ok = !text.empty() && errno == 0 && *end == 0 && n >= low && n <= high;
        return ok ? "" : "needs " + wanted + ", got '" + text + "'";
      },
      "");
}

inline CLI::Validator positive_integer() { return integer_at_least(1, LLONG_MAX, "a positive integer"); }

inline CLI::Validator seed_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        errno = 0;
        char* end = nullptr;
        std::strtoull(text.c_str(), &end, 0);
        const bool ok = !text.empty() && text[0] != '-' && errno == 0 && *end == 0;
        return ok ? "" : "needs a non-negative integer, got '" + text + "'";
      },
      "");
}

inline CLI::Validator real_in(double low, double high, bool low_included, const std::string& wanted) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        const bool ok = !text.empty() && *end == 0 && (low_included ? v >= low : v > low) && v <= high;
        return ok ? "" : "needs " + wanted + ", got '" + text + "'";
      },
      "");
}

inline CLI::Validator one_of(std::initializer_list<const char*> names) {
  std::vector<std::string> allowed(names.begin(), names.end());
  return CLI::Validator(
      [allowed](std::string& text) -> std::string {
        std::string list;
        for (std::size_t i = 0; i < allowed.size(); ++i) {
          if (allowed[i] == text) return "";
          list += (i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ") + allowed[i];
        }
        return "must be " + list + ", got '" + text + "'";
      },
      "");
}

inline CLI::Validator schedule_string() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        return decode_schedule(text) ? "" : "'" + text + "' is not a schedule string (e.g. AB2A)";
      },
      "");
}

// Adds every harness option to `app`, bound to `o`. From the environment, the options that
// have a variable are read from it (RACELAB_SEED, ...); on the command line none are.
inline void add_harness_options(CLI::App& app, Options& o, OptionSource source) {
  auto env = [source](CLI::Option* option, const char* variable) {
    if (source == OptionSource::environment) option->envname(variable);
    return option;
  };
  const double unbounded = 1e300;
  env(app.add_option("-n,--iterations", o.iterations, "runs per variant (default 1000; exhaustive: interleavings at most)")
          ->check(positive_integer()),
      "RACELAB_ITERATIONS");
  env(app.add_option("--seed", o.seed, "base seed (default 1); in replay, the run seed")->check(seed_number()),
      "RACELAB_SEED");
  env(app.add_option_function<std::string>(
             "--mode", [&o](const std::string& v) { o.mode = *parse_mode(v); }, "controlled|free")
          ->check(one_of({"controlled", "free"})),
      "RACELAB_MODE");
  env(app.add_option_function<std::string>(
             "--strategy", [&o](const std::string& v) { o.strategy = *parse_strategy(v); },
             "random|pct|exhaustive")
          ->check(one_of({"random", "pct", "exhaustive"})),
      "RACELAB_STRATEGY");
  app.add_option("--depth", o.pct_depth, "PCT depth (default 2)")
      ->check(integer_at_least(1, 16, "an integer from 1 to 16"));
  app.add_option("--pct-steps", o.pct_steps, "PCT's k (default: measured)")->check(positive_integer());
  app.add_option("--yield-probability", o.free_yield_probability,
                 "free mode: chance of a yield or spin at each point (default 0.25)")
      ->check(real_in(0, 1, true, "a number from 0 to 1"));
  env(app.add_option("--time-budget", o.time_budget_seconds,
                     "stop starting runs after SEC seconds in all, shared by the variants")
          ->check(real_in(0, unbounded, false, "a positive number of seconds, at most 1e300")),
      "RACELAB_TIME_BUDGET");
  app.add_option("--run-timeout", o.run_timeout_seconds, "watchdog per run (default 5): longer is a deadlock")
      ->check(real_in(0, unbounded, false, "a positive number of seconds, at most 1e300"));
  app.add_flag("--sync-steps", o.record_sync,
               "step tables also show locks acquired, waited for and released, condition waits, notifies and "
               "wake-ups, co_await suspends and resumes");
  app.add_flag("--outcomes", o.collect_outcomes,
               "count the final state of every run (variants that describe their state) and print the histogram");
  app.add_flag("--stop-at-first-failure", o.stop_at_first_failure, "stop a variant at its first failing run");
  app.add_flag_callback("--no-self-replay", [&o] { o.self_replay = false; },
                        "do not replay the first failure to check that it reproduces");
  env(app.add_option("--schedule", o.schedule, "replay this one interleaving exactly (e.g. AB2A)")
          ->check(schedule_string()),
      "RACELAB_SCHEDULE");
}

}  // namespace racelab::detail
