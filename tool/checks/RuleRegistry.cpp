// RuleRegistry.cpp: turns Checks.def into the registry.
#include "checks/Rule.h"

#include "checks/CaptureByReferenceCheck.h"
#include "checks/CheckThenActCheck.h"
#include "checks/DoubleCheckedLockingCheck.h"
#include "checks/InconsistentLockingCheck.h"
#include "checks/LockOrderCheck.h"
#include "checks/NonAtomicRmwCheck.h"
#include "checks/UnsynchronizedWriteCheck.h"
#include "checks/WaitWithoutLoopCheck.h"
#include "checks/UnusedNolintCheck.h"
#include "model/Config.h"

#include <algorithm>
#include <tuple>

namespace racecheck {

const std::vector<RuleInfo> &allRules() {
  static const std::vector<RuleInfo> Checks = {
#define RACECHECK_CHECK(Id, Class, Level, Precision, Summary)                                     \
  {ruleId<Class>(), #Id, Level, Precision, Summary, "docs/checks/" #Id ".md"},
#include "checks/Checks.def"
  };
  return Checks;
}

std::unique_ptr<Rule> makeRule(const std::string &Id) {
#define RACECHECK_CHECK(Name, Class, Level, Precision, Summary)                                   \
  if (Id == ruleId<Class>())                                                                      \
    return std::make_unique<Class>();
#include "checks/Checks.def"
  return nullptr;
}

bool ruleEnabled(const std::string &Globs, const std::string &Id) {
  if (Globs.empty())
    return true;
  // As in clang-tidy, later globs win; a list that starts by removing keeps the rest on.
  std::vector<std::string> List = splitGlobList(Globs);
  bool Enabled = !List.empty() && List.front()[0] == '-';
  for (std::string Glob : List) {
    bool Negative = Glob.front() == '-';
    if (Negative)
      Glob.erase(0, 1);
    if (!Glob.empty() && matchesNamePattern(Glob, Id))
      Enabled = !Negative;
  }
  return Enabled;
}

std::vector<Finding> runRules(const ConcurrencyModel &Model, const std::string &Globs) {
  std::vector<Finding> Findings;
  for (const RuleInfo &C : allRules())
    if (ruleEnabled(Globs, C.Id))
      makeRule(C.Id)->run(Model, Findings);
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
