// InconsistentLockingCheck.h: racecheck-inconsistent-locking.
//
// Flags an access made without the mutex that guards the same variable elsewhere, and
// writes guarded by different mutexes, when the two can run at the same time.
// Docs: docs/checks/inconsistent-locking.md
#pragma once

#include "checks/Rule.h"

namespace racecheck {

class InconsistentLockingCheck : public Rule {
public:
  void run(const ConcurrencyModel &Model, std::vector<Finding> &Out) const override;
};

}  // namespace racecheck
