#include "variant_result.h"

#include <set>

#include "source_path.h"

namespace racestress {

const char* to_string(HarnessVerdict verdict) {
  switch (verdict) {
    case HarnessVerdict::pass: return "pass";
    case HarnessVerdict::fail: return "fail";
    case HarnessVerdict::deadlock: return "deadlock";
    case HarnessVerdict::crash: return "crash";
    case HarnessVerdict::timeout: return "timeout";
    case HarnessVerdict::error: return "error";
    case HarnessVerdict::skipped: return "skipped";
    case HarnessVerdict::not_run: return "not-run";
  }
  return "?";
}

HarnessVerdict harness_verdict(racelab::Verdict report_verdict) {
  switch (report_verdict) {
    case racelab::Verdict::pass: return HarnessVerdict::pass;
    case racelab::Verdict::fail: return HarnessVerdict::fail;
    case racelab::Verdict::deadlock: return HarnessVerdict::deadlock;
  }
  return HarnessVerdict::error;
}

const char* to_string(TsanVerdict verdict) {
  switch (verdict) {
    case TsanVerdict::not_run: return "not-run";
    case TsanVerdict::race: return "race";
    case TsanVerdict::clean: return "clean";
  }
  return "?";
}

VariantResult declared(const racelab::Variant& v, const racelab::Params& params) {
  VariantResult r;
  r.scenario = v.scenario;
  r.variant = v.variant;
  r.file = variant_source_path(v.file);
  r.summary = v.summary;
  r.expected = v.expect;
  r.tsan_expected = v.tsan;
  r.checker_expected = v.checker;
  r.params = params;
  return r;
}

bool VariantResult::harness_matches() const {
  // Skipped (what it needs is missing here) is neither a pass nor a mismatch.
  if (verdict == HarnessVerdict::skipped) return true;
  // A deadlock is a failure of the invariant "every run finishes".
  if (expected == racelab::HarnessExpect::fail) {
    return verdict == HarnessVerdict::fail || verdict == HarnessVerdict::deadlock;
  }
  return verdict == HarnessVerdict::pass;
}

bool VariantResult::tsan_matches() const {
  if (tsan == TsanVerdict::not_run) return true;
  return (tsan == TsanVerdict::race) == (tsan_expected == racelab::TsanExpect::race);
}

std::optional<bool> VariantResult::checker_matches() const {
  if (!checker) return std::nullopt;
  const std::set<std::string> found(checker->begin(), checker->end());
  const std::set<std::string> want(checker_expected.begin(), checker_expected.end());
  return found == want;
}

void to_json(Json& j, const TsanFinding& f) {
  j = Json{{"kind", f.kind}, {"location", f.location}, {"function", f.function}, {"variable", f.variable},
           {"accesses", f.accesses}};
}

void from_json(const Json& j, TsanFinding& f) {
  j.at("kind").get_to(f.kind);
  j.at("location").get_to(f.location);
  j.at("function").get_to(f.function);
  j.at("variable").get_to(f.variable);
  j.at("accesses").get_to(f.accesses);
}

namespace {

Json optional_bool(std::optional<bool> value) { return value ? Json(*value) : Json(nullptr); }

}  // namespace

void to_json(Json& j, const VariantResult& r) {
  j = Json{{"scenario", r.scenario}, {"variant", r.variant},   {"file", r.file},
           {"expected", r.expected}, {"verdict", r.verdict},   {"params", r.params}};
  j.update(Json(r.report));
  if (!r.harness_note.empty()) j["harness_note"] = r.harness_note;
  j["tsan"] = r.tsan;
  j["tsan_expected"] = r.tsan_expected;
  if (!r.tsan_findings.empty()) j["tsan_reports"] = r.tsan_findings;
  j["checker"] = r.checker ? Json(*r.checker) : Json("not-run");
  if (!r.checker_note.empty()) j["checker_note"] = r.checker_note;
  j["checker_expected"] = r.checker_expected;
  j["matches"] = {{"harness", r.harness_matches()},
                  {"tsan", optional_bool(r.tsan == TsanVerdict::not_run ? std::nullopt
                                                                          : std::optional<bool>(r.tsan_matches()))},
                  {"checker", optional_bool(r.checker_matches())}};
}

void from_json(const Json& j, VariantResult& r) {
  j.at("scenario").get_to(r.scenario);
  j.at("variant").get_to(r.variant);
  j.at("file").get_to(r.file);
  j.at("expected").get_to(r.expected);
  j.at("verdict").get_to(r.verdict);
  j.at("params").get_to(r.params);
  j.get_to(r.report);
  r.harness_note = j.value("harness_note", "");
  j.at("tsan").get_to(r.tsan);
  j.at("tsan_expected").get_to(r.tsan_expected);
  if (j.contains("tsan_reports")) j.at("tsan_reports").get_to(r.tsan_findings);
  if (j.at("checker").is_array()) {
    r.checker = j.at("checker").get<std::vector<std::string>>();
  } else {
    r.checker.reset();
  }
  r.checker_note = j.value("checker_note", "");
  j.at("checker_expected").get_to(r.checker_expected);
}

}  // namespace racestress
