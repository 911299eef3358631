// racestress run SELECTOR...: each selected variant through the harness (in a child process
// unless --in-process), TSan (in a TSan build) and racecheck, printed as it finishes, then the
// comparison table, the JUnit and HTML files, and the exit code of the exit policy.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "checker_client.h"
#include "html_report.h"
#include "output.h"
#include "racelab/runner.h"
#include "racestress_app.h"
#include "source_path.h"
#include "variant_runner.h"

namespace racestress {
namespace {

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

// Whether a file can be written at `path`, checked before the variants run so that a long run
// is not lost to a typo: its folder exists and is writable, and the path is not a folder.
bool writable_path(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return !S_ISDIR(st.st_mode) && ::access(path.c_str(), W_OK) == 0;
  std::string folder = std::filesystem::path(path).parent_path().string();
  if (folder.empty()) folder = ".";
  return ::stat(folder.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && ::access(folder.c_str(), W_OK) == 0;
}

// GoogleTest's protocol: a program that shards touches GTEST_SHARD_STATUS_FILE when it is set.
void touch_shard_status_file() {
  const char* path = std::getenv("GTEST_SHARD_STATUS_FILE");
  if (path != nullptr && *path != 0) std::ofstream(path, std::ios::app);
}

}  // namespace

bool write_file(const std::string& path, const std::string& text, std::ostream& err) {
  std::ofstream file(path);
  file << text;
  if (!file) err << "racestress: cannot write " << path << "\n";
  return static_cast<bool>(file);
}

int run_main(const CommandLine& line, std::ostream& out, std::ostream& err) {
  std::string error;
  auto variants = select_variants(line, error);
  if (variants.empty()) {
    err << "racestress: " << (error.empty() ? "nothing to run" : error) << "\n";
    return kExitUsage;
  }
  for (const std::string& path : {line.junit_path, line.html_path, line.svg_path}) {
    if (!path.empty() && !writable_path(path)) {
      err << "racestress: cannot write " << path << " (checked before running anything)\n";
      return kExitUsage;
    }
  }
  if (line.shard) {
    touch_shard_status_file();
    const std::size_t selected = variants.size();
    variants = take_shard(variants, *line.shard);
    err << "racestress: shard " << line.shard->index << "/" << line.shard->count << " runs " << variants.size()
        << " of the " << selected << " selected variants\n";
    if (variants.empty()) return kExitOk;  // more shards than variants: the others run them all
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
      result.verdict = HarnessVerdict::skipped;
      result.harness_note = unavailable;
    } else if (line.in_process) {
      run_in_process(v, line, share, result);
    } else {
      run_in_child(v, line, share, result);
    }
    if (result.report.runs == 0 &&
        (result.verdict == HarnessVerdict::pass || result.verdict == HarnessVerdict::fail)) {
      result.verdict = HarnessVerdict::not_run;
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
    if (line.format == Format::json) {
      out << json_line(Json(result)) << std::endl;
    } else {
      out << render_variant_text(result);
      if (line.mermaid && result.report.first_failure) {
        out << "\n```mermaid\n" << racelab::render_mermaid(result.report.first_failure->trace) << "```\n";
      }
      out << "\n" << std::flush;
    }
    results.push_back(std::move(result));
  }
  if (line.format == Format::text) out << render_comparison_table(results);
  if (!line.junit_path.empty() && !write_file(line.junit_path, render_junit(results), err)) return kExitUsage;
  if (!line.svg_path.empty()) {
    const auto failed = std::find_if(results.begin(), results.end(), [](const VariantResult& r) { return r.report.first_failure.has_value(); });
    if (failed == results.end()) {
      err << "racestress: --svg: no variant failed, so there is no failing interleaving to draw\n";
    } else if (!write_file(line.svg_path, racelab::render_sequence_svg(failed->report.first_failure->trace), err)) {
      return kExitUsage;
    }
  }
  if (!line.html_path.empty()) {
    std::string command = "racestress run";
    for (const auto& s : line.selectors) command += " " + s;
    if (line.shard) command += " --shard " + std::to_string(line.shard->index) + "/" + std::to_string(line.shard->count);
    if (!write_file(line.html_path, render_html_report(results, command), err)) return kExitUsage;
  }
  const ExitDecision decision = exit_decision(results);
  if (!decision.message.empty()) err << decision.message << "\n";
  return decision.code;
}

}  // namespace racestress
