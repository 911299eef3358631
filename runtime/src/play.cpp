// Named steps: parsing "A.read B.write" and matching a name to a point's label.
#include "racelab/play.h"

#include <cctype>
#include <sstream>

#include "racelab/report.h"

namespace racelab {
namespace {

std::optional<int> parse_actor(const std::string& text) {
  if (text.size() != 1) return std::nullopt;
  const char c = text[0];
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return 26 + (c - 'a');
  return std::nullopt;
}

std::vector<std::string> words_of(const std::string& name) {
  std::vector<std::string> words;
  std::string word;
  for (char c : name + "_") {
    if (c == '_') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return words;
}

std::string first_words(const std::vector<std::string>& words, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n && i < words.size(); ++i) out += (i == 0 ? "" : "_") + words[i];
  return out;
}

}  // namespace

std::string PlayStep::text() const { return name.empty() ? actor_name(actor) : actor_name(actor) + "." + name; }

std::string step_name(const std::string& label) {
  std::string out;
  bool gap = false;
  for (char c : label) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      if (gap && !out.empty()) out += '_';
      out += static_cast<char>(std::tolower(u));
      gap = false;
    } else if (c == ' ' || c == '_' || c == '-' || c == ',' || c == '.' || c == '/') {
      gap = true;
    }
  }
  return out;
}

bool step_matches(const std::string& name, const std::string& label) {
  if (name.empty()) return true;
  const std::string full = step_name(label);
  return full == name || (full.size() > name.size() && full.compare(0, name.size(), name) == 0 &&
                          full[name.size()] == '_');
}

std::optional<std::vector<PlayStep>> parse_play_steps(const std::string& text, std::string* error) {
  std::vector<PlayStep> steps;
  std::istringstream in(text);
  for (std::string word; in >> word;) {
    const auto dot = word.find('.');
    const auto actor = parse_actor(word.substr(0, dot));
    const std::string name = dot == std::string::npos ? "" : step_name(word.substr(dot + 1));
    if (!actor || (dot != std::string::npos && name.empty())) {
      if (error != nullptr) *error = "'" + word + "' is not a step (ACTOR.NAME, e.g. A.read, or a bare A)";
      return std::nullopt;
    }
    steps.push_back({*actor, name});
  }
  if (steps.empty()) {
    if (error != nullptr) *error = "no steps given (e.g. \"A.read B.read A.write B.write\")";
    return std::nullopt;
  }
  return steps;
}

std::vector<std::string> short_step_names(const std::set<std::string>& labels) {
  std::vector<std::vector<std::string>> all;
  for (const std::string& l : labels) all.push_back(words_of(step_name(l)));
  std::set<std::string> out;
  for (const auto& words : all) {
    for (std::size_t n = 1; n <= words.size(); ++n) {
      const std::string name = first_words(words, n);
      int matching = 0;
      for (const auto& other : all) matching += step_matches(name, first_words(other, other.size())) ? 1 : 0;
      if (matching == 1 || n == words.size()) {
        out.insert(name);
        break;
      }
    }
  }
  return {out.begin(), out.end()};
}

}  // namespace racelab
