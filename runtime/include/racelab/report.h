// racelab/report.h: what a stress run found: counts, statistics, and the first failing
// interleaving as a trace that can be printed as a step table or replayed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "racelab/options.h"

namespace racelab {

enum class EventKind {
  point,    // racelab::point(...) in the code under test
  blocked,  // the actor waits for a mutex or condition variable held up by another actor
  sync,     // with Options::record_sync: a lock taken or released, a notify, a wake-up, a co_await
};

struct Event {
  int actor = 0;  // 0 = A, 1 = B, ...
  EventKind kind = EventKind::point;
  std::string label;
  bool has_value = false;
  long long value = 0;
  std::string file;
  int line = 0;
  std::string state;  // the test's state right after this step, when Options::record_state

  bool same_step(const Event& other) const;  // actor, kind, label, value
};

struct Trace {
  int actors = 0;
  std::string columns = "thread";  // "task" when the actors are tasks of one event loop
  std::vector<Event> events;
  bool same_interleaving(const Trace& other) const;
};

enum class Verdict {
  pass,      // the invariant held in every run
  fail,      // the invariant broke in at least one run
  deadlock,  // a run wedged: every actor blocked, or one never reached its next point
};
const char* to_string(Verdict verdict);

// One failing run, with what it takes to replay it.
struct Failure {
  long long run_index = 0;
  std::uint64_t run_seed = 0;
  std::string schedule;  // "AB2A": who ran at each decision, run-length encoded
  std::string message;   // the invariant's message, or who was stuck where
  bool deadlock = false;
  Trace trace;
  // Right after the failure the harness replays it: controlled mode from the schedule
  // (once; it must give the same interleaving), free mode from the run seed (several times,
  // counting how often the invariant breaks again).
  int replays = 0;
  int reproductions = 0;
  bool reproduced() const { return replays > 0 && reproductions == replays; }
};

struct Interval {
  double low = 0;
  double high = 0;
};

struct Report {
  Options options;
  std::string strategy_note;  // e.g. PCT's guaranteed bound, or exhaustive's completeness
  int actors = 0;
  long long runs = 0;
  long long failing_runs = 0;
  double seconds = 0;
  std::optional<Failure> first_failure;
  std::optional<Trace> single_run_trace;  // the trace of the run when exactly one run was made
  double seconds_to_first_failure = 0;
  bool search_complete = false;  // exhaustive: every interleaving was explored
  bool wedged = false;           // a run hung; the remaining runs were not attempted
  // replay and play: the run did not follow the schedule; `divergence` says where and why.
  bool diverged = false;
  std::string divergence;
  // Options::collect_point_labels: the labels of the points each actor (column) reached.
  std::vector<std::set<std::string>> point_labels;
  // Options::collect_outcomes: how many runs ended in each final state ("counter = 9": 12).
  std::map<std::string, long long> outcomes;
  int pct_steps = 0;
  double pct_bound = 0;          // per-run lower bound of finding a depth-d bug
  long long steps_min = 0, steps_max = 0;
  double steps_mean = 0;

  Verdict verdict() const;
  double failure_rate() const;
  // Wilson score interval of the per-run failure probability, 95%.
  Interval failure_interval() const;
  // With no failure in `runs` runs: the per-run failure probability is below this, at 95%.
  double failure_upper_bound() const;
};

// Wilson score interval for `failures` out of `runs`, at 95%.
Interval wilson_interval(long long failures, long long runs);
// Exact one-sided 95% upper bound on p after `runs` runs with no failure: 1 - 0.05^(1/runs).
double zero_failure_upper_bound(long long runs);

// The interleaving as a step table, one column per actor, values read and written:
//   step  A                        B
//   1     read counter -> 0
//   2                              read counter -> 0
std::string render_step_table(const Trace& trace, std::size_t max_rows = 80);

// One step as a table cell: "read counter -> 0  buggy.cpp:32", "(waits for a mutex)".
std::string describe_step(const Event& event);

// The same interleaving as a Mermaid sequence diagram (one participant per actor, messages
// to the shared state), for docs and reports that render Mermaid.
std::string render_mermaid(const Trace& trace);

// The same interleaving as a standalone SVG sequence diagram (no script): a lifeline per actor
// and one for the shared state, a row per step, the state after each step when recorded.
std::string render_sequence_svg(const Trace& trace);
// & < > " as entities: text safe in XML and HTML (the SVG above, JUnit, the HTML report).
std::string xml_escape(const std::string& text);

// Actor names as printed everywhere: A, B, ... Z, then a ... z.
std::string actor_name(int actor);

// Schedule strings: the actor chosen at each decision, run-length encoded ("AB2A").
std::string encode_schedule(const std::vector<int>& choices);
std::optional<std::vector<int>> decode_schedule(const std::string& text);

}  // namespace racelab
