// InheritedLocks.cpp: the locks a thread runs under because its starter holds them from before
// the start until after the join (Goblint calls this the creation lockset).
//
//   lock(m); create(t, work); join(t); unlock(m);   // all of work runs inside m's section
//
// Such a lock keeps out every other thread that takes m. It does not keep out the starter's
// own code in that section, nor other threads started in it: protectsEachOther compares the
// acquisition (Epoch) for that. A thread that starts and joins its own thread inside work
// passes the inherited locks on, when work runs only as a thread (it is never called directly).
#include "analysis/ConcurrencyModel.h"

#include <algorithm>

namespace racecheck {
namespace {

constexpr unsigned kMaxStarterDepth = 3;

bool sameAcquisition(const HeldLock &A, const HeldLock &B) {
  return A.Mutex == B.Mutex && A.Epoch == B.Epoch;
}

Lockset intersect(const Lockset &A, const Lockset &B) {
  Lockset R;
  for (const HeldLock &L : A)
    if (std::any_of(B.begin(), B.end(), [&](const HeldLock &M) { return sameAcquisition(L, M); }))
      R.push_back(L);
  return R;
}

}  // namespace

Lockset ConcurrencyModel::inheritedLocks(const ThreadStart &S, const FunctionFacts &Starter,
                                         unsigned Depth) {
  if (!StartIndexBuilt) {
    StartIndexBuilt = true;
    for (const FunctionFacts *F : Functions) {
      for (const ThreadStart &T : F->Starts)
        StartsByEntry[T.Entry].emplace_back(&T, F);
      for (const CallSite &C : F->Calls)
        if (!C.Callee.empty())
          CalledDirectly.insert(C.Callee);
    }
  }
  if (auto It = InheritedMemo.find(&S); It != InheritedMemo.end())
    return It->second;
  Lockset Result = S.HeldUntilJoin;
  // The starter is itself a thread, all of whose instances run inside a section: a thread it
  // joins before returning runs inside that section too.
  auto Outer = StartsByEntry.find(Starter.Key);
  if (S.JoinedHere && Depth < kMaxStarterDepth && Outer != StartsByEntry.end() &&
      !CalledDirectly.count(Starter.Key)) {
    std::optional<Lockset> Common;
    for (const auto &[Start, By] : Outer->second) {
      Lockset L = inheritedLocks(*Start, *By, Depth + 1);
      Common = Common ? intersect(*Common, L) : L;
    }
    for (const HeldLock &L : Common.value_or(Lockset{}))
      if (std::none_of(Result.begin(), Result.end(),
                       [&](const HeldLock &M) { return M.Mutex == L.Mutex; }))
        Result.push_back(L);
  }
  if (Depth == 0)
    InheritedMemo[&S] = Result;
  return Result;
}

}  // namespace racecheck
