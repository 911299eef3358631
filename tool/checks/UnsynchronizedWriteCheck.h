// UnsynchronizedWriteCheck.h: racecheck-unsynchronized-write.
//
// Flags a write to shared memory made while no mutex is held (or only a shared one),
// when another access to the same memory can run at the same time on another thread.
// Docs: docs/checks/unsynchronized-write.md
#pragma once

#include "checks/Rule.h"

namespace racecheck {

class UnsynchronizedWriteCheck : public Rule {
public:
  void run(const ConcurrencyModel &Model, std::vector<Finding> &Out) const override;
};

}  // namespace racecheck
