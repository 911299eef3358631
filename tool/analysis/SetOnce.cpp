// SetOnce.cpp: variables set once under a global mutex, and the reads that come after the
// reader's own critical section (a ConcurrencyModel member, declared in ConcurrencyModel.h).
//
//   Log *get() {
//     lock(&log_mutex);
//     if (instance == NULL) instance = create();   // every write of `instance` looks like this
//     unlock(&log_mutex);
//     return instance;                              // after this thread's own critical section
//   }
//
// `instance` changes once, from null, and only inside a critical section that tested it. A
// thread that has been through such a section itself saw it set (or set it), so no write can
// follow its unlocked read: the pair is ordered. The first, unlocked check of double-checked
// locking (`if (!instance) { lock; if (!instance) ...`) comes before any section, and stays a race.
#include "analysis/ConcurrencyModel.h"
#include "model/FactsLookup.h"

#include <algorithm>

namespace racecheck {
namespace {

// The global mutexes held exclusively in L, by key.
std::set<std::string> globalMutexes(const Lockset &L) {
  std::set<std::string> Out;
  for (const HeldLock &H : L)
    if (!H.Shared && H.Exact && H.Mutex.rfind("g:", 0) == 0)
      Out.insert(H.Mutex);
  return Out;
}

// The global mutexes under which the write W sets its variable once: W lies in the branch of an
// `if` testing the variable for null (or zero) with the mutex held, and holds it itself.
std::set<std::string> setOnceUnder(const FunctionFacts &F, const Access &W) {
  for (const GuardedWriteCandidate &G : F.GuardedWrites) {
    if (!G.NullTested || !samePos(G.WritePos, W.Pos))
      continue;
    const Access *Check = accessAt(F, G.InnerCheckPos, AccessKind::Read);
    if (!Check || Check->Var != W.Var)
      continue;
    std::set<std::string> Both, Checked = globalMutexes(Check->Locks),
                                Written = globalMutexes(W.Locks);
    std::set_intersection(Checked.begin(), Checked.end(), Written.begin(), Written.end(),
                          std::inserter(Both, Both.end()));
    return Both;
  }
  return {};
}

}  // namespace

void ConcurrencyModel::findSetOnceVariables() {
  for (const auto &[Var, Instances] : ByVariable) {
    std::set<std::string> Mutexes;
    std::set<const FunctionFacts *> Setters;
    bool First = true, SetOnce = true;
    for (const AccessInstance &I : Instances) {
      if (I.Site->Kind != AccessKind::Write)
        continue;
      std::set<std::string> Under = setOnceUnder(*I.Function, *I.Site);
      if (!First) {
        std::set<std::string> Common;
        std::set_intersection(Mutexes.begin(), Mutexes.end(), Under.begin(), Under.end(),
                              std::inserter(Common, Common.end()));
        Under = Common;
      }
      First = false;
      Mutexes = Under;
      Setters.insert(I.Function);
      if (Mutexes.empty()) {
        SetOnce = false;
        break;
      }
    }
    if (SetOnce && !First)
      SetOnceVars[Var] = {Mutexes, Setters};
  }
}

bool ConcurrencyModel::readAfterOwnSetOnce(const AccessInstance &Reader,
                                           const AccessInstance &Writer) const {
  if (Reader.Site->Kind != AccessKind::Read || Writer.Site->Kind != AccessKind::Write)
    return false;
  auto It = SetOnceVars.find(Reader.Var);
  if (It == SetOnceVars.end() || !It->second.Setters.count(Reader.Function))
    return false;
  return std::any_of(It->second.Mutexes.begin(), It->second.Mutexes.end(),
                     [&](const std::string &M) { return Reader.LockedBefore.count(M) > 0; });
}

}  // namespace racecheck
