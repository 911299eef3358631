// racestress play VARIANT --steps "A.read B.read A.write B.write": runs the learner's
// interleaving exactly (racelab/play.h), printing each step with the state after it and the
// invariant at the end. Steps that name an actor or a point the variant does not have are a
// usage error, with the valid names listed; so is a schedule the run could not follow.
#include <algorithm>
#include <cstdio>
#include <deque>

#include "racelab/play.h"
#include "racelab/runner.h"
#include "racestress_app.h"

namespace racestress {
namespace {

// Every point label each actor reaches, from a few quick random runs of the variant.
std::vector<std::set<std::string>> reachable_labels(const racelab::StressTest& test, const racelab::Options& base) {
  racelab::Options probe = base;
  probe.strategy = racelab::StrategyKind::random;
  probe.iterations = 64;
  probe.time_budget_seconds = 5;
  probe.self_replay = false;
  probe.collect_point_labels = true;
  probe.schedule.clear();
  racelab::Report report = racelab::run(test, probe);
  auto labels = report.point_labels;
  labels.resize(std::max<std::size_t>(labels.size(), static_cast<std::size_t>(test.actor_count())));
  return labels;
}

std::string valid_steps(const std::vector<std::set<std::string>>& labels) {
  std::string out;
  for (std::size_t a = 0; a < labels.size(); ++a) {
    for (const std::string& name : racelab::short_step_names(labels[a])) {
      out += (out.empty() ? "" : " ") + racelab::actor_name(static_cast<int>(a)) + "." + name;
    }
  }
  return out;
}

// "" when every step names an actor of the run and a point that actor reaches.
std::string check_steps(const std::vector<racelab::PlayStep>& steps, const std::vector<std::set<std::string>>& labels) {
  for (const racelab::PlayStep& s : steps) {
    if (s.actor >= static_cast<int>(labels.size())) {
      return "step " + s.text() + ": there is no actor " + racelab::actor_name(s.actor) + " (actors: A to " +
             racelab::actor_name(static_cast<int>(labels.size()) - 1) + ")";
    }
    const auto& mine = labels[static_cast<std::size_t>(s.actor)];
    const bool known = std::any_of(mine.begin(), mine.end(), [&](const std::string& l) { return racelab::step_matches(s.name, l); });
    if (!known) return "step " + s.text() + ": " + racelab::actor_name(s.actor) + " has no point named '" + s.name + "'";
  }
  return "";
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s += std::string(width - s.size(), ' ');
  return s;
}

// One row per event: the learner's step it took (if any), the actor's column, the state.
void print_steps(const racelab::Trace& trace, const std::vector<racelab::PlayStep>& steps, std::ostream& out) {
  std::deque<std::size_t> pending;
  for (std::size_t i = 0; i < steps.size(); ++i) pending.push_back(i);
  std::size_t width = 8, yours_width = 5;
  for (const racelab::Event& e : trace.events) width = std::max(width, racelab::describe_step(e).size() + 3);
  for (const racelab::PlayStep& s : steps) yours_width = std::max(yours_width, s.text().size());
  const int actors = std::max(trace.actors, 1);
  std::string header = "  step  " + pad("yours", yours_width);
  for (int a = 0; a < actors; ++a) header += " | " + pad(trace.columns + " " + racelab::actor_name(a), width);
  out << header << " | state\n";
  bool told_rest = false;
  for (std::size_t row = 0; row < trace.events.size(); ++row) {
    const racelab::Event& e = trace.events[row];
    std::string yours;
    if (e.kind == racelab::EventKind::point) {
      for (auto it = pending.begin(); it != pending.end(); ++it) {
        if (steps[*it].actor != e.actor) continue;
        yours = steps[*it].text();
        pending.erase(it);
        break;
      }
    }
    if (yours.empty() && pending.empty() && !told_rest && e.kind == racelab::EventKind::point) {
      out << "  (your steps are done; the actors run on to their end, one at a time)\n";
      told_rest = true;
    }
    char number[24];
    std::snprintf(number, sizeof number, "%4zu", row + 1);
    std::string line = std::string("  ") + number + "  " + pad(yours, yours_width);
    for (int a = 0; a < actors; ++a) {
      line += " | " + pad(a == e.actor ? racelab::actor_name(a) + ": " + racelab::describe_step(e) : "", width);
    }
    line += " | " + e.state;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

}  // namespace

int play_main(const CommandLine& line, std::ostream& out, std::ostream& err) {
  const racelab::Variant* v = racelab::Catalogue::instance().find(line.selectors[0]);
  if (v == nullptr) {
    err << "racestress: no variant named '" << line.selectors[0] << "' (racestress list shows them)\n";
    return kExitUsage;
  }
  std::string error;
  const auto steps = racelab::parse_play_steps(line.steps, &error);
  if (!steps) {
    err << "racestress: --steps: " << error << "\n";
    return kExitUsage;
  }
  if (v->unavailable) {
    if (const std::string why = v->unavailable(); !why.empty()) {
      err << "racestress: " << v->name() << " cannot run here: " << why << "\n";
      return kExitNothingRan;
    }
  }
  const racelab::StressTest test = v->make(effective_params(*v, line.param_overrides));
  const auto labels = reachable_labels(test, line.harness);
  if (const std::string problem = check_steps(*steps, labels); !problem.empty()) {
    err << "racestress: --steps: " << problem << "\n  valid steps of " << v->name() << ": " << valid_steps(labels) << "\n";
    return kExitUsage;
  }
  racelab::Options options = line.harness;
  options.strategy = racelab::StrategyKind::play;
  options.schedule = line.steps;
  options.iterations = 1;
  options.self_replay = false;
  options.record_state = true;
  options.record_sync = true;  // a learner sees the lock that made B wait
  options.exact_run_seed.reset();
  const racelab::Report report = racelab::run(test, options);
  if (report.diverged) {
    err << "racestress: --steps: the run could not follow them: " << report.divergence << "\n  valid steps of "
        << v->name() << ": " << valid_steps(labels) << "\n";
    return kExitUsage;
  }
  out << "play " << v->name() << ":";
  for (const racelab::PlayStep& s : *steps) out << " " << s.text();
  out << "\n";
  const racelab::Trace* trace = report.first_failure ? &report.first_failure->trace
                                : report.single_run_trace ? &*report.single_run_trace : nullptr;
  if (trace != nullptr) print_steps(*trace, *steps, out);
  if (trace != nullptr && !line.svg_path.empty() && !write_file(line.svg_path, racelab::render_sequence_svg(*trace), err)) {
    return kExitUsage;
  }
  if (report.first_failure) {
    // A run where every unfinished actor waits never reached the invariant's check.
    out << (report.first_failure->deadlock ? "deadlock: " : "the invariant broke: ") << report.first_failure->message
        << "\n";
    return kExitInvariant;
  }
  out << "the invariant held\n";
  return kExitOk;
}

}  // namespace racestress
