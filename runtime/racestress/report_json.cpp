#include "report_json.h"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "source_path.h"

namespace racestress {

std::string json_line(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

double rounded(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.6g", value);
  return std::strtod(text, nullptr);
}

}  // namespace racestress

namespace racelab {
namespace {

using racestress::Json;
using racestress::rounded;

int actor_index(const std::string& name) {
  if (name.size() != 1) throw std::invalid_argument("not an actor name: '" + name + "'");
  const char c = name[0];
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return 26 + c - 'a';
  throw std::invalid_argument("not an actor name: '" + name + "'");
}

// Reads `key` into `into` when present; absent keys keep the default.
template <typename T>
void optional_field(const Json& j, const char* key, T& into) {
  if (const auto it = j.find(key); it != j.end()) it->get_to(into);
}

}  // namespace

void to_json(Json& j, const Options& o) {
  j = Json{{"mode", o.mode},
           {"strategy", o.strategy},
           {"seed", o.seed},
           {"iterations", o.iterations},
           {"time_budget_seconds", o.time_budget_seconds},
           {"run_timeout_seconds", o.run_timeout_seconds},
           {"pct_depth", o.pct_depth},
           {"pct_steps", o.pct_steps},
           {"free_yield_probability", o.free_yield_probability},
           {"stop_at_first_failure", o.stop_at_first_failure},
           {"self_replay", o.self_replay},
           {"schedule", o.schedule},
           {"sync_steps", o.record_sync},
           {"outcomes", o.collect_outcomes}};
  if (o.exact_run_seed) j["exact_run_seed"] = *o.exact_run_seed;
}

void from_json(const Json& j, Options& o) {
  j.at("mode").get_to(o.mode);
  j.at("strategy").get_to(o.strategy);
  j.at("seed").get_to(o.seed);
  j.at("iterations").get_to(o.iterations);
  j.at("time_budget_seconds").get_to(o.time_budget_seconds);
  j.at("run_timeout_seconds").get_to(o.run_timeout_seconds);
  j.at("pct_depth").get_to(o.pct_depth);
  j.at("pct_steps").get_to(o.pct_steps);
  j.at("free_yield_probability").get_to(o.free_yield_probability);
  j.at("stop_at_first_failure").get_to(o.stop_at_first_failure);
  j.at("self_replay").get_to(o.self_replay);
  j.at("schedule").get_to(o.schedule);
  if (const auto it = j.find("sync_steps"); it != j.end()) it->get_to(o.record_sync);
  if (const auto it = j.find("outcomes"); it != j.end()) it->get_to(o.collect_outcomes);
  if (const auto it = j.find("exact_run_seed"); it != j.end()) o.exact_run_seed = it->get<std::uint64_t>();
}

void to_json(Json& j, const Event& e) {
  j = Json{{"actor", actor_name(e.actor)}, {"kind", e.kind}, {"label", e.label}};
  if (e.has_value) j["value"] = e.value;
  j["file"] = racestress::variant_source_path(e.file);  // __FILE__ of the point, as for the variant
  j["line"] = e.line;
}

void from_json(const Json& j, Event& e) {
  e.actor = actor_index(j.at("actor").get<std::string>());
  j.at("kind").get_to(e.kind);
  j.at("label").get_to(e.label);
  e.has_value = j.contains("value");
  e.value = e.has_value ? j.at("value").get<long long>() : 0;
  j.at("file").get_to(e.file);
  j.at("line").get_to(e.line);
}

void to_json(Json& j, const Failure& f) {
  Json trace = Json::array();
  for (std::size_t i = 0; i < f.trace.events.size(); ++i) {
    Json event = {{"step", i + 1}};
    event.update(Json(f.trace.events[i]));
    trace.push_back(std::move(event));
  }
  j = Json{{"run", f.run_index + 1},   {"run_seed", f.run_seed},           {"schedule", f.schedule},
           {"message", f.message},     {"deadlock", f.deadlock},           {"replays", f.replays},
           {"reproductions", f.reproductions}, {"actors", f.trace.actors}, {"columns", f.trace.columns},
           {"trace", std::move(trace)}};
}

void from_json(const Json& j, Failure& f) {
  f.run_index = j.at("run").get<long long>() - 1;
  j.at("run_seed").get_to(f.run_seed);
  j.at("schedule").get_to(f.schedule);
  j.at("message").get_to(f.message);
  j.at("deadlock").get_to(f.deadlock);
  j.at("replays").get_to(f.replays);
  j.at("reproductions").get_to(f.reproductions);
  j.at("actors").get_to(f.trace.actors);
  optional_field(j, "columns", f.trace.columns);
  j.at("trace").get_to(f.trace.events);
}

void to_json(Json& j, const Report& r) {
  const Interval ci = r.failure_interval();
  j = Json{{"runs", r.runs},
           {"failing_runs", r.failing_runs},
           {"seed", r.options.seed},
           {"mode", r.options.mode},
           {"strategy", r.options.strategy},
           {"failure_rate", rounded(r.failure_rate())},
           {"failure_ci95", {rounded(ci.low), rounded(ci.high)}}};
  if (r.failing_runs == 0) j["failure_probability_below"] = rounded(r.failure_upper_bound());
  j["seconds"] = rounded(r.seconds);
  j["runs_per_second"] = rounded(r.seconds > 0 ? static_cast<double>(r.runs) / r.seconds : 0);
  j["steps"] = {{"min", r.steps_min}, {"mean", rounded(r.steps_mean)}, {"max", r.steps_max}};
  if (!r.strategy_note.empty()) j["strategy_note"] = r.strategy_note;
  if (r.options.strategy == StrategyKind::pct) {
    j["pct"] = {{"depth", r.options.pct_depth}, {"steps", r.pct_steps}, {"bound", rounded(r.pct_bound)}};
  }
  if (r.options.strategy == StrategyKind::exhaustive) j["search_complete"] = r.search_complete;
  j["wedged"] = r.wedged;
  if (!r.outcomes.empty()) j["outcomes"] = r.outcomes;
  if (r.first_failure) {
    j["first_failure"] = *r.first_failure;
    j["first_failure"]["seconds"] = rounded(r.seconds_to_first_failure);
  }
}

void from_json(const Json& j, Report& r) {
  j.at("runs").get_to(r.runs);
  j.at("failing_runs").get_to(r.failing_runs);
  j.at("seed").get_to(r.options.seed);
  j.at("mode").get_to(r.options.mode);
  j.at("strategy").get_to(r.options.strategy);
  j.at("seconds").get_to(r.seconds);
  j.at("steps").at("min").get_to(r.steps_min);
  j.at("steps").at("mean").get_to(r.steps_mean);
  j.at("steps").at("max").get_to(r.steps_max);
  optional_field(j, "strategy_note", r.strategy_note);
  optional_field(j, "search_complete", r.search_complete);
  j.at("wedged").get_to(r.wedged);
  if (const auto it = j.find("outcomes"); it != j.end()) it->get_to(r.outcomes);
  if (const auto pct = j.find("pct"); pct != j.end()) {
    pct->at("depth").get_to(r.options.pct_depth);
    pct->at("steps").get_to(r.pct_steps);
    pct->at("bound").get_to(r.pct_bound);
  }
  if (const auto failure = j.find("first_failure"); failure != j.end()) {
    r.first_failure = failure->get<Failure>();
    failure->at("seconds").get_to(r.seconds_to_first_failure);
  }
}

}  // namespace racelab
