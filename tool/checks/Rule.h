// Rule.h: the interface every rule implements, and the registry built from Checks.def.
// (racelab::Check, in the harness, is something else: an invariant's verdict.)
#pragma once

#include "analysis/ConcurrencyModel.h"
#include "checks/Finding.h"

#include <memory>
#include <string>
#include <vector>

namespace racecheck {

class Rule {
public:
  virtual ~Rule() = default;
  // Appends this rule's findings over the whole program.
  virtual void run(const ConcurrencyModel &Model, std::vector<Finding> &Out) const = 0;
  // False for a rule whose input is not the model (racecheck-unused-nolint reads the NOLINT
  // comments once the other rules' findings were matched to them); the clang-tidy plugin, which
  // leaves NOLINT to clang-tidy, registers only the rules that read the model.
  virtual bool readsModel() const { return true; }
};

// The id of rule class C, from Checks.def: ruleId<NonAtomicRmwCheck>() is
// "racecheck-non-atomic-rmw". Rules name themselves through this, never with a string of their own.
template <typename C> const char *ruleId();
#define RACECHECK_CHECK(Id, Class, Level, Precision, Summary)                                     \
  class Class;                                                                                    \
  template <> inline const char *ruleId<Class>() { return "racecheck-" #Id; }
#include "checks/Checks.def"

struct RuleInfo {
  std::string Id;  // "racecheck-unsynchronized-write"
  std::string Name;  // "unsynchronized-write"
  std::string Level;
  std::string Precision;
  std::string Summary;
  std::string DocPath;  // "docs/checks/unsynchronized-write.md"
};

const std::vector<RuleInfo> &allRules();
std::unique_ptr<Rule> makeRule(const std::string &Id);

// Whether Id is enabled by a clang-tidy style glob list ("-*,racecheck-check-then-act").
bool ruleEnabled(const std::string &Globs, const std::string &Id);

// The findings of every rule Globs enables, one per rule and position: a rule that meets the
// same access once per thread start reports it once (the first, in the order the rule found
// them). Sorted by file, line, column and rule. The command line and the clang-tidy plugin both
// report through this, so they print the same findings.
std::vector<Finding> runRules(const ConcurrencyModel &Model, const std::string &Globs);

}  // namespace racecheck
