// WaitWithoutLoopCheck.h: racecheck-wait-without-loop.
//
// Flags a condition wait with no predicate that no loop encloses (`if (!ready) cv.wait(lock);`):
// a spurious wake-up, or a notify meant for another waiter, returns with the condition still
// false, and a notify sent before the wait is lost. Docs: docs/checks/wait-without-loop.md
#pragma once

#include "checks/Rule.h"

namespace racecheck {

class WaitWithoutLoopCheck : public Rule {
public:
  void run(const ConcurrencyModel &Model, std::vector<Finding> &Out) const override;
};

}  // namespace racecheck
