// CheckThenActCheck.h: racecheck-check-then-act.
//
// Flags a write that acts on a condition checked earlier, when the lock was released and
// taken again in between, the check was made outside the lock, or a co_await intervened.
// Docs: docs/checks/check-then-act.md
#pragma once

#include "checks/Rule.h"

namespace racecheck {

class CheckThenActCheck : public Rule {
public:
  void run(const ConcurrencyModel &Model, std::vector<Finding> &Out) const override;
};

}  // namespace racecheck
