#include "catalogue_pages.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>

#include "html_report.h"
#include "output.h"
#include "racelab/runner.h"

namespace racestress {
namespace {

std::string esc(const std::string& text) { return xml_escape(text); }

std::string head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         esc(title) + " · racelab</title>\n<link rel=\"stylesheet\" href=\"" + kCatalogueStyle + "\">\n</head>\n<body>\n";
}

// Links to the course (when it was built) and to the catalogue's index.
std::string site_nav(bool course) {
  std::string out = "<nav class=\"site\" aria-label=\"site\">\n";
  if (course) out += "<a href=\"../start-here.html\">Start here</a>\n<a href=\"../glossary.html\">Glossary</a>\n";
  return out + "<a href=\"index.html\">Every scenario, run</a>\n</nav>\n";
}

std::string neighbours(const CataloguePage& page, const char* where) {
  std::string out = std::string("<nav class=\"course ") + where + "\" aria-label=\"scenarios\">\n";
  if (!page.prev.empty()) out += "<a rel=\"prev\" href=\"" + esc(catalogue_page_file(page.prev)) + "\">← " + esc(page.prev) + "</a>\n";
  if (!page.next.empty()) out += "<a rel=\"next\" href=\"" + esc(catalogue_page_file(page.next)) + "\">" + esc(page.next) + " →</a>\n";
  return out + "</nav>\n";
}

// Right or wrong behaviour: the invariant held, or it broke (or the run did not finish).
const char* behaviour_class(HarnessVerdict v) {
  switch (v) {
    case HarnessVerdict::pass: return "right";
    case HarnessVerdict::fail:
    case HarnessVerdict::deadlock:
    case HarnessVerdict::crash:
    case HarnessVerdict::timeout: return "wrong";
    default: return "none";
  }
}

std::string declared_mark(std::optional<bool> matches) {
  if (!matches) return "<span class=\"declared none\">not compared</span>";
  return *matches ? "<span class=\"declared yes\">as declared</span>"
                  : "<span class=\"declared no\">NOT as declared</span>";
}

std::optional<bool> harness_matches(const VariantResult& r) {
  if (r.verdict == HarnessVerdict::skipped || r.verdict == HarnessVerdict::not_run) return std::nullopt;
  return r.harness_matches();
}

// The variant's file as the repository names it (examples/lost_update/buggy.cpp), not where
// this build found it.
std::string repo_path(const std::string& file) {
  const auto at = file.rfind("examples/");
  return at == std::string::npos ? file : file.substr(at);
}

std::string anchor(const VariantResult& r) { return "variant-" + r.variant; }

std::string overview(const CataloguePage& page) {
  std::ostringstream out;
  out << "<table class=\"overview\">\n<tr><th>variant</th><th>what it is</th><th>behaviour</th><th>declares</th>"
         "<th>racecheck</th></tr>\n";
  for (const CatalogueEntry& e : page.entries) {
    const VariantResult& r = e.result;
    std::string behaviour = to_string(r.verdict);
    if (r.report.runs > 0) behaviour += " " + std::to_string(r.report.failing_runs) + "/" + std::to_string(r.report.runs);
    const std::string checker = !e.checker.ran ? "not run" : e.checker.rules().empty() ? "no finding"
                                                                                        : std::to_string(e.checker.findings.size()) + " finding(s)";
    out << "<tr><td><a href=\"#" << esc(anchor(r)) << "\">" << esc(r.variant) << "</a></td><td>" << esc(r.summary)
        << "</td><td class=\"" << behaviour_class(r.verdict) << "\">" << esc(behaviour) << "</td><td>"
        << declared_mark(harness_matches(r)) << " (" << racelab::to_string(r.expected) << ")</td><td>" << esc(checker)
        << (e.checker.ran ? " " + declared_mark(r.checker_matches()) : "") << "</td></tr>\n";
  }
  out << "</table>\n";
  return out.str();
}

// "counter = 9" before "counter = 10": digit runs compare as numbers.
bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t ei = i, ej = j;
      while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) ++ei;
      while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) ++ej;
      const std::string x = a.substr(i, ei - i), y = b.substr(j, ej - j);
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      i = ei;
      j = ej;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

std::string histogram(const racelab::Report& report) {
  // A variant that describes no state has one outcome, "": nothing to draw.
  if (report.outcomes.empty() || (report.outcomes.size() == 1 && report.outcomes.begin()->first.empty())) return "";
  long long most = 0;
  for (const auto& [state, count] : report.outcomes) most = std::max(most, count);
  std::ostringstream out;
  out << "<table class=\"outcomes\">\n<caption>Final state of each of the " << report.runs << " runs</caption>\n"
      << "<tr><th>final state</th><th>runs</th><th></th></tr>\n";
  std::vector<std::pair<std::string, long long>> rows(report.outcomes.begin(), report.outcomes.end());
  std::sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) { return natural_less(x.first, y.first); });
  for (const auto& [state, count] : rows) {
    const long long percent = most > 0 ? (count * 100 + most - 1) / most : 0;
    out << "<tr><td><code>" << esc(state) << "</code></td><td class=\"count\">" << count
        << "</td><td class=\"barcell\"><span class=\"bar\" style=\"width: " << percent << "%\">&nbsp;</span></td></tr>\n";
  }
  out << "</table>\n";
  return out.str();
}

std::string harness_part(const CatalogueEntry& e) {
  const VariantResult& r = e.result;
  std::ostringstream out;
  out << "<h3>The harness: <span class=\"" << behaviour_class(r.verdict) << "\">" << esc(to_string(r.verdict))
      << "</span> " << declared_mark(harness_matches(r)) << "</h3>\n";
  out << render_html_harness_statistics(r) << histogram(r.report) << render_html_first_failure(r);
  if (!e.diagram.empty()) {
    out << "<p><img class=\"diagram\" src=\"" << esc(e.diagram) << "\" alt=\"sequence diagram of the first failing run of "
        << esc(r.name()) << "\"></p>\n";
  }
  return out.str();
}

std::string checker_part(const CatalogueEntry& e) {
  const VariantResult& r = e.result;
  std::ostringstream out;
  out << "<h3>racecheck " << declared_mark(r.checker_matches()) << "</h3>\n";
  if (!e.checker.ran) return out.str() + "<p>Not run: " + esc(e.checker.note) + "</p>\n";
  if (e.checker.findings.empty()) return out.str() + "<p>No finding on <code>" + esc(repo_path(r.file)) + "</code>.</p>\n";
  out << "<pre>";
  for (const CheckerFinding& f : e.checker.findings) {
    out << esc(std::filesystem::path(f.file).filename().string() + ":" + std::to_string(f.line) + ": " + f.message +
               " [" + f.rule + "]")
        << "\n";
  }
  out << "</pre>\n";
  return out.str();
}

std::string code_part(const CatalogueEntry& e) {
  const std::string file = std::filesystem::path(e.result.file).filename().string();
  std::ostringstream out;
  if (!e.source.empty()) {
    out << "<details>\n<summary>The source: <code>" << esc(file) << "</code></summary>\n<pre>" << esc(e.source)
        << "</pre>\n</details>\n";
  }
  if (!e.diff.empty()) {
    out << "<details>\n<summary><code>" << esc(file) << "</code> against <code>" << esc(e.diff_base)
        << "</code></summary>\n<pre class=\"diff\">";
    std::istringstream lines(e.diff);
    for (std::string line; std::getline(lines, line);) {
      const char* css = line.rfind("+++", 0) == 0 || line.rfind("---", 0) == 0 ? "file"
                        : line.rfind("@@", 0) == 0                             ? "hunk"
                        : line.rfind('+', 0) == 0                              ? "added"
                        : line.rfind('-', 0) == 0                              ? "removed"
                                                                               : "";
      out << (*css != 0 ? "<span class=\"" + std::string(css) + "\">" + esc(line) + "</span>" : esc(line)) << "\n";
    }
    out << "</pre>\n</details>\n";
  }
  return out.str();
}

}  // namespace

std::string catalogue_page_file(const std::string& scenario) { return scenario + ".html"; }

std::string render_catalogue_page(const CataloguePage& page, const std::string& command) {
  std::ostringstream out;
  out << head(page.scenario + ": every variant, run") << site_nav(page.course_page) << neighbours(page, "top")
      << "<main>\n<h1>" << page.number << ". " << esc(page.scenario) << ": every variant, run</h1>\n"
      << "<p>Made by <code>" << esc(command) << "</code> from real runs when this site was built.";
  if (page.course_page) out << " The lesson: <a href=\"../" << esc(page.scenario) << ".html\">" << esc(page.scenario) << "</a>.";
  out << "</p>\n<p class=\"legend\"><span class=\"right\">green</span>: the invariant held. "
         "<span class=\"wrong\">red</span>: it broke (or the run deadlocked, crashed or timed out). "
         "<span class=\"declared yes\">as declared</span> / <span class=\"declared no\">NOT as declared</span>: "
         "whether that is what the variant says it does (a buggy variant is meant to break).</p>\n"
      << overview(page);
  for (const CatalogueEntry& e : page.entries) {
    const VariantResult& r = e.result;
    out << "<section id=\"" << esc(anchor(r)) << "\">\n<h2>" << esc(r.name()) << "</h2>\n<p>" << esc(r.summary)
        << " <span class=\"where\">" << esc(repo_path(r.file)) << "</span></p>\n"
        << harness_part(e) << checker_part(e) << code_part(e) << "</section>\n";
  }
  out << "</main>\n" << neighbours(page, "bottom") << "</body>\n</html>\n";
  return out.str();
}

std::string render_catalogue_index(const std::vector<CataloguePage>& pages, bool course, const std::string& command) {
  std::ostringstream out;
  out << head("every scenario, run") << site_nav(course) << "<main>\n<h1>The catalogue: every scenario, run</h1>\n"
      << "<p>Made by <code>" << esc(command) << "</code>. One page per scenario, in course order, each with every "
      << "variant's real runs, sources and diffs.</p>\n<ol>\n";
  for (const CataloguePage& p : pages) {
    int wrong = 0;
    for (const CatalogueEntry& e : p.entries) wrong += e.result.verdict == HarnessVerdict::fail ? 1 : 0;
    out << "<li><a href=\"" << esc(catalogue_page_file(p.scenario)) << "\">" << esc(p.scenario) << "</a>: "
        << p.entries.size() << " variants, " << wrong << " of them broke the invariant</li>\n";
  }
  out << "</ol>\n</main>\n</body>\n</html>\n";
  return out.str();
}

std::string catalogue_style() {
  return R"(/* racestress site: the catalogue pages (catalogue_pages.cpp). */
body { max-width: 60rem; margin: 0 auto; padding: 0 1rem 3rem; font: 16px/1.5 system-ui, sans-serif; color: #1d1d1f; }
nav { display: flex; flex-wrap: wrap; gap: 0.5rem 1.2rem; }
nav.site { padding: 0.7rem 0; border-bottom: 1px solid #ddd; }
nav.course { justify-content: space-between; padding: 0.8rem 0; }
nav.course a[rel=next] { margin-left: auto; }
a { color: #0b5cad; }
pre { overflow-x: auto; padding: 0.7rem 0.9rem; background: #f6f8fa; border-radius: 6px; font-size: 0.85em; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.93em; }
th, td { border: 1px solid #ddd; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
.right { background: #e3f5e1; } .wrong { background: #f9d6d5; } .none { color: #777; }
.declared { font-size: 0.8em; padding: 0.05rem 0.4rem; border-radius: 4px; border: 1px solid #999; }
.declared.yes { border-color: #2e7d32; color: #2e7d32; } .declared.no { border-color: #c62828; color: #c62828; font-weight: bold; }
td.count { text-align: right; } td.barcell { width: 16rem; }
span.bar { display: inline-block; height: 0.8em; background: #5b7fc7; }
td.actor0 { background: #e8f0fe; } td.actor1 { background: #fef3e0; } td.actor2 { background: #eef7ee; } td.actor3 { background: #f6e8f6; }
.where { color: #777; font-size: 0.85em; }
section { border-top: 2px solid #ddd; margin-top: 2rem; }
details { margin: 1rem 0; padding: 0.5rem 0.9rem; border: 1px solid #e3c770; border-radius: 6px; background: #fffbea; }
details > summary { cursor: pointer; font-weight: 600; }
pre.diff .added { color: #116329; } pre.diff .removed { color: #a40e26; } pre.diff .hunk { color: #6f42c1; } pre.diff .file { font-weight: bold; }
img.diagram { max-width: 100%; }
)";
}

}  // namespace racestress
