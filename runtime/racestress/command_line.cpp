#include "command_line.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <memory>

#include "child_protocol.h"
#include "harness_options.h"
#include "racelab/version.h"

#ifndef RACELAB_DEFAULT_RACECHECK
#define RACELAB_DEFAULT_RACECHECK ""
#endif
#ifndef RACELAB_DEFAULT_BUILD_DIR
#define RACELAB_DEFAULT_BUILD_DIR "."
#endif

namespace racestress {
namespace {

using racelab::detail::add_harness_options;
using racelab::detail::integer_at_least;
using racelab::detail::OptionSource;
using racelab::detail::one_of;
using racelab::detail::positive_integer;
using racelab::detail::real_in;

constexpr const char* kExitCodes =
    "exit codes: 0 every expectation met (skipped variants aside), 1 an invariant broke unexpectedly\n"
    "(or an expected failure never showed), 66 TSan reported unexpectedly, 3 racecheck disagreed\n"
    "with a variant's declaration, 4 nothing ran (every selected variant was skipped, e.g. no\n"
    "PostgreSQL here, or made zero runs), 2 usage error (also a --shard that is not I/N with\n"
    "0 <= I < N, or bad GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS), 124 timeout. A shard with no variant\n"
    "(N larger than the selection) runs nothing and exits 0.\n";

constexpr long long kMaxMib = 1LL << 40;  // so that MiB in bytes fits a long long

// Where the parser writes what it reads, besides the CommandLine itself.
struct Scratch {
  std::vector<std::string> params;  // --param NAME=N, and --NAME N rewritten to it
  std::string variant;              // replay's one variant
  std::string request;              // __child's JSON
  std::string shard;                // run --shard I/N, as given
  bool no_checker = false;
};

CLI::Validator name_equals_integer() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const auto eq = text.find('=');
        errno = 0;
        char* end = nullptr;
        const std::string number = eq == std::string::npos ? "" : text.substr(eq + 1);
        std::strtoll(number.c_str(), &end, 0);
        const bool ok = eq != std::string::npos && eq > 0 && !number.empty() && errno == 0 && *end == 0;
        return ok ? "" : "needs NAME=INTEGER, got '" + text + "'";
      },
      "");
}

void add_param_option(CLI::App& command, Scratch& s) {
  command.add_option("--param", s.params, "set a variant parameter, e.g. --param threads=4 (or --threads 4)")
      ->check(name_equals_integer())
      ->take_all();
}

// The whole schema. `line` and `s` receive the values; the app refers to them.
std::unique_ptr<CLI::App> make_app(CommandLine& line, Scratch& s) {
  auto app = std::make_unique<CLI::App>("racestress: runs the example catalogue under the stress harness, "
                                        "beside ThreadSanitizer and racecheck",
                                        "racestress");
  app->require_subcommand(1);
  app->footer(kExitCodes);
  app->set_version_flag("--version", "racestress (racelab) " RACELAB_VERSION, "print racelab's version and exit");

  CLI::App* list = app->add_subcommand("list", "every variant (or only the scenario names)");
  list->add_flag("--scenarios", line.scenarios_only, "only the scenario names");
  list->callback([&line] { line.command = Command::list; });

  CLI::App* run = app->add_subcommand("run", "run variants: a scenario (lost_update), one variant "
                                             "(lost_update/buggy), or \"all\"");
  run->add_option("selectors", line.selectors, "scenarios or variants");
  add_harness_options(*run, line.harness, OptionSource::command_line);
  run->add_option("--variant-timeout", line.variant_timeout_seconds,
                  "kill a variant's process after SEC (default: budget-based, or 600)")
      ->check(real_in(0, 1e300, false, "a positive number of seconds, at most 1e300"));
  run->add_option("--variant-memory-limit", line.variant_memory_mib,
                  "MiB of memory a variant's process may take (its address space; in a TSan build, its "
                  "resident memory); 0: no limit (default: half of this machine's memory)")
      ->check(integer_at_least(0, kMaxMib, "a number of MiB (0 for no limit)"))
      ->type_name("MIB");
  run->add_option("--variant-output-limit", line.variant_output_mib,
                  "MiB a variant's process may write to each of its output files (stdout, stderr); "
                  "0: no limit (default 64)")
      ->check(integer_at_least(0, kMaxMib, "a number of MiB (0 for no limit)"))
      ->type_name("MIB");
  run->add_option_function<std::string>(
         "--format", [&line](const std::string& v) { line.format = v == "json" ? Format::json : Format::text; },
         "text|json; json: one JSON object per line per variant")
      ->check(one_of({"text", "json"}));
  run->add_option("--junit", line.junit_path, "also write JUnit XML");
  run->add_option("--html", line.html_path, "also write an HTML page: comparison table, step tables, TSan, racecheck");
  run->add_flag("--mermaid", line.mermaid, "also print the first failing interleaving as a Mermaid sequence diagram");
  run->add_option("--svg", line.svg_path, "also write the first failing interleaving as an SVG sequence diagram to FILE")
      ->type_name("FILE");
  run->add_option("--racecheck", line.racecheck, "racecheck binary for the checker column");
  run->add_option("-p", line.build_dir, "directory with compile_commands.json for racecheck");
  run->add_flag("--no-checker", s.no_checker, "skip the checker column");
  run->add_option("--shard", s.shard,
                  "run only shard I of N (I from 0): the selected variants at positions I, I+N, ...; "
                  "without it, GTEST_SHARD_INDEX and GTEST_TOTAL_SHARDS are honoured")
      ->type_name("I/N");
  run->add_flag("--in-process", line.in_process, "run the variants in this process (no crash isolation, no TSan column)");
  add_param_option(*run, s);
  run->callback([&line] { line.command = Command::run; });

  CLI::App* replay = app->add_subcommand("replay", "replay one interleaving of VARIANT exactly: --schedule S, "
                                                   "or --seed RUN_SEED [--strategy random|pct]");
  replay->add_option("variant", s.variant, "scenario/variant")->required();
  add_harness_options(*replay, line.harness, OptionSource::command_line);
  replay->add_option("--repeat", line.repeat, "replay N times and count how often the same interleaving comes back")
      ->check(positive_integer());
  replay->add_flag("--mermaid", line.mermaid, "also print the interleaving as a Mermaid sequence diagram");
  replay->add_option("--svg", line.svg_path, "also write the interleaving as an SVG sequence diagram to FILE")
      ->type_name("FILE");
  add_param_option(*replay, s);
  replay->callback([&line] { line.command = Command::replay; });

  CLI::App* play = app->add_subcommand("play", "play the scheduler: run VARIANT through the steps you name, "
                                               "e.g. --steps \"A.read B.read A.write B.write\"; a step whose "
                                               "state needs a lock an actor holds shows \"(state not shown: A "
                                               "holds mutex 1)\"");
  play->add_option("variant", s.variant, "scenario/variant")->required();
  play->add_option("--steps", line.steps, "the interleaving, ACTOR.POINT words in order (a bare ACTOR: its next point)")
      ->required();
  play->add_option("--run-timeout", line.harness.run_timeout_seconds, "watchdog (default 5): longer is a deadlock")
      ->check(real_in(0, 1e300, false, "a positive number of seconds, at most 1e300"));
  play->add_option("--svg", line.svg_path, "also write the steps as an SVG sequence diagram to FILE")
      ->type_name("FILE");
  add_param_option(*play, s);
  play->callback([&line] { line.command = Command::play; });

  CLI::App* site = app->add_subcommand("site", "write the study site to DIR: the catalogue's pages from real runs "
                                               "(sources, diffs against the buggy variant, outcome histograms, "
                                               "failing interleavings as SVG, racecheck's findings) and the course "
                                               "pages of docs/*.md (pandoc)");
  site->add_option("dir", line.site_dir, "the site's folder: new, empty, or a site racestress wrote before");
  site->add_option("--source", line.source_dir, "the racelab source tree whose docs/*.md are the course and whose "
                                                 "scripts/site/ renders them (default: the tree racestress was built from)")
      ->type_name("TREE");
  site->add_flag("--no-course", [&line](std::int64_t) { line.course = false; },
                 "only the catalogue pages; needs neither docs/ nor pandoc");
  site->add_flag("--update-docs", line.update_docs,
                 "write what the pages' recorded runs print now into docs/*.md, and write no site");
  site->add_option("-n,--iterations", line.site_iterations, "controlled runs per variant on the catalogue pages (default 200)")
      ->check(positive_integer());
  site->add_option("--racecheck", line.racecheck, "racecheck binary: the course pages' `$ build/tool/racecheck` blocks "
                                                  "are rerun with it and compared (default: the one built here)");
  site->add_option("--tsan-racestress", line.tsan_racestress,
                   "a TSan build's racestress: the course pages' `$ build-tsan/runtime/racestress/racestress` "
                   "blocks are rerun with it and compared (default: TREE/build-tsan's, when it is built)")
      ->type_name("PATH");
  site->add_flag("--racecheck-variants", line.check_variants,
                 "also run racecheck on every variant's file for the catalogue pages (about 1.5 CPU-seconds a file)");
  site->add_option("-p", line.build_dir, "directory with compile_commands.json for racecheck");
  site->add_flag("--no-checker", s.no_checker, "leave racecheck out (its course blocks stay as recorded)");
  site->callback([&line] { line.command = Command::site; });

  CLI::App* child = app->add_subcommand("__child", "one variant, for a parent racestress")->group("");  // hidden
  child->add_option("--request", s.request, "the parent's ChildRequest, as JSON")->required();
  child->callback([&line] { line.command = Command::child; });

  CLI::App* help = app->add_subcommand("help", "this text")->group("");
  help->callback([&line] { line.command = Command::help; });
  return app;
}

const CLI::App* find_command(const CLI::App& app, const std::string& name) {
  const auto found = app.get_subcommands([&name](const CLI::App* c) { return c->check_name(name); });
  return found.empty() ? nullptr : found.front();
}

// A variant parameter may be given as its own flag (--threads 4): those the command does not
// know become --param NAME=VALUE, checked against the selected variants later.
std::vector<std::string> spell_out_parameters(const CLI::App& app, const std::vector<std::string>& args) {
  if (args.empty()) return args;
  const CLI::App* command = find_command(app, args[0]);
  if (command == nullptr || (args[0] != "run" && args[0] != "replay" && args[0] != "play")) return args;
  std::vector<std::string> out = {args[0]};
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    const auto eq = a.find('=');
    const std::string name = a.substr(0, eq);
    const bool looks_like_parameter = name.size() > 2 && name.rfind("--", 0) == 0;
    if (!looks_like_parameter || command->get_option_no_throw(name) != nullptr || name == "--help") {
      out.push_back(a);
    } else if (eq != std::string::npos) {
      out.insert(out.end(), {"--param", name.substr(2) + a.substr(eq)});
    } else if (i + 1 < args.size()) {
      out.insert(out.end(), {"--param", name.substr(2) + "=" + args[++i]});
    } else {
      out.push_back(a);  // no value: CLI11 says so
    }
  }
  return out;
}

std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

}  // namespace

std::string usage_text() {
  CommandLine line;
  Scratch s;
  return make_app(line, s)->help();
}

ParseResult parse_command_line(const std::vector<std::string>& given) {
  ParseResult result;
  CommandLine line;
  line.racecheck = RACELAB_DEFAULT_RACECHECK;
  line.build_dir = RACELAB_DEFAULT_BUILD_DIR;
  Scratch s;
  const auto app = make_app(line, s);
  if (given.empty()) {
    result.error = "missing command (list, run, replay, play or site); see racestress --help";
    return result;
  }
  if (given[0].rfind("-", 0) != 0 && find_command(*app, given[0]) == nullptr) {
    result.error = "unknown command '" + given[0] + "' (expected list, run, replay, play or site)";
    return result;
  }
  std::vector<std::string> args = spell_out_parameters(*app, given);
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    app->parse(args);
  } catch (const CLI::CallForHelp&) {
    line.command = Command::help;
    result.help = app->help();
    result.line = line;
    return result;
  } catch (const CLI::CallForVersion& e) {
    line.command = Command::help;  // print result.help, exit 0
    result.help = std::string(e.what()) + "\n";
    result.line = line;
    return result;
  } catch (const CLI::ParseError& e) {
    result.error = one_line(e.what());
    return result;
  }
  if (line.command == Command::help) result.help = usage_text();
  line.checker_enabled = !s.no_checker;
  if (line.command == Command::play) line.selectors = {s.variant};
  if (line.command == Command::replay) {
    line.selectors = {s.variant};
    line.seed_given = app->get_subcommand("replay")->count("--seed") > 0;
  }
  for (const std::string& p : s.params) {
    const auto eq = p.find('=');
    line.param_overrides[p.substr(0, eq)] = std::strtoll(p.c_str() + eq + 1, nullptr, 0);
  }
  if (line.command == Command::child) {
    try {
      const ChildRequest request = Json::parse(s.request).get<ChildRequest>();
      line.selectors = {request.variant};
      line.harness = request.harness;
      line.param_overrides = request.params;
      line.crash_record = request.crash_record;
    } catch (const nlohmann::json::exception& e) {
      result.error = std::string("__child --request is not a request: ") + e.what();
      return result;
    }
  }
  if (line.command == Command::site && line.site_dir.empty() == !line.update_docs) {
    result.error = line.update_docs ? "site --update-docs rewrites docs/*.md and writes no site: give no DIR"
                                    : "site needs DIR, the site's folder, e.g. racestress site build/site";
    return result;
  }
  if (line.command == Command::run && line.selectors.empty()) {
    result.error = "run needs a scenario or variant, e.g. racestress run lost_update";
    return result;
  }
  if (line.command == Command::run) {
    std::string shard_error;
    const bool shard_given = app->get_subcommand("run")->count("--shard") > 0;
    line.shard = !shard_given ? shard_from_gtest_variables(std::getenv("GTEST_SHARD_INDEX"),
                                                              std::getenv("GTEST_TOTAL_SHARDS"), shard_error)
                                 : parse_shard(s.shard, shard_error);
    if (!shard_error.empty()) {
      result.error = shard_error;
      return result;
    }
  }
  if (line.command == Command::replay && line.harness.schedule.empty() &&
      app->get_subcommand("replay")->count("--schedule") > 0) {
    result.error = "--schedule: the schedule is empty (give the one racestress run printed, e.g. AB2A)";
    return result;
  }
  if (line.command == Command::replay && line.harness.schedule.empty() && !line.seed_given) {
    result.error = "replay needs --schedule S or --seed RUN_SEED";
    return result;
  }
  result.line = line;
  return result;
}

std::vector<std::string> child_arguments(const CommandLine& line, const std::string& variant,
                                         double time_budget_seconds, const std::string& crash_record) {
  ChildRequest request{variant, line.harness, line.param_overrides, crash_record};
  request.harness.time_budget_seconds = time_budget_seconds;
  return {"__child", "--request", Json(request).dump()};
}

racelab::Params effective_params(const racelab::Variant& variant, const racelab::Params& overrides) {
  racelab::Params p = variant.params;
  for (const auto& [k, v] : overrides) {
    if (p.count(k) != 0) p[k] = v;
  }
  return p;
}

}  // namespace racestress
