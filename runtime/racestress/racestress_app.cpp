#include "racestress_app.h"
#include "source_path.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "checker_client.h"
#include "child_process.h"
#include "command_line.h"
#include "html_report.h"
#include "output.h"
#include "racelab/runner.h"
#include "tsan_report.h"
#include "variant_result.h"

#if defined(__SANITIZE_THREAD__)
#define RACESTRESS_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RACESTRESS_TSAN 1
#endif
#endif
#ifndef RACESTRESS_TSAN
#define RACESTRESS_TSAN 0
#endif

namespace racestress {
namespace {

constexpr double kDefaultVariantTimeout = 600;

std::string last_line(const std::string& text) {
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] == '{') last = line;
  }
  return last;
}

std::string tail(const std::string& text, std::size_t max_chars) {
  return text.size() <= max_chars ? text : "..." + text.substr(text.size() - max_chars);
}

const char* signal_name(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGKILL: return "SIGKILL";
    default: return "signal";
  }
}

// The harness part of one variant, in this process.
void run_in_process(const racelab::Variant& v, const CommandLine& line, double budget, VariantResult& result) {
  if (v.environment) {
    for (const auto& [name, value] : v.environment()) ::setenv(name.c_str(), value.c_str(), 1);
  }
  racelab::Options options = line.harness;
  options.time_budget_seconds = budget;
  try {
    result.report = racelab::run(v.make(result.params), options);
    result.verdict = verdict_of(result.report);
  } catch (const std::exception& e) {
    result.verdict = "error";
    result.harness_note = e.what();
  }
}

// The harness part of one variant, in a child racestress (and, in a TSan build, TSan's part).
void run_in_child(const racelab::Variant& v, const CommandLine& line, double budget, VariantResult& result) {
  const std::string scratch = make_temp_dir("racestress");
  if (scratch.empty()) {
    result.verdict = "error";
    result.harness_note = "cannot make a temporary directory";
    return;
  }
  std::map<std::string, std::string> env;
  // Made in this process, so a shared resource (a database server) outlives each child.
  if (v.environment) env = v.environment();
  if (RACESTRESS_TSAN) {
    const char* user = std::getenv("TSAN_OPTIONS");
    std::string options = user != nullptr ? user : "";
    if (!options.empty()) options += " ";
    env["TSAN_OPTIONS"] = options + "log_path=" + scratch + "/tsan";
  }
  std::vector<std::string> argv = {self_executable()};
  for (auto& a : child_arguments(line, v.name(), budget)) argv.push_back(a);
  double timeout = line.variant_timeout_seconds;
  if (timeout <= 0) timeout = budget > 0 ? budget * 2 + line.harness.run_timeout_seconds + 30 : kDefaultVariantTimeout;
  const ChildResult child = run_child(argv, env, timeout, scratch);

  const std::string json = last_line(child.out);
  std::string error;
  if (child.timed_out) {
    result.verdict = "timeout";
    result.harness_note = "the variant's process was killed after " + std::to_string(static_cast<int>(timeout)) +
                          " s (seed " + std::to_string(line.harness.seed) + ")";
  } else if (child.signal != 0) {
    result.verdict = "crash";
    result.harness_note = std::string("the variant crashed with ") + signal_name(child.signal) + " (seed " +
                          std::to_string(line.harness.seed) + ")";
    const auto at = child.err.find("racestress: crashed in run ");
    if (at != std::string::npos) {
      const std::string which = child.err.substr(at + 20, child.err.find('\n', at) - at - 20);
      const auto seed_at = which.find("run seed ");
      result.harness_note += ", " + which;
      if (seed_at != std::string::npos) {
        result.harness_note += "; to debug it: racestress replay " + v.name() + " --seed " +
                               which.substr(seed_at + 9, which.find(')', seed_at) - seed_at - 9) + " --strategy " +
                               racelab::to_string(line.harness.strategy);
      }
    } else if (!child.err.empty()) {
      result.harness_note += "; stderr: " + tail(child.err, 600);
    }
  } else if (json.empty() || !read_harness_json(json, result, error)) {
    result.verdict = "crash";
    result.harness_note = "the variant's process exited with " + std::to_string(child.exit_code) +
                          " and no report (seed " + std::to_string(line.harness.seed) + ")" +
                          (error.empty() ? "" : " (" + error + ")") +
                          (child.err.empty() ? "" : "; stderr: " + tail(child.err, 600));
  }
  if (RACESTRESS_TSAN) {
    const std::string logs = read_tsan_logs(scratch, "tsan");
    const auto error_at = logs.find("ERROR: ThreadSanitizer: ");
    if (error_at != std::string::npos && result.verdict == "crash") {
      // TSan turns a deadly signal into its own report and exit code.
      result.harness_note += "; TSan: " + logs.substr(error_at + 7, logs.find('\n', error_at) - error_at - 7);
    }
    result.tsan_findings = parse_tsan_reports(logs);
    result.tsan = result.tsan_findings.empty() ? "clean" : "race";
  }
  remove_tree(scratch);
}

int list_variants(const CommandLine& line, std::ostream& out) {
  if (line.scenarios_only) {
    std::set<std::string> seen;
    for (const racelab::Variant* v : racelab::Catalogue::instance().all()) {
      if (seen.insert(v->scenario).second) out << v->scenario << "\n";
    }
    return kExitOk;
  }
  for (const racelab::Variant* v : racelab::Catalogue::instance().all()) {
    std::string checker;
    for (const auto& rule : v->checker) checker += (checker.empty() ? "" : ",") + rule;
    if (checker.empty()) checker = "-";
    char line[512];
    std::snprintf(line, sizeof line, "%-34s %-4s %-5s %-32s %s", v->name().c_str(), racelab::to_string(v->expect),
                  racelab::to_string(v->tsan), checker.c_str(), v->summary.c_str());
    out << line << "\n";
  }
  return kExitOk;
}

std::vector<const racelab::Variant*> select_variants(const CommandLine& line, std::string& error) {
  std::vector<const racelab::Variant*> out;
  std::set<std::string> seen;
  for (const std::string& s : line.selectors) {
    auto found = s == "all" ? racelab::Catalogue::instance().all() : racelab::Catalogue::instance().select(s);
    if (found.empty()) {
      error = "no scenario or variant named '" + s + "' (racestress list shows them)";
      return {};
    }
    for (const auto* v : found) {
      if (seen.insert(v->name()).second) out.push_back(v);
    }
  }
  for (const auto& [name, value] : line.param_overrides) {
    bool declared = false;
    for (const auto* v : out) declared = declared || v->params.count(name) != 0;
    if (!declared) {
      error = "unknown option '--" + name + "' (not a parameter of the selected variants)";
      return {};
    }
  }
  return out;
}

// Async-signal-safe: names the run that crashed on stderr, then dies of the same signal.
void report_crash(int sig) {
  const racelab::RunInProgress p = racelab::run_in_progress();
  char buf[160];
  std::size_t n = 0;
  auto put = [&](const char* s) {
    while (*s != 0 && n < sizeof buf - 1) buf[n++] = *s++;
  };
  auto put_number = [&](unsigned long long v) {
    char digits[24];
    int d = 0;
    do {
      digits[d++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (d > 0 && n < sizeof buf - 1) buf[n++] = digits[--d];
  };
  put("racestress: crashed in run ");
  put_number(static_cast<unsigned long long>(p.index + 1));
  put(" (run seed ");
  put_number(p.seed);
  put(")\n");
  (void)!write(2, buf, n);
  signal(sig, SIG_DFL);
  raise(sig);
}

int child_main(const CommandLine& line, std::ostream& out, std::ostream& err) {
  for (const int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) signal(sig, report_crash);
  const racelab::Variant* v = racelab::Catalogue::instance().find(line.selectors[0]);
  if (v == nullptr) {
    err << "racestress: no variant named '" << line.selectors[0] << "'\n";
    return kExitUsage;
  }
  VariantResult result = declared(*v, effective_params(*v, line.param_overrides));
  run_in_process(*v, line, line.harness.time_budget_seconds, result);
  out << to_json_line(result) << std::endl;
  // Leave at once: a wedged run may have left actor threads parked for good.
  out.flush();
  std::_Exit(kExitOk);
}

int replay_main(const CommandLine& line, std::ostream& out, std::ostream& err) {
  const racelab::Variant* v = racelab::Catalogue::instance().find(line.selectors[0]);
  if (v == nullptr) {
    err << "racestress: no variant named '" << line.selectors[0] << "' (racestress list shows them)\n";
    return kExitUsage;
  }
  racelab::Options options = line.harness;
  options.iterations = 1;
  options.self_replay = false;
  if (!options.schedule.empty()) {
    options.strategy = racelab::StrategyKind::replay;
  } else {
    options.exact_run_seed = options.seed;
  }
  const racelab::Params params = effective_params(*v, line.param_overrides);
  const racelab::StressTest test = v->make(params);
  racelab::Report first = racelab::run(test, options);
  int same = 1;
  for (int i = 1; i < line.repeat; ++i) {
    racelab::Report again = racelab::run(test, options);
    const bool equal = again.failing_runs == first.failing_runs &&
                       (!first.first_failure ||
                        (again.first_failure && again.first_failure->trace.same_interleaving(first.first_failure->trace)));
    if (equal) ++same;
  }
  out << "replay of " << v->name() << " ("
      << (options.schedule.empty() ? "run seed " + std::to_string(options.seed) + ", " + racelab::to_string(options.strategy)
                                   : "schedule " + options.schedule)
      << "): " << (first.failing_runs > 0 ? "the invariant broke" : "the invariant held") << "\n";
  if (!first.strategy_note.empty()) out << "  " << first.strategy_note << "\n";
  if (first.first_failure) {
    out << "  " << first.first_failure->message << "\n";
    if (options.schedule.empty() && !first.first_failure->schedule.empty()) {
      out << "  schedule " << first.first_failure->schedule << "\n";
    }
  }
  const racelab::Trace* trace = first.first_failure ? &first.first_failure->trace
                                : first.single_run_trace ? &*first.single_run_trace : nullptr;
  if (trace != nullptr) {
    std::istringstream table(racelab::render_step_table(*trace));
    for (std::string row; std::getline(table, row);) out << "  " << row << "\n";
    if (line.mermaid) out << "\n```mermaid\n" << racelab::render_mermaid(*trace) << "```\n";
  }
  if (line.repeat > 1) {
    out << "  " << same << "/" << line.repeat << " replays gave the same outcome and interleaving\n";
  }
  return first.failing_runs > 0 ? kExitInvariant : kExitOk;
}

int run_main(const CommandLine& line, std::ostream& out, std::ostream& err) {
  std::string error;
  const auto variants = select_variants(line, error);
  if (variants.empty()) {
    err << "racestress: " << (error.empty() ? "nothing to run" : error) << "\n";
    return kExitUsage;
  }
  CheckerClient checker(line.racecheck, line.build_dir);
  std::vector<VariantResult> results;
  const double budget = line.harness.time_budget_seconds;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const racelab::Variant& v = *variants[i];
    VariantResult result = declared(v, effective_params(v, line.param_overrides));
    double share = 0;
    if (budget > 0) {
      const double used = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      share = std::max(0.05, (budget - used) / static_cast<double>(variants.size() - i));
    }
    const std::string unavailable = v.unavailable ? v.unavailable() : "";
    if (!unavailable.empty()) {
      result.verdict = "skipped";
      result.harness_note = unavailable;
    } else if (line.in_process) {
      run_in_process(v, line, share, result);
    } else {
      run_in_child(v, line, share, result);
    }
    if (result.report.runs == 0 && (result.verdict == "pass" || result.verdict == "fail")) {
      result.verdict = "not-run";
      result.harness_note = "no run was executed";
    }
    if (line.checker_enabled) {
      const CheckerOutcome& c = checker.check(variant_source_path(v.file));
      if (c.ran) {
        result.checker = c.rules();
      } else {
        result.checker_note = c.note;
      }
    } else {
      result.checker_note = "--no-checker";
    }
    if (line.format == "json") {
      out << to_json_line(result) << std::endl;
    } else {
      out << render_variant_text(result);
      if (line.mermaid && result.report.first_failure) {
        out << "\n```mermaid\n" << racelab::render_mermaid(result.report.first_failure->trace) << "```\n";
      }
      out << "\n" << std::flush;
    }
    results.push_back(std::move(result));
  }
  if (line.format == "text") out << render_comparison_table(results);
  if (!line.junit_path.empty()) {
    std::ofstream junit(line.junit_path);
    junit << render_junit(results);
    if (!junit) {
      err << "racestress: cannot write " << line.junit_path << "\n";
      return kExitUsage;
    }
  }
  if (!line.html_path.empty()) {
    std::string command = "racestress run";
    for (const auto& s : line.selectors) command += " " + s;
    std::ofstream html(line.html_path);
    html << render_html_report(results, command);
    if (!html) {
      err << "racestress: cannot write " << line.html_path << "\n";
      return kExitUsage;
    }
  }
  bool timeout = false, invariant = false, tsan = false, broke = false, checker_disagreed = false;
  long long runs = 0, skipped = 0;
  for (const auto& r : results) {
    timeout = timeout || r.verdict == "timeout";
    broke = broke || r.verdict == "crash" || r.verdict == "error";
    invariant = invariant || !r.harness_matches();
    tsan = tsan || !r.tsan_matches();
    checker_disagreed = checker_disagreed || r.checker_matches() == false;
    runs += r.report.runs;
    if (r.verdict == "skipped") ++skipped;
  }
  if (timeout) return kExitTimeout;
  if (runs == 0 && !broke) {
    // Green because nothing was tried is not green.
    if (skipped == static_cast<long long>(results.size())) {
      err << "racestress: nothing ran: every selected variant was skipped (" << results.front().harness_note << ")\n";
    } else {
      err << "racestress: nothing ran: no run was executed\n";
    }
    return kExitNothingRan;
  }
  if (invariant || runs == 0) return kExitInvariant;
  if (tsan) return kExitTsan;
  if (checker_disagreed) return kExitChecker;
  return kExitOk;
}

}  // namespace

bool built_with_tsan() { return RACESTRESS_TSAN != 0; }

int racestress_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const ParseResult parsed = parse_command_line(args);
  if (!parsed.line) {
    err << "racestress: " << parsed.error << "\n";
    return kExitUsage;
  }
  const CommandLine& line = *parsed.line;
  switch (line.command) {
    case Command::help: out << usage_text(); return kExitOk;
    case Command::list: return list_variants(line, out);
    case Command::run: return run_main(line, out, err);
    case Command::replay: return replay_main(line, out, err);
    case Command::child: return child_main(line, out, err);
  }
  return kExitUsage;
}

}  // namespace racestress
