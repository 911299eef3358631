// CheckRegistry.cpp: turns Checks.def into the registry.
#include "checks/Check.h"

#include "checks/CheckThenActCheck.h"
#include "checks/InconsistentLockingCheck.h"
#include "checks/NonAtomicRmwCheck.h"
#include "checks/UnsynchronizedWriteCheck.h"
#include "checks/UnusedNolintCheck.h"
#include "model/Config.h"

#include <algorithm>
#include <sstream>
#include <tuple>

namespace racecheck {

const std::vector<CheckInfo> &allChecks() {
  static const std::vector<CheckInfo> Checks = {
#define RACECHECK_CHECK(Id, Class, Level, Precision, Summary)                                     \
  {ruleId<Class>(), #Id, Level, Precision, Summary, "docs/checks/" #Id ".md"},
#include "checks/Checks.def"
  };
  return Checks;
}

std::unique_ptr<Check> makeCheck(const std::string &Id) {
#define RACECHECK_CHECK(Name, Class, Level, Precision, Summary)                                   \
  if (Id == ruleId<Class>())                                                                      \
    return std::make_unique<Class>();
#include "checks/Checks.def"
  return nullptr;
}

bool checkEnabled(const std::string &Globs, const std::string &Id) {
  if (Globs.empty())
    return true;
  // As in clang-tidy, later globs win; a list that starts by removing keeps the rest on.
  bool Enabled = Globs.find_first_not_of(' ') != std::string::npos &&
                 Globs[Globs.find_first_not_of(' ')] == '-';
  std::stringstream In(Globs);
  std::string Glob;
  while (std::getline(In, Glob, ',')) {
    while (!Glob.empty() && Glob.front() == ' ')
      Glob.erase(0, 1);
    while (!Glob.empty() && Glob.back() == ' ')
      Glob.pop_back();
    bool Negative = !Glob.empty() && Glob.front() == '-';
    if (Negative)
      Glob.erase(0, 1);
    if (!Glob.empty() && matchesNamePattern(Glob, Id))
      Enabled = !Negative;
  }
  return Enabled;
}

std::vector<Finding> runChecks(const ConcurrencyModel &Model, const std::string &Globs) {
  std::vector<Finding> Findings;
  for (const CheckInfo &C : allChecks())
    if (checkEnabled(Globs, C.Id))
      makeCheck(C.Id)->run(Model, Findings);
  auto Key = [](const Finding &F) {
    return std::tie(F.Pos.File, F.Pos.Line, F.Pos.Column, F.Rule);
  };
  std::stable_sort(Findings.begin(), Findings.end(),
                   [&](const Finding &A, const Finding &B) { return Key(A) < Key(B); });
  Findings.erase(std::unique(Findings.begin(), Findings.end(),
                             [&](const Finding &A, const Finding &B) { return Key(A) == Key(B); }),
                 Findings.end());
  return Findings;
}

}  // namespace racecheck
