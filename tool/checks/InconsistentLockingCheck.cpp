// InconsistentLockingCheck.cpp: see InconsistentLockingCheck.h.
#include "checks/InconsistentLockingCheck.h"

#include "checks/ContextText.h"

#include <set>
#include <tuple>

namespace racecheck {
namespace {

using PosKey = std::tuple<std::string, unsigned, unsigned>;

// Reads that decide a check-then-act are reported by that rule, not twice.
std::set<PosKey> checkPositions(const ConcurrencyModel &Model) {
  std::set<PosKey> Out;
  for (const FunctionFacts *F : Model.functions())
    for (const CheckThenActSite &S : F->CheckThenActs)
      Out.insert({S.CheckPos.File, S.CheckPos.Line, S.CheckPos.Column});
  return Out;
}

const AccessInstance *lockedConflict(const ConcurrencyModel &Model, const AccessInstance &A,
                                     const std::vector<AccessInstance> &All) {
  for (const AccessInstance &X : All) {
    // The same site counts when it runs elsewhere under another mutex (a wrapper taking the
    // mutex it is given: `munge(&m1)` in one thread, `munge(&m2)` in another).
    if (&X == &A || onceOrdered(A, X) || !guardedByOwnMutex(X) || !Model.mayAlias(A, X) ||
        !Model.sameWork(A, X))
      continue;
    if (A.Site->Kind == AccessKind::Read && X.Site->Kind != AccessKind::Write)
      continue;
    if (Model.concurrent(A, X) && !protectsEachOther(A.Locks, X.Locks))
      return &X;
  }
  return nullptr;
}

Finding describe(const ConcurrencyModel &Model, const AccessInstance &A,
                 const AccessInstance &X) {
  const std::string &Name = A.Site->VarName;
  Finding F = findingAt(ruleId<InconsistentLockingCheck>(), A);
  std::string Guard = describeLocks(X.Locks).substr(std::string("holding ").size());
  if (A.Locks.empty())
    F.Message = "'" + Name + "' is read here in '" + A.Function->Name + "' with no mutex held, but " +
                "written under " + Guard + " at " + shortPos(X.Site->Pos) + " by " +
                describeContext(Model, X.Context) + ", which can run at the same time; take " +
                Guard + " here too";
  else if (oneSection(A.Locks, X.Locks))
    F.Message = "'" + Name + "' is " + participle(A.Site->Kind) + " here " + describeLocks(A.Locks) +
                ", but accessed at " + shortPos(X.Site->Pos) + " by " +
                describeContext(Model, X.Context) +
                " inside the same critical section: a thread started while a mutex is held and "
                "joined before it is released runs inside that section, which keeps other "
                "threads out but not the code that started it: give '" + Name +
                "' a mutex that both take, or finish with it before the thread starts";
  else
    F.Message = "'" + Name + "' is " + participle(A.Site->Kind) + " here " + describeLocks(A.Locks) +
                ", but accessed at " + shortPos(X.Site->Pos) + " " + describeLocks(X.Locks) +
                " by " + describeContext(Model, X.Context) +
                "; different mutexes do not exclude each other: protect '" + Name +
                "' with one mutex everywhere";
  if (auto N = viaNote(A))
    F.Notes.push_back(*N);
  F.Notes.push_back({X.Site->Pos, std::string(kindWord(X.Site->Kind)) + " of '" + Name +
                                      "' here, " + describeLocks(X.Locks)});
  if (auto N = startNote(Model, X.Context))
    F.Notes.push_back(*N);
  return F;
}

}  // namespace

void InconsistentLockingCheck::run(const ConcurrencyModel &Model,
                                   std::vector<Finding> &Out) const {
  std::set<PosKey> Checks = checkPositions(Model);
  for (const auto &[Var, All] : Model.accessesByVariable()) {
    for (const AccessInstance &A : All) {
      bool UnlockedRead = A.Site->Kind == AccessKind::Read && A.Locks.empty();
      bool LockedWrite = A.Site->Kind == AccessKind::Write && holdsExclusively(A.Locks);
      if (!UnlockedRead && !LockedWrite)
        continue;
      if (Checks.count({A.Site->Pos.File, A.Site->Pos.Line, A.Site->Pos.Column}))
        continue;
      if (const AccessInstance *X = lockedConflict(Model, A, All))
        Out.push_back(describe(Model, A, *X));
    }
  }
}

}  // namespace racecheck
