// racestress's command line, one CLI11 schema for every command:
//   racestress list [--scenarios]
//   racestress run SELECTOR... [options]        SELECTOR: scenario or scenario/variant
//                  [--shard I/N]                 one share of them (shard.h)
//   racestress replay VARIANT (--schedule S | --seed RUN_SEED [--strategy ...]) [--repeat N]
//   racestress play VARIANT --steps "A.read B.read A.write B.write"   (racelab/play.h)
//   racestress site DIR [--source TREE] [--no-course] [-n N] [--update-docs] [--racecheck-variants]   (site_command.cpp)
//   racestress __child --request JSON           internal: one variant, for its parent (child_protocol.h)
// The harness options are the table in runtime/src/harness_options.h, shared with the
// RACELAB_* environment overrides.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "racelab/catalogue.h"
#include "racelab/options.h"
#include "shard.h"

namespace racestress {

enum class Command { help, list, run, replay, play, site, child };
enum class Format { text, json };

struct CommandLine {
  Command command = Command::help;
  std::vector<std::string> selectors;
  racelab::Options harness;
  bool seed_given = false;
  racelab::Params param_overrides;
  Format format = Format::text;
  std::string junit_path;
  std::string html_path;  // --html: the study page with all three verdicts
  std::string racecheck;
  std::string build_dir;
  bool checker_enabled = true;
  bool in_process = false;
  bool scenarios_only = false;  // list --scenarios
  bool mermaid = false;         // also print the failing interleaving as a Mermaid diagram
  std::string svg_path;         // --svg: also write the interleaving as an SVG sequence diagram
  int repeat = 1;
  std::string steps;  // play --steps
  std::string site_dir;         // site DIR
  std::string source_dir;       // site --source: the racelab tree whose docs/ is the course (default: this build's)
  bool check_variants = false;  // site --racecheck-variants: racecheck on every variant's file
  std::string tsan_racestress;  // site --tsan-racestress (default: TREE/build-tsan's, if built)
  bool course = true;           // site: render docs/*.md too (false: --no-course)
  bool update_docs = false;     // site --update-docs: write the real runs into docs/*.md
  long long site_iterations = 200;  // site -n: runs per variant on the catalogue pages
  double variant_timeout_seconds = 0;  // 0: derived from the budget
  long long variant_memory_mib = -1;   // -1: half of this machine's memory; 0: no limit
  long long variant_output_mib = 64;   // 0: no limit
  std::string crash_record;            // __child: where to record a crash (child_protocol.h)
  std::optional<Shard> shard;          // run --shard I/N, or GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS
};

struct ParseResult {
  std::optional<CommandLine> line;
  std::string error;  // one line, when line is empty
  std::string help;   // the help text asked for (racestress --help, racestress run --help)
};

ParseResult parse_command_line(const std::vector<std::string>& args);
std::string usage_text();
// The arguments that make a child racestress run `variant` with the same harness options and
// parameter overrides, and `time_budget_seconds` of the budget.
std::vector<std::string> child_arguments(const CommandLine& line, const std::string& variant,
                                         double time_budget_seconds, const std::string& crash_record);
// Default parameters of `variant` with the command line's overrides applied (only those the
// variant declares).
racelab::Params effective_params(const racelab::Variant& variant, const racelab::Params& overrides);

}  // namespace racestress
