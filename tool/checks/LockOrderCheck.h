// LockOrderCheck.h: racecheck-lock-order.
//
// Flags two mutexes taken in opposite orders (A then B on one path, B then A on another) where
// the two paths can run at the same time: each thread may hold one mutex and wait for the other
// for ever. Locks held by callers count (an acquisition chain may cross functions and
// translation units); only mutexes racecheck can name exactly (globals, the starter's locals,
// objects handed to the thread, the client object in library mode) are compared.
// Docs: docs/checks/lock-order.md
#pragma once

#include "checks/Rule.h"

namespace racecheck {

class LockOrderCheck : public Rule {
public:
  void run(const ConcurrencyModel &Model, std::vector<Finding> &Out) const override;
};

}  // namespace racecheck
