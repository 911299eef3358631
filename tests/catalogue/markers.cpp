// markers.cpp: see markers.h.
#include "markers.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <regex>

namespace fs = std::filesystem;

namespace catalogue {

std::set<Expectation> markedExpectations(const fs::path &source) {
  static const std::regex marker(R"(//.*expect:[ \t]*(racecheck-[a-z-]+)(?:[ \t]+at[ \t]+([^\s:]+):([0-9]+))?)");
  std::set<Expectation> out;
  std::ifstream in(source);
  std::string text;
  for (int number = 1; std::getline(in, text); ++number) {
    std::smatch match;
    if (!std::regex_search(text, match, marker)) continue;
    if (match[2].matched)
      out.insert({fs::weakly_canonical(source.parent_path() / match[2].str()).string(), std::stoi(match[3]), match[1]});
    else
      out.insert({fs::weakly_canonical(source).string(), number, match[1]});
  }
  return out;
}

std::vector<std::string> markedRules(const fs::path &source) {
  std::set<std::string> rules;
  for (const Expectation &e : markedExpectations(source)) rules.insert(e.rule);
  return {rules.begin(), rules.end()};
}

bool registersAVariant(const fs::path &source) {
  std::ifstream in(source);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.find("RACELAB_VARIANT(") != std::string::npos;
}

std::vector<fs::path> catalogueSources(const fs::path &examples) {
  std::vector<fs::path> sources;
  for (const auto &entry : fs::recursive_directory_iterator(examples))
    if (entry.path().extension() == ".cpp" && registersAVariant(entry.path())) sources.push_back(entry.path());
  std::sort(sources.begin(), sources.end());
  return sources;
}

}  // namespace catalogue
