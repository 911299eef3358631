// UnsynchronizedWriteCheck.cpp: see UnsynchronizedWriteCheck.h.
#include "checks/UnsynchronizedWriteCheck.h"

#include "checks/ContextText.h"

namespace racecheck {
namespace {

// Objects racecheck cannot name on either side (both reached through pointers of unknown
// origin) are mostly each thread's own buffers and contexts; such a pair is reported only when
// the code shows it means to share that kind of memory: some access to it holds a mutex.
bool lockedSomewhere(const std::vector<AccessInstance> &All) {
  for (const AccessInstance &X : All)
    if (guardedByOwnMutex(X))
      return true;
  return false;
}

// "client:ns::Cache.size_", not "client:ns::Cache.stats_.hits": the class key ends at its last
// "::" name, and a field is one step after it.
bool directFieldOfClient(const std::string &P) {
  if (P.rfind("client:", 0) != 0)
    return false;
  size_t Field = P.find_first_of(".[", P.rfind(':'));
  return Field != std::string::npos && P.find_first_of(".[", Field + 1) == std::string::npos;
}

// Memory every thread can name: a global, what a global pointer or an external accessor
// (`get_config()`) points to, a local of the
// starting function handed to its threads (or an allocation it handed them, or a field of
// one: handedAndShared), or (library mode) a field of the object every client
// call shares (not a member object's own fields: a value inside it may be per call). A write to it with no mutex anywhere is reported.
// An allocation the starter handed to a thread at its start, or a field of one: shared with the
// starter's own code while the thread runs (a free before the join); between threads only when
// its structure's mutex is locked somewhere (else it is handed from one thread to the next by
// something racecheck does not see: a semaphore, a queue).
bool handedAndShared(const ConcurrencyModel &Model, const AccessInstance &A) {
  if (!Model.inThreadObject(A.Path))
    return false;
  size_t Sep = A.Var.rfind("::");
  return !Model.contexts()[A.Context].Start ||
         (Sep != std::string::npos && Model.mutexLockedIn(A.Var.substr(0, Sep)));
}

bool knownShared(const ConcurrencyModel &Model, const AccessInstance &A) {
  const std::string &P = A.Path;
  return P.rfind("g:", 0) == 0 || P.rfind("*g:", 0) == 0 || returnedObject(P) ||
         P.rfind("local:", 0) == 0 ||
         handedAllocation(A.Var) || handedAndShared(Model, A) ||
         directFieldOfClient(P) ||
         P.find("|local:") != std::string::npos;
}

// The access that races with W: another site if there is one, else W itself on another thread.
const AccessInstance *conflictFor(const ConcurrencyModel &Model, const AccessInstance &W,
                                  const std::vector<AccessInstance> &All) {
  const AccessInstance *Self = nullptr;
  const bool Protected = lockedSomewhere(All);
  for (const AccessInstance &X : All) {
    if (unnamed(W) && unnamed(X) && (!Protected || !Model.sameWork(W, X)))
      continue;
    // Objects reached through parameters, `this` or a thread's argument that no access ever
    // locks are, in real code, almost always handed from one thread to the next by something
    // racecheck does not see (a queue, a join, a condition variable): report them only when
    // the code shows it shares them, by locking them somewhere.
    if (!Protected && !knownShared(Model, W) && !knownShared(Model, X))
      continue;
    if (onceOrdered(W, X) || !Model.mayAlias(W, X) || !Model.concurrent(W, X) ||
        protectsEachOther(W.Locks, X.Locks))
      continue;
    if (X.Site == W.Site) {
      Self = Self ? Self : &X;
      continue;
    }
    return &X;
  }
  return Self;
}

Finding describe(const ConcurrencyModel &Model, const AccessInstance &W,
                 const AccessInstance &X) {
  const std::string &Name = W.Site->VarName;
  Finding F = findingAt(ruleId<UnsynchronizedWriteCheck>(), W);
  std::string Held = W.Locks.empty() ? "no mutex is held" : "only a shared lock is held (" +
                                                                describeLocks(W.Locks) + ")";
  std::string Other;
  if (X.Site == W.Site && X.Context == W.Context)
    Other = Model.contexts()[X.Context].Entry ? "the same write in another client thread"
                                              : "the same write in another instance of that thread";
  else if (X.Site == W.Site)
    Other = "the same write in " + describeContext(Model, X.Context);
  else
    Other = std::string("the ") + kindWord(X.Site->Kind) + " at " + shortPos(X.Site->Pos) +
            " in " + describeContext(Model, X.Context);
  F.Message = "unsynchronized write to '" + Name + "' in '" + W.Function->Name +
              "', which runs in " + describeContext(Model, W.Context) + ": " + Held +
              ", and it can run at the same time as " + Other + "; guard every access to '" +
              Name + "' with the same mutex, or make it std::atomic";
  if (auto N = viaNote(W))
    F.Notes.push_back(*N);
  if (X.Site != W.Site)
    F.Notes.push_back({X.Site->Pos, std::string("conflicting ") + kindWord(X.Site->Kind) +
                                        " of '" + Name + "' here, " + describeLocks(X.Locks)});
  if (auto N = startNote(Model, W.Context))
    F.Notes.push_back(*N);
  if (auto N = startNote(Model, X.Context); N && X.Context != W.Context)
    F.Notes.push_back(*N);
  return F;
}

}  // namespace

void UnsynchronizedWriteCheck::run(const ConcurrencyModel &Model,
                                   std::vector<Finding> &Out) const {
  for (const auto &[Var, All] : Model.accessesByVariable()) {
    for (const AccessInstance &W : All) {
      if (W.Site->Kind != AccessKind::Write || holdsExclusively(W.Locks))
        continue;
      if (const AccessInstance *X = conflictFor(Model, W, All))
        Out.push_back(describe(Model, W, *X));
    }
  }
}

}  // namespace racecheck
