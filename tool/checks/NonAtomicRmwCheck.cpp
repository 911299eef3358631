// NonAtomicRmwCheck.cpp: see NonAtomicRmwCheck.h.
#include "checks/NonAtomicRmwCheck.h"

namespace racecheck {

void NonAtomicRmwCheck::run(const ConcurrencyModel &Model, std::vector<Finding> &Out) const {
  for (const FunctionFacts *F : Model.functions()) {
    if (!Model.runsConcurrently(F->Key))
      continue;
    for (const AtomicRmwSite &S : F->AtomicRmws) {
      if (!S.Locks.empty())
        continue;  // the whole update is inside a critical section
      Finding Fd;
      Fd.Rule = ruleId<NonAtomicRmwCheck>();
      Fd.Pos = S.StorePos;
      Fd.Symbol = S.VarName;
      Fd.Function = F->Name;
      Fd.Message = "non-atomic read-modify-write of atomic '" + S.VarName + "' in '" + F->Name +
                   "': it is loaded at " + shortPos(S.LoadPos) +
                   " and this separate store writes a value computed from it, so an update "
                   "another thread makes in between is lost (no data race, and ThreadSanitizer "
                   "stays silent); use " + S.VarName + ".fetch_add(...) or a compare_exchange loop";
      Fd.Notes.push_back({S.LoadPos, "'" + S.VarName + "' loaded here"});
      Out.push_back(Fd);
    }
  }
}

}  // namespace racecheck
