// UnusedNolintCheck.cpp: see UnusedNolintCheck.h.
#include "checks/UnusedNolintCheck.h"

#include "model/Config.h"

namespace racecheck {
namespace {

// Does C name a rule that reads the model and that Globs enables?
bool namesEnabledRule(const NolintComment &C, const std::string &Globs) {
  for (const RuleInfo &Info : allRules()) {
    if (Info.Id == ruleId<UnusedNolintCheck>() || !ruleEnabled(Globs, Info.Id))
      continue;
    for (const std::string &G : C.Globs)
      if (matchesNamePattern(G, Info.Id))
        return true;
  }
  return false;
}

}  // namespace

void UnusedNolintCheck::report(const std::vector<NolintComment> &Comments,
                               const std::set<std::pair<std::string, unsigned>> &Used,
                               const std::string &Globs, std::vector<Finding> &Out) const {
  for (const NolintComment &C : Comments) {
    if (Used.count({C.File, C.Line}) || !namesEnabledRule(C, Globs))
      continue;
    Finding F;
    F.Rule = ruleId<UnusedNolintCheck>();
    F.Pos = {C.File, C.Line, C.Column};
    F.Message = "'" + C.Text + "' suppresses no racecheck finding; remove it";
    F.Symbol = C.Text;
    Out.push_back(F);
  }
}

}  // namespace racecheck
