// DoubleCheckedLockingCheck.cpp: see DoubleCheckedLockingCheck.h. The shape comes from
// extract/GuardedWrites.cpp; the locks and the concurrency from the access facts and the model.
#include "checks/DoubleCheckedLockingCheck.h"

#include "checks/ContextText.h"
#include "model/FactsLookup.h"

namespace racecheck {
namespace {

// An unlocked instance of the check that can run at the same time as a locked instance of the
// write, in the model's contexts.
bool racesInSomeContext(const ConcurrencyModel &Model, const Access &Check, const Access &Write) {
  auto All = Model.accessesByVariable().find(Check.Var);
  if (All == Model.accessesByVariable().end())
    return false;
  for (const AccessInstance &R : All->second) {
    if (R.Site != &Check || !R.Locks.empty())
      continue;
    for (const AccessInstance &W : All->second)
      if (W.Site == &Write && Model.mayAlias(R, W) && Model.concurrent(R, W))
        return true;
  }
  return false;
}

}  // namespace

void DoubleCheckedLockingCheck::run(const ConcurrencyModel &Model, std::vector<Finding> &Out) const {
  for (const FunctionFacts *F : Model.functions()) {
    for (const GuardedWriteCandidate &G : F->GuardedWrites) {
      if (!G.Rechecked)
        continue;  // one unlocked check only: check-then-act's "checked with no mutex held"
      const Access *Check = accessAt(*F, G.CheckPos, AccessKind::Read);
      const Access *Write = accessAt(*F, G.WritePos, AccessKind::Write);
      if (!Check || !Write || Check->Var != Write->Var || !Check->Locks.empty() ||
          !holdsExclusively(Write->Locks) || Check->OnceInit)
        continue;
      if (!racesInSomeContext(Model, *Check, *Write))
        continue;
      const std::string &Name = Write->VarName;
      Finding Fd;
      Fd.Rule = ruleId<DoubleCheckedLockingCheck>();
      Fd.Pos = Write->Pos;
      Fd.Symbol = Name;
      Fd.Function = F->Name;
      Fd.Message = "double-checked locking on '" + Name + "' in '" + F->Name +
                   "': this write " + describeLocks(Write->Locks) + " is guarded by a check at " +
                   shortPos(Check->Pos) + " made with no mutex held, which races with it (a "
                   "data race, undefined behaviour): a thread on the unlocked fast path can see "
                   "'" + Name + "' set before what it points to is built; use std::call_once, a "
                   "function-local static (initialised once, thread-safe since C++11), or make "
                   "'" + Name + "' a std::atomic read with memory_order_acquire and written with "
                   "memory_order_release";
      Fd.Notes.push_back({Check->Pos, "'" + Name + "' checked here with no mutex held"});
      Out.push_back(Fd);
    }
  }
}

}  // namespace racecheck
