#include "command_line.h"

#include <cerrno>
#include <cstdlib>
#include <cstdio>

#ifndef RACELAB_DEFAULT_RACECHECK
#define RACELAB_DEFAULT_RACECHECK ""
#endif
#ifndef RACELAB_DEFAULT_BUILD_DIR
#define RACELAB_DEFAULT_BUILD_DIR "."
#endif

namespace racestress {
namespace {

bool parse_integer(const std::string& text, long long& out) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  out = std::strtoll(text.c_str(), &end, 0);
  return errno == 0 && end != nullptr && *end == 0;
}

bool parse_unsigned(const std::string& text, std::uint64_t& out) {
  if (text.empty() || text[0] == '-') return false;
  errno = 0;
  char* end = nullptr;
  out = std::strtoull(text.c_str(), &end, 0);
  return errno == 0 && end != nullptr && *end == 0;
}

bool parse_real(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end != nullptr && *end == 0;
}

std::string format_real(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

std::string usage_text() {
  return R"(usage:
  racestress list [--scenarios]             every variant (or only the scenario names)
  racestress run SELECTOR... [options]      SELECTOR: a scenario (lost_update) or one variant
                                            (lost_update/buggy); "all" runs the whole catalogue
  racestress replay VARIANT --schedule S    replay one interleaving exactly
  racestress replay VARIANT --seed RUN_SEED [--strategy random|pct ...]

run options:
  --iterations N        runs per variant (default 1000; exhaustive: interleavings at most)
  --seed S              base seed (default 1)
  --mode controlled|free
  --strategy random|pct|exhaustive
  --depth D             PCT depth (default 2)
  --pct-steps K         PCT's k (default: measured)
  --yield-probability P free mode: chance of a yield or spin at each point (default 0.25)
  --time-budget SEC     stop starting runs after SEC seconds in all, shared by the variants
  --run-timeout SEC     watchdog per run (default 5): longer is a deadlock
  --variant-timeout SEC kill a variant's process after SEC (default: budget-based, or 600)
  --stop-at-first-failure
  --format text|json    json: one JSON object per line per variant
  --junit FILE          also write JUnit XML
  --html FILE           also write an HTML page: comparison table, step tables, TSan, racecheck
  --mermaid             also print the first failing interleaving as a Mermaid sequence diagram
  --racecheck PATH      racecheck binary for the checker column
  -p BUILD_DIR          directory with compile_commands.json for racecheck
  --no-checker          skip the checker column
  --in-process          run the variants in this process (no crash isolation, no TSan column)
  --PARAM N             set a variant parameter, e.g. --threads 4 --increments 100
  --param NAME=N        the same, spelled out

replay options:
  --repeat N            replay N times and count how often the same interleaving comes back

exit codes: 0 every expectation met (skipped variants aside), 1 an invariant broke unexpectedly
(or an expected failure never showed), 66 TSan reported unexpectedly, 3 racecheck disagreed
with a variant's declaration, 4 nothing ran (every selected variant was skipped, e.g. no
PostgreSQL here, or made zero runs), 2 usage error, 124 timeout
)";
}

ParseResult parse_command_line(const std::vector<std::string>& args) {
  ParseResult result;
  CommandLine line;
  line.racecheck = RACELAB_DEFAULT_RACECHECK;
  line.build_dir = RACELAB_DEFAULT_BUILD_DIR;
  if (args.empty()) {
    result.error = "missing command (list, run or replay); see racestress --help";
    return result;
  }
  const std::string& cmd = args[0];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    line.command = Command::help;
    result.line = line;
    return result;
  }
  if (cmd == "list") {
    line.command = Command::list;
  } else if (cmd == "run") {
    line.command = Command::run;
  } else if (cmd == "replay") {
    line.command = Command::replay;
  } else if (cmd == "__child") {
    line.command = Command::child;
  } else {
    result.error = "unknown command '" + cmd + "' (expected list, run or replay)";
    return result;
  }

  auto fail = [&](const std::string& why) {
    result.error = why;
    return result;
  };
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    std::string v;
    if (a.empty() || a[0] != '-') {
      line.selectors.push_back(a);
      continue;
    }
    if (a == "--in-process") { line.in_process = true; continue; }
    if (a == "--scenarios" && line.command == Command::list) { line.scenarios_only = true; continue; }
    if (a == "--no-checker") { line.checker_enabled = false; continue; }
    if (a == "--mermaid") { line.mermaid = true; continue; }
    if (a == "--stop-at-first-failure") { line.harness.stop_at_first_failure = true; continue; }
    if (a == "--no-self-replay") { line.harness.self_replay = false; continue; }
    if (!value(v)) return fail("option " + a + " needs a value");
    long long n = 0;
    double real = 0;
    if (a == "--iterations" || a == "-n") {
      if (!parse_integer(v, n) || n < 1) return fail("--iterations needs a positive integer, got '" + v + "'");
      line.harness.iterations = n;
    } else if (a == "--seed") {
      if (!parse_unsigned(v, line.harness.seed)) return fail("--seed needs a non-negative integer, got '" + v + "'");
      line.seed_given = true;
    } else if (a == "--mode") {
      auto m = racelab::parse_mode(v);
      if (!m) return fail("--mode must be controlled or free, got '" + v + "'");
      line.harness.mode = *m;
    } else if (a == "--strategy") {
      auto s = racelab::parse_strategy(v);
      if (!s || *s == racelab::StrategyKind::replay) {
        return fail("--strategy must be random, pct or exhaustive, got '" + v + "'");
      }
      line.harness.strategy = *s;
    } else if (a == "--depth") {
      if (!parse_integer(v, n) || n < 1 || n > 16) return fail("--depth needs an integer from 1 to 16, got '" + v + "'");
      line.harness.pct_depth = static_cast<int>(n);
    } else if (a == "--pct-steps") {
      if (!parse_integer(v, n) || n < 1) return fail("--pct-steps needs a positive integer, got '" + v + "'");
      line.harness.pct_steps = static_cast<int>(n);
    } else if (a == "--yield-probability") {
      if (!parse_real(v, real) || real < 0 || real > 1) return fail("--yield-probability needs a number from 0 to 1");
      line.harness.free_yield_probability = real;
    } else if (a == "--time-budget") {
      if (!parse_real(v, real) || real <= 0) return fail("--time-budget needs a positive number of seconds");
      line.harness.time_budget_seconds = real;
    } else if (a == "--run-timeout") {
      if (!parse_real(v, real) || real <= 0) return fail("--run-timeout needs a positive number of seconds");
      line.harness.run_timeout_seconds = real;
    } else if (a == "--variant-timeout") {
      if (!parse_real(v, real) || real <= 0) return fail("--variant-timeout needs a positive number of seconds");
      line.variant_timeout_seconds = real;
    } else if (a == "--format") {
      if (v != "text" && v != "json") return fail("--format must be text or json, got '" + v + "'");
      line.format = v;
    } else if (a == "--junit") {
      line.junit_path = v;
    } else if (a == "--html") {
      line.html_path = v;
    } else if (a == "--racecheck") {
      line.racecheck = v;
    } else if (a == "-p") {
      line.build_dir = v;
    } else if (a == "--schedule") {
      if (!racelab::decode_schedule(v)) return fail("--schedule '" + v + "' is not a schedule string (e.g. AB2A)");
      line.harness.schedule = v;
    } else if (a == "--repeat") {
      if (!parse_integer(v, n) || n < 1) return fail("--repeat needs a positive integer");
      line.repeat = static_cast<int>(n);
    } else if (a == "--param") {
      const auto eq = v.find('=');
      if (eq == std::string::npos || !parse_integer(v.substr(eq + 1), n)) {
        return fail("--param needs NAME=INTEGER, got '" + v + "'");
      }
      line.param_overrides[v.substr(0, eq)] = n;
    } else if (a.rfind("--", 0) == 0 && a.size() > 2) {
      // A variant parameter (checked against the selected variants later).
      if (!parse_integer(v, n)) return fail("option " + a + " needs an integer, got '" + v + "'");
      line.param_overrides[a.substr(2)] = n;
    } else {
      return fail("unknown option '" + a + "'");
    }
  }
  if (line.command == Command::list && !line.selectors.empty()) {
    return fail("list takes no arguments");
  }
  if ((line.command == Command::run) && line.selectors.empty()) {
    return fail("run needs a scenario or variant, e.g. racestress run lost_update");
  }
  if ((line.command == Command::replay || line.command == Command::child) && line.selectors.size() != 1) {
    return fail(std::string(line.command == Command::replay ? "replay" : "__child") + " needs exactly one variant");
  }
  if (line.command == Command::replay && line.harness.schedule.empty() && !line.seed_given) {
    return fail("replay needs --schedule S or --seed RUN_SEED");
  }
  result.line = line;
  return result;
}

std::vector<std::string> child_arguments(const CommandLine& line, const std::string& variant,
                                         double time_budget_seconds) {
  const racelab::Options& h = line.harness;
  std::vector<std::string> a = {"__child", variant,
                                "--iterations", std::to_string(h.iterations),
                                "--seed", std::to_string(h.seed),
                                "--mode", racelab::to_string(h.mode),
                                "--strategy", racelab::to_string(h.strategy),
                                "--depth", std::to_string(h.pct_depth),
                                "--yield-probability", format_real(h.free_yield_probability),
                                "--run-timeout", format_real(h.run_timeout_seconds)};
  if (h.pct_steps > 0) a.insert(a.end(), {"--pct-steps", std::to_string(h.pct_steps)});
  if (time_budget_seconds > 0) a.insert(a.end(), {"--time-budget", format_real(time_budget_seconds)});
  if (h.stop_at_first_failure) a.emplace_back("--stop-at-first-failure");
  if (!h.self_replay) a.emplace_back("--no-self-replay");
  for (const auto& [k, v] : line.param_overrides) a.insert(a.end(), {"--param", k + "=" + std::to_string(v)});
  return a;
}

racelab::Params effective_params(const racelab::Variant& variant, const racelab::Params& overrides) {
  racelab::Params p = variant.params;
  for (const auto& [k, v] : overrides) {
    if (p.count(k) != 0) p[k] = v;
  }
  return p;
}

}  // namespace racestress
