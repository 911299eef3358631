#include "variant_runner.h"

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "child_process.h"
#include "child_protocol.h"
#include "racelab/runner.h"
#include "tsan_report.h"

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

// The child's report: the last line of its stdout that is a JSON object (the variant may print
// lines of its own before it).
std::string last_json_line(const std::string& text) {
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
    case SIGXFSZ: return "SIGXFSZ";
    default: return "signal";
  }
}

constexpr long long kMib = 1024 * 1024;

// --variant-memory-limit in MiB: as given, or half of this machine's memory.
long long memory_limit_mib(const CommandLine& line) {
  if (line.variant_memory_mib >= 0) return line.variant_memory_mib;
  const long pages = ::sysconf(_SC_PHYS_PAGES), page_size = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0) return 0;
  return static_cast<long long>(pages) / 2 * page_size / kMib;
}

// Why the child's process ended by the signal it died of, in words, when the signal says more
// than "it crashed".
std::string death_by(int sig, const CommandLine& line) {
  if (sig == SIGXFSZ) {
    return "the variant's process wrote more than its output limit of " + std::to_string(line.variant_output_mib) +
           " MiB (--variant-output-limit) and was stopped with SIGXFSZ";
  }
  if (sig == SIGKILL) {
    return "the variant's process was killed with SIGKILL (by itself, another process, or the kernel when memory "
           "ran out)";
  }
  return std::string("the variant crashed with ") + signal_name(sig);
}

std::optional<CrashRecord> read_crash_record(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!std::getline(in, text) || text.empty()) return std::nullopt;
  try {
    return Json::parse(text).get<CrashRecord>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

// Fills the harness part of `result` from the child's report line; false with `error` if the
// line is not a VariantResult.
bool read_child_report(const std::string& line, VariantResult& result, std::string& error) {
  try {
    const VariantResult child = Json::parse(line).get<VariantResult>();
    result.verdict = child.verdict;
    result.report = child.report;
    result.harness_note = child.harness_note;
    return true;
  } catch (const nlohmann::json::exception& e) {
    error = e.what();
    return false;
  }
}

}  // namespace

bool built_with_tsan() { return RACESTRESS_TSAN != 0; }

void run_in_process(const racelab::Variant& v, const CommandLine& line, double budget, VariantResult& result) {
  if (v.environment) {
    for (const auto& [name, value] : v.environment()) ::setenv(name.c_str(), value.c_str(), 1);
  }
  racelab::Options options = line.harness;
  options.time_budget_seconds = budget;
  result.report.options = options;  // what it was run with, also if it throws
  try {
    result.report = racelab::run(v.make(result.params), options);
    result.verdict = harness_verdict(result.report.verdict());
  } catch (const std::exception& e) {
    result.verdict = HarnessVerdict::error;
    result.harness_note = e.what();
  }
}

void run_in_child(const racelab::Variant& v, const CommandLine& line, double budget, VariantResult& result) {
  const std::string scratch = make_temp_dir("racestress");
  if (scratch.empty()) {
    result.verdict = HarnessVerdict::error;
    result.harness_note = "cannot make a temporary directory";
    return;
  }
  std::map<std::string, std::string> env;
  // Made in this process, so a shared resource (a database server) outlives each child.
  if (v.environment) env = v.environment();
  ChildLimits limits;
  limits.output_bytes = line.variant_output_mib * kMib;
  const long long memory_mib = memory_limit_mib(line);
  if (RACESTRESS_TSAN) {
    const char* user = std::getenv("TSAN_OPTIONS");
    std::string options = user != nullptr ? user : "";
    if (!options.empty()) options += " ";
    env["TSAN_OPTIONS"] = options + "log_path=" + scratch + "/tsan";
    // TSan reserves terabytes of address space for its shadow, so RLIMIT_AS cannot bound it:
    // run_child watches the resident memory instead.
    limits.resident_bytes = memory_mib * kMib;
  } else {
    limits.address_bytes = memory_mib * kMib;
  }
  const std::string crash_record = scratch + "/crash.json";
  std::vector<std::string> argv = {self_executable()};
  for (auto& a : child_arguments(line, v.name(), budget, crash_record)) argv.push_back(a);
  double timeout = line.variant_timeout_seconds;
  if (timeout <= 0) timeout = budget > 0 ? budget * 2 + line.harness.run_timeout_seconds + 30 : kDefaultVariantTimeout;
  const ChildResult child = run_child(argv, env, timeout, scratch, limits);
  // What the variant was run with, also when its process dies before it can report.
  result.report.options = line.harness;
  result.report.options.time_budget_seconds = budget;

  const std::string seed = " (seed " + std::to_string(line.harness.seed) + ")";
  const std::string report = last_json_line(child.out);
  std::string error;
  if (child.over_memory) {
    result.verdict = HarnessVerdict::crash;
    result.harness_note = "the variant's process passed its memory limit of " + std::to_string(memory_mib) +
                          " MiB resident (--variant-memory-limit) and was killed" + seed;
  } else if (child.timed_out) {
    result.verdict = HarnessVerdict::timeout;
    result.harness_note =
        "the variant's process was killed after " + std::to_string(static_cast<int>(timeout)) + " s" + seed;
  } else if (child.signal != 0) {
    result.verdict = HarnessVerdict::crash;
    result.harness_note = death_by(child.signal, line) + seed;
    if (const auto crashed = read_crash_record(crash_record)) {
      result.harness_note += ", in run " + std::to_string(crashed->run) + " (run seed " +
                             std::to_string(crashed->run_seed) + "); to debug it: racestress replay " + v.name() +
                             " --seed " + std::to_string(crashed->run_seed) + " --strategy " +
                             racelab::to_string(line.harness.strategy);
    } else if (!child.err.empty()) {
      result.harness_note += "; stderr: " + tail(child.err, 600);
    }
  } else if (report.empty() || !read_child_report(report, result, error)) {
    result.verdict = HarnessVerdict::crash;
    result.harness_note = "the variant's process exited with " + std::to_string(child.exit_code) + " and no report" +
                          seed + (error.empty() ? "" : " (" + error + ")") +
                          (child.err.empty() ? "" : "; stderr: " + tail(child.err, 600));
  }
  if (child.left_behind > 0) {
    // Its report, if any, stays; but a variant that leaves processes running is broken.
    const std::string what = std::to_string(child.left_behind) + " process(es) of its own running when it ended "
                             "(a fork without exec or wait?); racestress killed them";
    if (result.verdict == HarnessVerdict::crash || result.verdict == HarnessVerdict::timeout) {
      result.harness_note += "; it also left " + what;
    } else {
      result.harness_note = "the variant's process left " + what + seed +
                            (result.harness_note.empty() ? "" : "; " + result.harness_note);
      result.verdict = HarnessVerdict::error;
    }
  }
  if (RACESTRESS_TSAN) {
    const std::string logs = read_tsan_logs(scratch, "tsan");
    const auto error_at = logs.find("ERROR: ThreadSanitizer: ");
    if (error_at != std::string::npos && result.verdict == HarnessVerdict::crash) {
      // TSan turns a deadly signal into its own report and exit code.
      result.harness_note += "; TSan: " + logs.substr(error_at + 7, logs.find('\n', error_at) - error_at - 7);
    }
    result.tsan_findings = parse_tsan_reports(logs);
    result.tsan = result.tsan_findings.empty() ? TsanVerdict::clean : TsanVerdict::race;
  }
  remove_tree(scratch);
}

}  // namespace racestress
