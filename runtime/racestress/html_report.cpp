#include "html_report.h"

#include <filesystem>
#include <sstream>

#include "output.h"
#include "racelab/runner.h"

namespace racestress {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "none" : out;
}

// A verdict cell: the text, coloured by whether it is what the variant declares
// (std::nullopt: the column was not run, so there is nothing to compare).
std::string verdict_cell(const std::string& text, std::optional<bool> as_declared) {
  const char* css = !as_declared ? "notrun" : (*as_declared ? "ok" : "bad");
  return "<td class=\"" + std::string(css) + "\">" + xml_escape(text) + "</td>";
}

std::string harness_text(const VariantResult& r) {
  std::string text = to_string(r.verdict);
  if (r.report.runs > 0) text += " " + std::to_string(r.report.failing_runs) + "/" + std::to_string(r.report.runs);
  return text;
}

std::optional<bool> harness_declared(const VariantResult& r) {
  if (r.verdict == HarnessVerdict::skipped) return std::nullopt;  // its environment is missing: nothing to compare
  return r.harness_matches();
}

std::optional<bool> tsan_declared(const VariantResult& r) {
  if (r.tsan == TsanVerdict::not_run) return std::nullopt;
  return r.tsan_matches();
}

std::string comparison_table(const std::vector<VariantResult>& results) {
  std::ostringstream out;
  out << "<table class=\"compare\"><tr><th>variant</th><th>what it is</th><th>declares<br>harness / TSan / "
         "racecheck</th><th>harness</th><th>TSan</th><th>racecheck</th></tr>\n";
  for (const VariantResult& r : results) {
    const std::string declared = std::string(racelab::to_string(r.expected)) + " / " +
                                 racelab::to_string(r.tsan_expected) + " / " + join(r.checker_expected);
    out << "<tr><td><a href=\"#" << xml_escape(r.name()) << "\">" << xml_escape(r.name()) << "</a></td><td>"
        << xml_escape(r.summary) << "</td><td>" << xml_escape(declared) << "</td>"
        << verdict_cell(harness_text(r), harness_declared(r)) << verdict_cell(to_string(r.tsan), tsan_declared(r))
        << verdict_cell(r.checker ? join(*r.checker) : "not-run", r.checker_matches()) << "</tr>\n";
  }
  out << "</table>\n";
  return out.str();
}

std::string variant_section(const VariantResult& r) {
  std::ostringstream out;
  out << "<section id=\"" << xml_escape(r.name()) << "\"><h2>" << xml_escape(r.name()) << "</h2>\n<p>" << xml_escape(r.summary)
      << " <span class=\"where\">" << xml_escape(r.file) << "</span></p>\n";
  out << "<h3>Harness: " << xml_escape(to_string(r.verdict)) << "</h3>\n";
  out << render_html_harness_statistics(r) << render_html_first_failure(r);
  out << "<h3>ThreadSanitizer: " << xml_escape(to_string(r.tsan)) << "</h3>\n";
  for (const TsanFinding& t : r.tsan_findings) {
    std::string text = t.summary.empty() ? t.kind : t.summary;
    for (const auto& access : t.accesses) text += "\n  " + access;
    out << "<pre>" << xml_escape(text) << "</pre>\n";
  }
  out << "<h3>racecheck: " << xml_escape(r.checker ? join(*r.checker) : "not-run") << "</h3>\n";
  if (!r.checker_note.empty()) out << "<p>" << xml_escape(r.checker_note) << "</p>\n";
  out << "</section>\n";
  return out.str();
}

const char* const style = R"(<style>
body { font-family: sans-serif; max-width: 70em; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
td.ok { background: #e3f5e1; } td.bad { background: #f9d6d5; font-weight: bold; } td.notrun { color: #888; }
td.actor0 { background: #e8f0fe; } td.actor1 { background: #fef3e0; } td.actor2 { background: #eef7ee; }
td.actor3 { background: #f6e8f6; }
.where { color: #777; font-size: 0.85em; } pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; }
section { border-top: 2px solid #ddd; margin-top: 2em; }
</style>)";

}  // namespace

// The failing interleaving, one column per actor, as the text step table prints it.
std::string render_html_step_table(const racelab::Trace& trace) {
  std::ostringstream out;
  out << "<table class=\"steps\"><tr><th>step</th>";
  for (int a = 0; a < trace.actors; ++a) out << "<th>" << xml_escape(trace.columns + " " + racelab::actor_name(a)) << "</th>";
  out << "</tr>\n";
  int step = 0;
  for (const racelab::Event& e : trace.events) {
    out << "<tr><td>" << ++step << "</td>";
    for (int a = 0; a < trace.actors; ++a) {
      if (a != e.actor) {
        out << "<td></td>";
        continue;
      }
      std::string cell = xml_escape(e.label);
      if (e.has_value) cell += " &rarr; <b>" + std::to_string(e.value) + "</b>";
      if (e.kind == racelab::EventKind::blocked) cell = "<i>(" + cell + ")</i>";
      if (e.line > 0) cell += " <span class=\"where\">" + xml_escape(std::filesystem::path(e.file).filename().string()) + ":" + std::to_string(e.line) + "</span>";
      out << "<td class=\"actor" << a % 4 << "\">" << cell << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</table>\n";
  return out.str();
}

std::string render_html_harness_statistics(const VariantResult& r) {
  std::string out;
  if (!r.harness_note.empty()) out += "<pre>" + xml_escape(r.harness_note) + "</pre>\n";
  if (r.report.runs > 0) out += "<pre>" + xml_escape(racelab::summarize(r.report)) + "</pre>\n";
  return out;
}

std::string render_html_first_failure(const VariantResult& r) {
  if (!r.report.first_failure) return "";
  const racelab::Failure& f = *r.report.first_failure;
  std::string out = "<p>First failing run: <b>" + xml_escape(f.message) + "</b></p>\n";
  const std::string replay = replay_command(r);
  if (!replay.empty()) out += "<p>Replay it: <code>" + xml_escape(replay) + "</code></p>\n";
  return out + render_html_step_table(f.trace);
}

std::string render_html_report(const std::vector<VariantResult>& results, const std::string& command) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>racelab report</title>\n"
      << style << "</head><body>\n<h1>racelab: harness, ThreadSanitizer and racecheck, side by side</h1>\n"
      << "<p>Made by <code>" << xml_escape(command)
      << "</code>. Green: what the variant declares. Red: it is not. Grey: that column was not run.</p>\n"
      << comparison_table(results);
  for (const VariantResult& r : results) out << variant_section(r);
  out << "</body></html>\n";
  return out.str();
}

}  // namespace racestress
