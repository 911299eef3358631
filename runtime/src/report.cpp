#include "racelab/report.h"

#include <cmath>

namespace racelab {

const char* to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass: return "pass";
    case Verdict::fail: return "fail";
    case Verdict::deadlock: return "deadlock";
  }
  return "?";
}

bool Event::same_step(const Event& o) const {
  return actor == o.actor && kind == o.kind && label == o.label && has_value == o.has_value &&
         value == o.value;
}

bool Trace::same_interleaving(const Trace& o) const {
  if (actors != o.actors || events.size() != o.events.size()) return false;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (!events[i].same_step(o.events[i])) return false;
  }
  return true;
}

Verdict Report::verdict() const {
  if (wedged || (first_failure && first_failure->deadlock)) return Verdict::deadlock;
  return failing_runs > 0 ? Verdict::fail : Verdict::pass;
}

double Report::failure_rate() const {
  return runs == 0 ? 0.0 : static_cast<double>(failing_runs) / static_cast<double>(runs);
}

Interval Report::failure_interval() const { return wilson_interval(failing_runs, runs); }

double Report::failure_upper_bound() const { return zero_failure_upper_bound(runs); }

Interval wilson_interval(long long failures, long long runs) {
  if (runs <= 0) return {0.0, 1.0};
  const double z = 1.959963984540054;
  const double n = static_cast<double>(runs);
  const double p = static_cast<double>(failures) / n;
  const double denom = 1 + z * z / n;
  const double centre = (p + z * z / (2 * n)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom;
  return {failures == 0 ? 0.0 : std::max(0.0, centre - half), failures == runs ? 1.0 : std::min(1.0, centre + half)};
}

double zero_failure_upper_bound(long long runs) {
  if (runs <= 0) return 1.0;
  return 1.0 - std::pow(0.05, 1.0 / static_cast<double>(runs));
}

std::string actor_name(int actor) {
  if (actor >= 0 && actor < 26) return std::string(1, static_cast<char>('A' + actor));
  if (actor >= 26 && actor < 52) return std::string(1, static_cast<char>('a' + actor - 26));
  return "#" + std::to_string(actor);
}

std::string encode_schedule(const std::vector<int>& choices) {
  std::string out;
  for (std::size_t i = 0; i < choices.size();) {
    std::size_t j = i;
    while (j < choices.size() && choices[j] == choices[i]) ++j;
    out += actor_name(choices[i]);
    if (j - i > 1) out += std::to_string(j - i);
    i = j;
  }
  return out;
}

std::optional<std::vector<int>> decode_schedule(const std::string& text) {
  std::vector<int> choices;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i++];
    int actor;
    if (c >= 'A' && c <= 'Z') {
      actor = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      actor = 26 + (c - 'a');
    } else {
      return std::nullopt;
    }
    long long count = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      count = count * 10 + (text[i++] - '0');
      if (count > 100000000) return std::nullopt;
    }
    if (count == 0) count = 1;
    choices.insert(choices.end(), static_cast<std::size_t>(count), actor);
  }
  return choices;
}

}  // namespace racelab
