// markers.h: a variant file's `// expect:` markers, the one place its checker expectation is
// written. examples/expected_rules.cmake reads the same grammar to fill the declaration's
// `checker`; the catalogue tests hold racecheck to the lines. Two forms, in a // comment:
//   expect: racecheck-<rule>                      racecheck flags this line of this file
//   expect: racecheck-<rule> at <header>:<line>   it flags that line of a header beside the
//                                                 file (a shared header whose finding depends
//                                                 on the variant that includes it)
#pragma once

#include <compare>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace catalogue {

struct Expectation {
  std::string file;  // canonical path
  int line;
  std::string rule;  // racecheck-<rule>
  auto operator<=>(const Expectation &) const = default;
};

std::set<Expectation> markedExpectations(const std::filesystem::path &source);

// The rules of the markers, sorted, each once: what the variant's `checker` must hold.
std::vector<std::string> markedRules(const std::filesystem::path &source);

// Whether the file declares a variant (support code and benchmarks do not).
bool registersAVariant(const std::filesystem::path &source);

// Every variant file under the examples folder, sorted.
std::vector<std::filesystem::path> catalogueSources(const std::filesystem::path &examples);

}  // namespace catalogue
