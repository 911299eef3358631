// The harness's types as JSON, through nlohmann-json's to_json/from_json: the options a parent
// racestress sends its child, and the report (with its first failure and that failure's
// events) the child sends back, which is also what --format json prints. One function pair per
// type, so a field is named in one place. ordered_json keeps the fields in the order written.
#pragma once

#include <nlohmann/json.hpp>

#include "racelab/options.h"
#include "racelab/report.h"

namespace racestress {
using Json = nlohmann::ordered_json;
// `j` as one line of text; bytes that are not UTF-8 (a variant's own message) become U+FFFD
// instead of throwing.
std::string json_line(const Json& j);
// `value` to six significant digits: the statistics are estimates, and lines stay short.
double rounded(double value);
}  // namespace racestress

namespace racelab {

NLOHMANN_JSON_SERIALIZE_ENUM(Mode, {{Mode::controlled, "controlled"}, {Mode::free, "free"}})
NLOHMANN_JSON_SERIALIZE_ENUM(StrategyKind, {{StrategyKind::random, "random"},
                                            {StrategyKind::pct, "pct"},
                                            {StrategyKind::exhaustive, "exhaustive"},
                                            {StrategyKind::replay, "replay"},
                                            {StrategyKind::play, "play"}})
NLOHMANN_JSON_SERIALIZE_ENUM(EventKind, {{EventKind::point, "point"}, {EventKind::blocked, "blocked"}, {EventKind::sync, "sync"}})

void to_json(racestress::Json& j, const Options& o);
void from_json(const racestress::Json& j, Options& o);

// {"step","actor","kind","label","value"?,"file","line"}; the step is the event's place in
// its trace, so it is written by the trace, not read back.
void to_json(racestress::Json& j, const Event& e);
void from_json(const racestress::Json& j, Event& e);

// {"run","run_seed","schedule","message","deadlock","replays","reproductions","actors",
//  "columns","trace"}: the failure and its trace in one object.
void to_json(racestress::Json& j, const Failure& f);
void from_json(const racestress::Json& j, Failure& f);

// The report's fields at the top level of a variant's JSON object: "runs", "failing_runs",
// "seed", "mode", "strategy", the statistics, "first_failure" (with "seconds", the time to
// it) and "wedged". Read back, the statistics that are computed from the counts are skipped.
void to_json(racestress::Json& j, const Report& r);
void from_json(const racestress::Json& j, Report& r);

}  // namespace racelab
