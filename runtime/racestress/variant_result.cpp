#include "variant_result.h"
#include "source_path.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

namespace racestress {
namespace {

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string string_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + json_quote(items[i]);
  return out + "]";
}

std::string trace_json(const racelab::Trace& trace) {
  std::string out = "[";
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const racelab::Event& e = trace.events[i];
    out += i ? "," : "";
    out += "{\"step\":" + std::to_string(i + 1) + ",\"actor\":" + json_quote(racelab::actor_name(e.actor)) +
           ",\"kind\":" + json_quote(e.kind == racelab::EventKind::point ? "point" : "blocked") +
           ",\"label\":" + json_quote(e.label);
    if (e.has_value) out += ",\"value\":" + std::to_string(e.value);
    out += ",\"file\":" + json_quote(e.file) + ",\"line\":" + std::to_string(e.line) + "}";
  }
  return out + "]";
}

int actor_index(const std::string& name) {
  if (name.size() != 1) return 0;
  const char c = name[0];
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return 26 + c - 'a';
  return 0;
}

std::uint64_t to_u64(const JsonValue& v) {
  return v.type() == JsonValue::Type::number ? std::strtoull(v.raw().c_str(), nullptr, 10) : 0;
}

}  // namespace

VariantResult declared(const racelab::Variant& v, const racelab::Params& params) {
  VariantResult r;
  r.scenario = v.scenario;
  r.variant = v.variant;
  r.file = variant_source_path(v.file);
  r.summary = v.summary;
  r.expected = racelab::to_string(v.expect);
  r.tsan_expected = racelab::to_string(v.tsan);
  r.checker_expected = v.checker;
  r.params = params;
  return r;
}

std::string verdict_of(const racelab::Report& report) {
  return racelab::to_string(report.verdict());
}

bool VariantResult::harness_matches() const {
  // Skipped (what it needs is missing here) is neither a pass nor a mismatch.
  if (verdict == "skipped") return true;
  // A deadlock is a failure of the invariant "every run finishes".
  if (expected == "fail") return verdict == "fail" || verdict == "deadlock";
  return verdict == "pass";
}

bool VariantResult::tsan_matches() const { return tsan == "not-run" || tsan == tsan_expected; }

std::optional<bool> VariantResult::checker_matches() const {
  if (!checker) return std::nullopt;
  const std::set<std::string> found(checker->begin(), checker->end());
  const std::set<std::string> want(checker_expected.begin(), checker_expected.end());
  return found == want;
}

std::string to_json_line(const VariantResult& r) {
  const racelab::Report& rep = r.report;
  std::ostringstream o;
  o << "{\"scenario\":" << json_quote(r.scenario) << ",\"variant\":" << json_quote(r.variant)
    << ",\"file\":" << json_quote(r.file) << ",\"expected\":" << json_quote(r.expected)
    << ",\"verdict\":" << json_quote(r.verdict) << ",\"runs\":" << rep.runs
    << ",\"failing_runs\":" << rep.failing_runs << ",\"seed\":" << rep.options.seed
    << ",\"mode\":" << json_quote(racelab::to_string(rep.options.mode))
    << ",\"strategy\":" << json_quote(racelab::to_string(rep.options.strategy));
  o << ",\"params\":{";
  bool first = true;
  for (const auto& [k, v] : r.params) {
    o << (first ? "" : ",") << json_quote(k) << ":" << v;
    first = false;
  }
  o << "}";
  const racelab::Interval ci = rep.failure_interval();
  o << ",\"failure_rate\":" << number(rep.failure_rate()) << ",\"failure_ci95\":[" << number(ci.low) << ","
    << number(ci.high) << "]";
  if (rep.failing_runs == 0) o << ",\"failure_probability_below\":" << number(rep.failure_upper_bound());
  o << ",\"seconds\":" << number(rep.seconds) << ",\"runs_per_second\":"
    << number(rep.seconds > 0 ? static_cast<double>(rep.runs) / rep.seconds : 0)
    << ",\"steps\":{\"min\":" << rep.steps_min << ",\"mean\":" << number(rep.steps_mean) << ",\"max\":" << rep.steps_max
    << "}";
  if (!rep.strategy_note.empty()) o << ",\"strategy_note\":" << json_quote(rep.strategy_note);
  if (rep.options.strategy == racelab::StrategyKind::pct) {
    o << ",\"pct\":{\"depth\":" << rep.options.pct_depth << ",\"steps\":" << rep.pct_steps
      << ",\"bound\":" << number(rep.pct_bound) << "}";
  }
  if (rep.options.strategy == racelab::StrategyKind::exhaustive) {
    o << ",\"search_complete\":" << (rep.search_complete ? "true" : "false");
  }
  o << ",\"wedged\":" << (rep.wedged ? "true" : "false");
  if (rep.first_failure) {
    const racelab::Failure& f = *rep.first_failure;
    o << ",\"first_failure\":{\"run\":" << (f.run_index + 1) << ",\"run_seed\":" << f.run_seed
      << ",\"schedule\":" << json_quote(f.schedule) << ",\"message\":" << json_quote(f.message)
      << ",\"deadlock\":" << (f.deadlock ? "true" : "false") << ",\"seconds\":" << number(rep.seconds_to_first_failure)
      << ",\"replays\":" << f.replays << ",\"reproductions\":" << f.reproductions
      << ",\"actors\":" << f.trace.actors << ",\"columns\":" << json_quote(f.trace.columns) << ",\"trace\":" << trace_json(f.trace) << "}";
  }
  if (!r.harness_note.empty()) o << ",\"harness_note\":" << json_quote(r.harness_note);
  o << ",\"tsan\":" << json_quote(r.tsan);
  o << ",\"tsan_expected\":" << json_quote(r.tsan_expected);
  if (!r.tsan_findings.empty()) {
    o << ",\"tsan_reports\":[";
    for (std::size_t i = 0; i < r.tsan_findings.size(); ++i) {
      const TsanFinding& f = r.tsan_findings[i];
      o << (i ? "," : "") << "{\"kind\":" << json_quote(f.kind) << ",\"location\":" << json_quote(f.location)
        << ",\"function\":" << json_quote(f.function) << ",\"variable\":" << json_quote(f.variable)
        << ",\"accesses\":" << string_list(f.accesses) << "}";
    }
    o << "]";
  }
  if (r.checker) {
    o << ",\"checker\":" << string_list(*r.checker);
  } else {
    o << ",\"checker\":\"not-run\"";
  }
  if (!r.checker_note.empty()) o << ",\"checker_note\":" << json_quote(r.checker_note);
  o << ",\"checker_expected\":" << string_list(r.checker_expected);
  const auto checker_ok = r.checker_matches();
  o << ",\"matches\":{\"harness\":" << (r.harness_matches() ? "true" : "false")
    << ",\"tsan\":" << (r.tsan == "not-run" ? "null" : (r.tsan_matches() ? "true" : "false"))
    << ",\"checker\":" << (!checker_ok ? "null" : (*checker_ok ? "true" : "false")) << "}";
  o << "}";
  return o.str();
}

bool read_harness_json(const std::string& line, VariantResult& into, std::string& error) {
  auto doc = JsonValue::parse(line, &error);
  if (!doc || doc->type() != JsonValue::Type::object) {
    if (error.empty()) error = "not a JSON object";
    return false;
  }
  const JsonValue& j = *doc;
  racelab::Report& rep = into.report;
  into.verdict = j["verdict"].as_string();
  rep.runs = j["runs"].as_int();
  rep.failing_runs = j["failing_runs"].as_int();
  rep.options.seed = to_u64(j["seed"]);
  rep.options.mode = racelab::parse_mode(j["mode"].as_string()).value_or(racelab::Mode::controlled);
  rep.options.strategy = racelab::parse_strategy(j["strategy"].as_string()).value_or(racelab::StrategyKind::random);
  rep.seconds = j["seconds"].as_number();
  rep.steps_min = j["steps"]["min"].as_int();
  rep.steps_mean = j["steps"]["mean"].as_number();
  rep.steps_max = j["steps"]["max"].as_int();
  rep.strategy_note = j["strategy_note"].as_string();
  rep.search_complete = j["search_complete"].as_bool();
  rep.wedged = j["wedged"].as_bool();
  if (j.has("pct")) {
    rep.options.pct_depth = static_cast<int>(j["pct"]["depth"].as_int());
    rep.pct_steps = static_cast<int>(j["pct"]["steps"].as_int());
    rep.pct_bound = j["pct"]["bound"].as_number();
  }
  into.harness_note = j["harness_note"].as_string();
  if (j.has("first_failure")) {
    const JsonValue& f = j["first_failure"];
    racelab::Failure failure;
    failure.run_index = f["run"].as_int() - 1;
    failure.run_seed = to_u64(f["run_seed"]);
    failure.schedule = f["schedule"].as_string();
    failure.message = f["message"].as_string();
    failure.deadlock = f["deadlock"].as_bool();
    failure.replays = static_cast<int>(f["replays"].as_int());
    failure.reproductions = static_cast<int>(f["reproductions"].as_int());
    failure.trace.actors = static_cast<int>(f["actors"].as_int());
    if (f.has("columns")) failure.trace.columns = f["columns"].as_string();
    for (const JsonValue& e : f["trace"].items()) {
      racelab::Event ev;
      ev.actor = actor_index(e["actor"].as_string());
      ev.kind = e["kind"].as_string() == "blocked" ? racelab::EventKind::blocked : racelab::EventKind::point;
      ev.label = e["label"].as_string();
      ev.has_value = e.has("value");
      ev.value = e["value"].as_int();
      ev.file = variant_source_path(e["file"].as_string());  // __FILE__ of the point, as for the variant
      ev.line = static_cast<int>(e["line"].as_int());
      failure.trace.events.push_back(std::move(ev));
    }
    rep.seconds_to_first_failure = f["seconds"].as_number();
    rep.first_failure = std::move(failure);
  }
  return true;
}

}  // namespace racestress
