// Everything racestress knows about one variant after running it: the harness's report (made
// in the child process and sent to the parent as one JSON line), then TSan's and racecheck's
// verdicts, added by the parent. The same JSON object is what --format json prints.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "racelab/catalogue.h"
#include "racelab/report.h"
#include "report_json.h"
#include "tsan_report.h"

namespace racestress {

// The harness's verdict on a variant: the report's (pass, fail, deadlock), or why there is none.
enum class HarnessVerdict {
  pass,
  fail,
  deadlock,
  crash,    // the variant's process died of a signal, or exited without a report
  timeout,  // the variant's process was killed at its deadline
  error,    // the variant threw while being set up or run
  skipped,  // what it needs is missing here (a PostgreSQL server)
  not_run,  // no run was executed
};
const char* to_string(HarnessVerdict verdict);
HarnessVerdict harness_verdict(racelab::Verdict report_verdict);

enum class TsanVerdict { not_run, race, clean };
const char* to_string(TsanVerdict verdict);

NLOHMANN_JSON_SERIALIZE_ENUM(HarnessVerdict, {{HarnessVerdict::not_run, "not-run"},
                                              {HarnessVerdict::pass, "pass"},
                                              {HarnessVerdict::fail, "fail"},
                                              {HarnessVerdict::deadlock, "deadlock"},
                                              {HarnessVerdict::crash, "crash"},
                                              {HarnessVerdict::timeout, "timeout"},
                                              {HarnessVerdict::error, "error"},
                                              {HarnessVerdict::skipped, "skipped"}})
NLOHMANN_JSON_SERIALIZE_ENUM(TsanVerdict, {{TsanVerdict::not_run, "not-run"},
                                           {TsanVerdict::race, "race"},
                                           {TsanVerdict::clean, "clean"}})

struct VariantResult {
  // What the variant declares.
  std::string scenario;
  std::string variant;
  std::string file;
  std::string summary;
  racelab::HarnessExpect expected = racelab::HarnessExpect::pass;
  racelab::TsanExpect tsan_expected = racelab::TsanExpect::clean;
  std::vector<std::string> checker_expected;  // rule ids
  racelab::Params params;

  // What the harness found.
  HarnessVerdict verdict = HarnessVerdict::not_run;
  racelab::Report report;
  std::string harness_note;  // crash or timeout details, child stderr tail

  // What TSan found.
  TsanVerdict tsan = TsanVerdict::not_run;
  std::vector<TsanFinding> tsan_findings;

  // What racecheck found: rule ids, or nullopt when it did not run.
  std::optional<std::vector<std::string>> checker;
  std::string checker_note;

  std::string name() const { return scenario + "/" + variant; }
  bool harness_matches() const;
  bool tsan_matches() const;  // true when TSan did not run
  std::optional<bool> checker_matches() const;
};

// {"kind","location","function","variable","accesses"}: one TSan report.
void to_json(Json& j, const TsanFinding& f);
void from_json(const Json& j, TsanFinding& f);

VariantResult declared(const racelab::Variant& variant, const racelab::Params& params);

// One JSON object: the declaration, "verdict", the report's fields (report_json.h),
// "harness_note", "tsan", "tsan_expected", "tsan_reports", "checker" (rule ids or "not-run"),
// "checker_note", "checker_expected" and "matches" (true, false or null for each tool).
void to_json(Json& j, const VariantResult& r);
void from_json(const Json& j, VariantResult& r);

}  // namespace racestress

namespace racelab {
NLOHMANN_JSON_SERIALIZE_ENUM(HarnessExpect, {{HarnessExpect::fail, "fail"}, {HarnessExpect::pass, "pass"}})
NLOHMANN_JSON_SERIALIZE_ENUM(TsanExpect, {{TsanExpect::race, "race"}, {TsanExpect::clean, "clean"}})
}  // namespace racelab
