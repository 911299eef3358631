// CallerLocks.cpp: the locks every caller of a function holds when it calls it.
//
//   static void resize_locked(pool *p) { ... start workers ...; p->limit = n; }
//   void resize(pool *p) { lock(&p->mu); resize_locked(p); unlock(&p->mu); }
//
// A function that starts threads is also walked on its own (the code after the start runs
// beside them). Without its callers that walk sees no lock around `p->limit = n`. When the
// function has internal linkage, its address is never taken and no thread runs it, racecheck
// sees every call of it: a mutex held at all of them is held in its body too.
//
// A lock reached through the caller's parameters or `this` becomes its type-level name (the
// function's own walk does not know which object either is), as unbound locks always do.
#include "analysis/ConcurrencyModel.h"

#include <algorithm>

namespace racecheck {
namespace {

// The caller's lock as the callee's unbound walk names it.
HeldLock asSeenByCallee(HeldLock L) {
  if (!L.Path.empty()) {
    L.Mutex = L.Coarse.empty() ? L.Mutex : L.Coarse;
    L.Exact = false;
    L.Path.clear();
  }
  L.Inherited = false;
  return L;
}

bool sameLock(const HeldLock &A, const HeldLock &B) {
  return A.Mutex == B.Mutex && A.Exact == B.Exact && A.Shared == B.Shared;
}

}  // namespace

const Lockset &ConcurrencyModel::heldByEveryCaller(const FunctionFacts &F) {
  if (!CallerLocksBuilt) {
    CallerLocksBuilt = true;
    std::set<std::string> RunAsThread, Seen;
    for (const FunctionFacts *G : Functions)
      for (const ThreadStart &S : G->Starts)
        RunAsThread.insert(S.Entry);
    for (const FunctionFacts *G : Functions)
      for (const CallSite &C : G->Calls) {
        if (C.Callee.empty())
          continue;
        Lockset Here;
        for (const HeldLock &L : C.Locks)
          Here.push_back(asSeenByCallee(L));
        if (Seen.insert(C.Callee).second) {
          CallerLocks[C.Callee] = Here;
          continue;
        }
        Lockset &Common = CallerLocks[C.Callee];
        Common.erase(std::remove_if(Common.begin(), Common.end(),
                                    [&](const HeldLock &L) {
                                      return std::none_of(Here.begin(), Here.end(),
                                                          [&](const HeldLock &M) { return sameLock(L, M); });
                                    }),
                     Common.end());
      }
    for (const std::string &Key : RunAsThread)
      CallerLocks.erase(Key);
  }
  static const Lockset None;
  if (!F.Internal || F.AddressTaken)
    return None;
  auto It = CallerLocks.find(F.Key);
  return It == CallerLocks.end() ? None : It->second;
}

}  // namespace racecheck
