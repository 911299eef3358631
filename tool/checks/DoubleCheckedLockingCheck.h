// DoubleCheckedLockingCheck.h: racecheck-double-checked-locking.
//
// Flags the write of double-checked locking: a variable checked with no mutex held, then,
// inside that check's branch, checked again and written under a mutex
// (`if (!p) { lock; if (!p) p = new T; }`). The unlocked check races with the write, and a
// caller on the fast path can see the pointer before the object it points to.
// Docs: docs/checks/double-checked-locking.md
#pragma once

#include "checks/Rule.h"

namespace racecheck {

class DoubleCheckedLockingCheck : public Rule {
public:
  void run(const ConcurrencyModel &Model, std::vector<Finding> &Out) const override;
};

}  // namespace racecheck
