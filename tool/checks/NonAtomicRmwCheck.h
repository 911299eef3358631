// NonAtomicRmwCheck.h: racecheck-non-atomic-rmw.
//
// Flags a store to a std::atomic whose value came from a separate load of the same
// atomic (`a.store(a.load() + 1)`): each step is atomic, the update is not.
// Docs: docs/checks/non-atomic-rmw.md
#pragma once

#include "checks/Rule.h"

namespace racecheck {

class NonAtomicRmwCheck : public Rule {
public:
  void run(const ConcurrencyModel &Model, std::vector<Finding> &Out) const override;
};

}  // namespace racecheck
