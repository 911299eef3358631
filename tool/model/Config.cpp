// Config.cpp: racecheck's built-in defaults and name matching.
#include "model/Config.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

namespace racecheck {

Config Config::defaults() {
  Config C;
  // racelab's own harness runs each registered actor on a thread of its own, all at once.
  C.ThreadApis = {
      {"racelab::Test::actor", 0, true, false},
      {"racelab::TestOf::actor", 0, true, false},
  };
  C.ThreadSafeTypes = {"racelab::*"};
  return C;
}

// Glob match where '*' matches any run of characters (including "::").
std::vector<std::string> splitGlobList(const std::string &List) {
  std::vector<std::string> Globs;
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  llvm::StringRef(List).split(Parts, ',');
  for (llvm::StringRef Part : Parts)
    if (!Part.trim(' ').empty())
      Globs.push_back(Part.trim(' ').str());
  return Globs;
}

bool matchesNamePattern(const std::string &Pattern, const std::string &Name) {
  size_t P = 0, N = 0, Star = std::string::npos, Mark = 0;
  while (N < Name.size()) {
    if (P < Pattern.size() && Pattern[P] == '*') {
      Star = P++;
      Mark = N;
    } else if (P < Pattern.size() && Pattern[P] == Name[N]) {
      ++P;
      ++N;
    } else if (Star != std::string::npos) {
      P = Star + 1;
      N = ++Mark;
    } else {
      return false;
    }
  }
  while (P < Pattern.size() && Pattern[P] == '*')
    ++P;
  return P == Pattern.size();
}

}  // namespace racecheck
