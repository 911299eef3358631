// racestress site DIR: writes the study site. racestress itself makes every part that comes
// from running its catalogue: DIR/catalogue/, an index and one page per scenario in course order
// (catalogue_pages.h), from real runs made now. With the racelab source tree at hand (the one
// racestress was built from, or --source), the course pages, docs/*.md, are rendered too, by
// pandoc through the tree's scripts/build-site.py, which also reruns the pages' recorded
// `$ racestress` (and, with racecheck, `$ build/tool/racecheck`) blocks and fails on a
// difference. The site is written into DIR.partial and then put in DIR's place, so DIR is never
// half-written; DIR must be new, empty, or a site racestress wrote (it holds .racelab-site).
//
// Exit codes: 0 the site is written; 1 it is written, but a course page's recorded run is not
// what the tools print now, or a page links to a path that is not in the tree; 2 usage: DIR (or
// DIR.partial) is not empty and is not a racestress site, no course sources or no pandoc or
// python3 for them (--no-course writes the catalogue alone), a file that cannot be written.
// --update-docs writes the real outputs into docs/*.md instead of a site (0 all placed, 1 not).
#include <unistd.h>

#include <cstdlib>
#include <future>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "catalogue_pages.h"
#include "checker_client.h"
#include "child_process.h"
#include "output.h"
#include "racelab/report.h"
#include "racestress_app.h"
#include "source_path.h"
#include "variant_runner.h"

#ifndef RACELAB_SOURCE_DIR
#define RACELAB_SOURCE_DIR ""
#endif

namespace racestress {
namespace {

namespace fs = std::filesystem;

constexpr const char* kMarker = ".racelab-site";
constexpr double kCourseTimeoutSeconds = 900;

struct SiteError {
  std::string message;
};

// A program on PATH, or "" when there is none.
std::string on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return in ? text.str() : "";
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw SiteError{"cannot write " + path.string()};
}

bool is_buggy(const std::string& stem) {
  return stem == "buggy" || (stem.size() > 6 && stem.compare(stem.size() - 6, 6, "_buggy") == 0);
}

std::size_t shared_start(const std::string& a, const std::string& b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

// The buggy file a variant's file is compared with: of its scenario's buggy files, the one whose
// name starts most like the variant's (vector_mutex against vector_buggy), "buggy" on a tie.
std::string buggy_base(const fs::path& file, const std::vector<fs::path>& scenario_files) {
  const std::string stem = file.stem().string();
  if (is_buggy(stem)) return "";
  std::string best;
  std::size_t best_shared = 0;
  for (const fs::path& f : scenario_files) {
    const std::string s = f.stem().string();
    if (!is_buggy(s)) continue;
    const std::size_t shared = shared_start(s, stem);
    if (best.empty() || shared > best_shared || (shared == best_shared && s == "buggy")) {
      best = f.string();
      best_shared = shared;
    }
  }
  return best;
}

std::string unified_diff(const std::string& scenario, const fs::path& base, const fs::path& file,
                         const std::string& scratch) {
  const std::string prefix = "examples/" + scenario + "/";
  const ChildResult r = run_child({on_path("diff"), "-u", "--label", prefix + base.filename().string(), "--label",
                                   prefix + file.filename().string(), base.string(), file.string()},
                                  {}, 30, scratch);
  if (!r.started || (r.exit_code != 0 && r.exit_code != 1)) {
    throw SiteError{"diff -u " + base.string() + " " + file.string() + " failed (exit " + std::to_string(r.exit_code) +
                    "; diffutils installs diff): " + r.err};
  }
  return r.out;
}

// Runs every variant of one scenario and gathers what its catalogue page shows.
CataloguePage scenario_page(const std::string& scenario, const CommandLine& line, CheckerClient& checker,
                            const fs::path& folder, const std::string& scratch, std::ostream& err) {
  CataloguePage page;
  page.scenario = scenario;
  const auto variants = racelab::Catalogue::instance().select(scenario);
  std::vector<fs::path> files;
  for (const racelab::Variant* v : variants) files.emplace_back(variant_source_path(v->file));
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const racelab::Variant& v = *variants[i];
    CatalogueEntry e;
    e.result = declared(v, effective_params(v, {}));
    const std::string unavailable = v.unavailable ? v.unavailable() : "";
    if (!unavailable.empty()) {
      e.result.verdict = HarnessVerdict::skipped;
      e.result.harness_note = unavailable;
    } else {
      run_in_child(v, line, 0, e.result);
    }
    if (line.check_variants && line.checker_enabled) {
      e.checker = checker.check(files[i].string());
      if (e.checker.ran) e.result.checker = e.checker.rules();
    } else {
      e.checker.note = line.checker_enabled ? "racestress site --racecheck-variants runs it on every variant"
                                            : "--no-checker";
    }
    e.source = read_text(files[i]);
    const std::string base = buggy_base(files[i], files);
    if (!base.empty() && !e.source.empty() && fs::is_regular_file(base)) {  // an installed racestress may have no sources
      e.diff_base = fs::path(base).filename().string();
      e.diff = unified_diff(scenario, base, files[i], scratch);
    }
    if (e.result.report.first_failure) {
      e.diagram = scenario + "-" + v.variant + ".svg";
      write_text(folder / e.diagram, racelab::render_sequence_svg(e.result.report.first_failure->trace));
    }
    err << "racestress site: " << v.name() << ": " << to_string(e.result.verdict) << "\n";
    page.entries.push_back(std::move(e));
  }
  return page;
}

std::string command_text(const CommandLine& line) {
  return "racestress site DIR -n " + std::to_string(line.site_iterations) +
         (line.check_variants ? " --racecheck-variants" : "");
}

void write_catalogue(const fs::path& folder, const CommandLine& given, bool course, std::ostream& err) {
  CommandLine line = given;
  line.harness.iterations = line.site_iterations;
  line.harness.collect_outcomes = true;
  fs::create_directories(folder);
  CheckerClient checker(line.racecheck, line.build_dir);
  const std::string scratch = make_temp_dir("racestress-site");
  std::vector<CataloguePage> pages;
  try {
    const auto scenarios = racelab::Catalogue::instance().scenarios();
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      pages.push_back(scenario_page(scenarios[i], line, checker, folder, scratch, err));
      pages.back().number = static_cast<int>(i + 1);
      pages.back().prev = i > 0 ? scenarios[i - 1] : "";
      pages.back().next = i + 1 < scenarios.size() ? scenarios[i + 1] : "";
      pages.back().course_page = course;
    }
  } catch (...) {
    remove_tree(scratch);
    throw;
  }
  remove_tree(scratch);
  const std::string command = command_text(line);
  for (const CataloguePage& p : pages) write_text(folder / catalogue_page_file(p.scenario), render_catalogue_page(p, command));
  write_text(folder / kCatalogueIndex, render_catalogue_index(pages, course, command));
  write_text(folder / kCatalogueStyle, catalogue_style());
}

bool is_site_or_empty(const fs::path& dir) {
  return !fs::exists(dir) || (fs::is_directory(dir) && (fs::is_empty(dir) || fs::exists(dir / kMarker)));
}

// The course step: scripts/build-site.py of the source tree, which renders docs/*.md into `out`.
int render_course(const CommandLine& line, const fs::path& tree, const fs::path& out, std::ostream& stdout_,
                  std::ostream& err) {
  std::vector<std::string> argv = {on_path("python3"), (tree / "scripts/build-site.py").string(), "--racestress",
                                   self_executable()};
  if (!out.empty()) argv.insert(argv.end(), {"--out", out.string()});
  CheckerClient checker(line.racecheck, line.build_dir);
  if (line.checker_enabled && checker.available()) argv.insert(argv.end(), {"--racecheck", line.racecheck, "-p", line.build_dir});
  std::string tsan = line.tsan_racestress;
  const fs::path tsan_default = tree / "build-tsan/runtime/racestress/racestress";
  if (tsan.empty() && ::access(tsan_default.c_str(), X_OK) == 0) tsan = tsan_default.string();
  if (!tsan.empty()) argv.insert(argv.end(), {"--tsan-racestress", tsan});
  if (line.update_docs) argv.emplace_back("--update-docs");
  const std::string scratch = make_temp_dir("racestress-course");
  const ChildResult r = run_child(argv, {}, kCourseTimeoutSeconds, scratch);
  remove_tree(scratch);
  stdout_ << r.out;
  err << r.err;
  if (!r.started || r.timed_out || r.signal != 0) {
    err << "racestress site: the course step (" << argv[1] << ") did not finish\n";
    return kExitUsage;
  }
  return r.exit_code == 0 || r.exit_code == 1 ? r.exit_code : kExitUsage;
}

// Puts the finished `staging` in `dir`'s place: the old site goes aside first and is removed
// after, so that DIR is always either the old site or the new one.
void install(const fs::path& staging, const fs::path& dir) {
  const fs::path old = dir.string() + ".old";
  fs::remove_all(old);
  if (fs::exists(dir)) fs::rename(dir, old);
  fs::rename(staging, dir);
  fs::remove_all(old);
}

int build_site(const CommandLine& line, std::ostream& out, std::ostream& err) {
  const fs::path tree = line.source_dir.empty() ? fs::path(RACELAB_SOURCE_DIR) : fs::path(line.source_dir);
  bool course = line.course;
  if (course) {
    const fs::path renderer = tree / "scripts/build-site.py";
    if (tree.empty() || !fs::is_regular_file(renderer) || !fs::is_directory(tree / "docs")) {
      throw SiteError{"no racelab source tree at '" + tree.string() +
                      "' (its docs/ and scripts/build-site.py render the course); give one with --source TREE, "
                      "or --no-course for the catalogue pages alone"};
    }
    for (const char* tool : {"python3", "pandoc"}) {
      if (on_path(tool).empty()) {
        throw SiteError{std::string(tool) + " not found: the course pages need it (scripts/setup.sh installs it); "
                        "--no-course writes the catalogue pages alone"};
      }
    }
  }
  if (line.update_docs) {
    if (!course) throw SiteError{"--update-docs rewrites the course pages, so it cannot go with --no-course"};
    return render_course(line, tree, fs::path(), out, err);  // build-site.py: no --out with --update-docs
  }

  const fs::path dir = fs::absolute(line.site_dir).lexically_normal();
  const fs::path staging = dir.string() + ".partial";
  for (const fs::path& d : {dir, staging}) {
    if (!is_site_or_empty(d)) {
      throw SiteError{d.string() + " exists and is not a site racestress wrote (no " + kMarker +
                      " in it); not touching it: remove it or choose another DIR"};
    }
  }
  fs::remove_all(staging);
  fs::create_directories(staging);
  write_text(staging / kMarker, "written by racestress site; the whole folder is replaced on each build\n");
  // The catalogue's runs and the course step run side by side: both mostly wait (on the
  // variants' processes, a PostgreSQL server starting, pandoc), and the site is ready sooner.
  std::ostringstream progress;
  auto catalogue = std::async(std::launch::async, [&] { write_catalogue(staging / "catalogue", line, course, progress); });
  int code = kExitOk;
  if (course) code = render_course(line, tree, staging, out, err);
  try {
    catalogue.get();
  } catch (...) {
    fs::remove_all(staging);
    throw;
  }
  err << progress.str();
  if (code == kExitUsage) {
    fs::remove_all(staging);
    return code;
  }
  if (!course) {
    write_text(staging / "index.html",
               "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>racelab</title>\n"
               "</head>\n<body>\n<p><a href=\"catalogue/index.html\">Every scenario of the catalogue, run</a></p>\n"
               "</body>\n</html>\n");
  }
  install(staging, dir);
  out << "racestress site: written to " << dir.string() << " (open "
      << (dir / (course ? "start-here.html" : "catalogue/index.html")).string() << ")\n";
  if (code != kExitOk) err << "racestress site: the site is written, but a course check failed (above)\n";
  return code;
}

}  // namespace

int site_main(const CommandLine& line, std::ostream& out, std::ostream& err) {
  try {
    return build_site(line, out, err);
  } catch (const SiteError& e) {
    err << "racestress site: " << e.message << "\n";
  } catch (const fs::filesystem_error& e) {
    err << "racestress site: " << e.what() << "\n";
  }
  return kExitUsage;
}

}  // namespace racestress
