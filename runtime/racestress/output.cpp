#include "output.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "racelab/runner.h"

namespace racestress {
namespace {

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

std::string pad(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string indent(const std::string& text, const std::string& prefix) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line)) out += prefix + line + "\n";
  return out;
}

std::string checker_cell(const VariantResult& r) {
  if (!r.checker) return "not-run";
  return r.checker->empty() ? "none" : join(*r.checker, ",");
}

std::string expected_checker(const VariantResult& r) {
  return r.checker_expected.empty() ? "none" : join(r.checker_expected, ",");
}

// "fail / race / racecheck-unsynchronized-write": what the variant declares, per tool.
std::string declaration(const VariantResult& r) {
  return std::string(racelab::to_string(r.expected)) + " / " + racelab::to_string(r.tsan_expected) + " / " +
         expected_checker(r);
}

std::string params_flags(const VariantResult& r) {
  std::string out;
  for (const auto& [k, v] : r.params) out += " --" + k + " " + std::to_string(v);
  return out;
}

}  // namespace


std::string replay_command(const VariantResult& r) {
  if (!r.report.first_failure || r.report.options.mode != racelab::Mode::controlled) return "";
  const racelab::Failure& f = *r.report.first_failure;
  if (f.schedule.empty()) return "";
  return "racestress replay " + r.name() + " --schedule " + f.schedule + params_flags(r);
}

// The outcome histogram (--outcomes): each final state, how many runs ended in it, a bar.
std::string render_outcomes(const racelab::Report& report) {
  if (report.outcomes.empty()) return "";
  long long most = 0;
  std::size_t width = 0;
  for (const auto& [state, count] : report.outcomes) {
    most = std::max(most, count);
    width = std::max(width, state.size());
  }
  std::ostringstream out;
  out << "   outcomes of " << report.runs << " runs (final state: runs):\n";
  for (const auto& [state, count] : report.outcomes) {
    const auto bar = static_cast<std::size_t>(most > 0 ? (count * 40 + most - 1) / most : 0);
    char row[64];
    std::snprintf(row, sizeof row, "%8lld  ", count);
    out << "     " << state << std::string(width - state.size(), ' ') << "  " << row << std::string(bar, '#') << "\n";
  }
  return out.str();
}

std::string render_variant_text(const VariantResult& r) {
  std::ostringstream out;
  out << "== " << r.name() << ": " << r.summary << "\n";
  out << "   expects: harness " << racelab::to_string(r.expected) << ", TSan " << racelab::to_string(r.tsan_expected)
      << ", racecheck "
      << expected_checker(r) << "\n";
  if (r.verdict == HarnessVerdict::crash || r.verdict == HarnessVerdict::timeout ||
      r.verdict == HarnessVerdict::error || r.verdict == HarnessVerdict::skipped) {
    out << "   harness: " << to_string(r.verdict) << ": " << r.harness_note << "\n";
  } else {
    out << "   harness: " << to_string(r.verdict) << ", " << indent(racelab::summarize(r.report), "   ").substr(3);
    out << render_outcomes(r.report);
    if (r.report.first_failure) {
      const std::string cmd = replay_command(r);
      if (!cmd.empty()) out << "   replay it: " << cmd << "\n";
      out << indent(racelab::render_step_table(r.report.first_failure->trace), "     ");
    }
  }
  if (r.tsan == TsanVerdict::not_run) {
    out << "   TSan: not-run (build with the tsan preset to get this column)\n";
  } else {
    out << "   TSan: " << to_string(r.tsan);
    if (!r.tsan_findings.empty()) {
      out << ", " << r.tsan_findings.size() << " report(s)\n";
      for (const auto& f : r.tsan_findings) {
        out << "     " << (f.summary.empty() ? f.kind : f.summary);
        if (!f.variable.empty()) out << " (on '" << f.variable << "')";
        out << "\n";
        for (const auto& a : f.accesses) out << "       " << a << "\n";
      }
    } else {
      out << "\n";
    }
  }
  out << "   racecheck: " << checker_cell(r);
  if (!r.checker_note.empty()) out << " (" << r.checker_note << ")";
  out << "\n";
  return out.str();
}

std::string render_comparison_table(const std::vector<VariantResult>& results) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"variant", "expected", "harness", "TSan", "racecheck", "as declared"});
  for (const VariantResult& r : results) {
    std::string harness = to_string(r.verdict);
    if (r.report.runs > 0) harness += " " + std::to_string(r.report.failing_runs) + "/" + std::to_string(r.report.runs);
    const auto checker_ok = r.checker_matches();
    std::vector<std::string> problems;
    if (!r.harness_matches()) problems.push_back("harness");
    if (!r.tsan_matches()) problems.push_back("TSan");
    if (checker_ok && !*checker_ok) problems.push_back("racecheck");
    std::string as_declared = problems.empty() ? "yes" : "NO (" + join(problems, ", ") + ")";
    if (r.verdict == HarnessVerdict::skipped && problems.empty()) as_declared = "skipped";
    rows.push_back({r.name(), declaration(r), harness, to_string(r.tsan),
                    checker_cell(r), as_declared});
  }
  std::vector<std::size_t> width(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::ostringstream out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string line;
    for (std::size_t c = 0; c < rows[i].size(); ++c) line += (c ? "  " : "") + pad(rows[i][c], width[c]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
    if (i == 0) {
      std::string rule;
      for (std::size_t c = 0; c < width.size(); ++c) rule += (c ? "  " : "") + std::string(width[c], '-');
      out << rule << "\n";
    }
  }
  return out.str();
}

std::string render_junit(const std::vector<VariantResult>& results) {
  int failures = 0, skipped = 0;
  double total = 0;
  for (const auto& r : results) {
    if (!r.harness_matches() || !r.tsan_matches() || r.checker_matches() == false) ++failures;
    if (r.verdict == HarnessVerdict::skipped) ++skipped;
    total += r.report.seconds;
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"racestress\" tests=\"" << results.size() << "\" failures=\"" << failures
      << "\" skipped=\"" << skipped << "\" time=\"" << total << "\">\n";
  out << "  <testsuite name=\"racestress\" tests=\"" << results.size() << "\" failures=\"" << failures
      << "\" skipped=\"" << skipped << "\" time=\"" << total << "\">\n";
  for (const auto& r : results) {
    out << "    <testcase classname=\"" << xml_escape(r.scenario) << "\" name=\"" << xml_escape(r.variant)
        << "\" file=\"" << xml_escape(r.file) << "\" time=\"" << r.report.seconds << "\">\n";
    std::vector<std::string> problems;
    if (!r.harness_matches()) {
      problems.push_back(std::string("harness: expected ") + racelab::to_string(r.expected) + ", got " +
                         to_string(r.verdict));
    }
    if (!r.tsan_matches()) {
      problems.push_back(std::string("TSan: expected ") + racelab::to_string(r.tsan_expected) + ", got " +
                         to_string(r.tsan));
    }
    if (r.checker_matches() == false) {
      problems.push_back("racecheck: expected " + expected_checker(r) + ", got " + checker_cell(r));
    }
    if (r.verdict == HarnessVerdict::skipped) out << "      <skipped message=\"" << xml_escape(r.harness_note) << "\"/>\n";
    if (!problems.empty()) {
      out << "      <failure message=\"" << xml_escape(join(problems, "; ")) << "\">"
          << xml_escape(render_variant_text(r)) << "</failure>\n";
    }
    out << "      <system-out>" << xml_escape(render_variant_text(r)) << "</system-out>\n";
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
  return out.str();
}

}  // namespace racestress
