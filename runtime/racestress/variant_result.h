// Everything racestress knows about one variant after running it: the harness's report (made
// in the child process and sent to the parent as one JSON line), then TSan's and racecheck's
// verdicts, added by the parent. The same JSON object is what --format json prints.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "json.h"
#include "racelab/catalogue.h"
#include "racelab/report.h"
#include "tsan_report.h"

namespace racestress {

struct VariantResult {
  // What the variant declares.
  std::string scenario;
  std::string variant;
  std::string file;
  std::string summary;
  std::string expected;                       // "fail" / "pass"
  std::string tsan_expected;                  // "race" / "clean"
  std::vector<std::string> checker_expected;  // rule ids
  racelab::Params params;

  // What the harness found.
  std::string verdict = "not-run";  // pass / fail / deadlock / crash / timeout / skipped / not-run
  racelab::Report report;
  std::string harness_note;  // crash or timeout details, child stderr tail

  // What TSan found ("race" / "clean" / "not-run").
  std::string tsan = "not-run";
  std::vector<TsanFinding> tsan_findings;

  // What racecheck found: rule ids, or nullopt when it did not run.
  std::optional<std::vector<std::string>> checker;
  std::string checker_note;

  std::string name() const { return scenario + "/" + variant; }
  bool harness_matches() const;
  bool tsan_matches() const;  // true when TSan did not run
  std::optional<bool> checker_matches() const;
};

VariantResult declared(const racelab::Variant& variant, const racelab::Params& params);
// The harness verdict of a finished batch, as printed: pass, fail or deadlock.
std::string verdict_of(const racelab::Report& report);

std::string to_json_line(const VariantResult& result);
// Fills the harness part of `into` from a child's JSON line; false with `error` if malformed.
bool read_harness_json(const std::string& line, VariantResult& into, std::string& error);

}  // namespace racestress
