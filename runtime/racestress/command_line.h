// racestress's command line:
//   racestress list [--scenarios]
//   racestress run SELECTOR... [options]        SELECTOR: scenario or scenario/variant
//   racestress replay VARIANT (--schedule S | --seed RUN_SEED [--strategy ...]) [--repeat N]
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "racelab/catalogue.h"
#include "racelab/options.h"
#include "racelab/report.h"

namespace racestress {

enum class Command { help, list, run, replay, child };

struct CommandLine {
  Command command = Command::help;
  std::vector<std::string> selectors;
  racelab::Options harness;
  bool seed_given = false;
  racelab::Params param_overrides;
  std::string format = "text";
  std::string junit_path;
  std::string html_path;  // --html: the study page with all three verdicts
  std::string racecheck;
  std::string build_dir;
  bool checker_enabled = true;
  bool in_process = false;
  bool scenarios_only = false;  // list --scenarios
  bool mermaid = false;         // also print the failing interleaving as a Mermaid diagram
  int repeat = 1;
  double variant_timeout_seconds = 0;  // 0: derived from the budget
};

struct ParseResult {
  std::optional<CommandLine> line;
  std::string error;  // one line, when line is empty
};

ParseResult parse_command_line(const std::vector<std::string>& args);
std::string usage_text();
// The flags that make a child racestress run `variant` with the same harness options.
std::vector<std::string> child_arguments(const CommandLine& line, const std::string& variant,
                                         double time_budget_seconds);
// Default parameters of `variant` with the command line's overrides applied (only those the
// variant declares).
racelab::Params effective_params(const racelab::Variant& variant, const racelab::Params& overrides);

}  // namespace racestress
