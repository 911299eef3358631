// racelab/play.h: a learner's interleaving, written as named steps, for the harness to run
// exactly ("play the scheduler"):
//
//   A.read B.read A.write B.write
//
// Each step is ACTOR.NAME: the actor (A, B, ... as in step tables) runs until its next point,
// and that point must be NAME. NAME is the point's label or the start of it, words joined by
// `_` or `-` ("read" or "read_counter" for racelab::point("read counter", ...)). A bare ACTOR
// accepts whatever point comes next. When the named actor cannot run (it waits for a lock
// another actor holds), the steps after it whose actors can run go first; when the steps run
// out, each actor runs to its end in turn. Options::strategy = StrategyKind::play with the
// steps in Options::schedule runs them.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace racelab {

struct PlayStep {
  int actor = 0;     // 0 = A
  std::string name;  // normalised (see step_name); "" matches any point

  std::string text() const;  // "A.read"
};

// The steps of `text`, or nullopt with `error` saying which word is malformed.
std::optional<std::vector<PlayStep>> parse_play_steps(const std::string& text, std::string* error = nullptr);

// A point label as a step name: lower case, words joined by '_', punctuation dropped
// ("debits, balance now" -> "debits_balance_now").
std::string step_name(const std::string& label);

// True when step `name` (already normalised) names the point `label`: the whole label, or
// its first words.
bool step_matches(const std::string& name, const std::string& label);

// The shortest names a learner can write for `labels`: each label's first word, or as many
// of its first words as it takes to tell it from the others.
std::vector<std::string> short_step_names(const std::set<std::string>& labels);

}  // namespace racelab
