// CaptureByReferenceCheck.h: racecheck-capture-by-reference.
//
// Flags a detached thread handed a local by reference (a lambda capturing it with `[&]` or
// `[&x]`, `std::ref(x)`, `&x` to pthread_create): the thread can still run after the local's
// scope has ended, and then reads or writes a dead object. Docs:
// docs/checks/capture-by-reference.md
#pragma once

#include "checks/Rule.h"

namespace racecheck {

class CaptureByReferenceCheck : public Rule {
public:
  void run(const ConcurrencyModel &Model, std::vector<Finding> &Out) const override;
};

}  // namespace racecheck
