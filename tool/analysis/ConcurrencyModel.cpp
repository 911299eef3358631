// ConcurrencyModel.cpp: see ConcurrencyModel.h.
#include "analysis/ConcurrencyModel.h"

#include <algorithm>

namespace racecheck {
namespace {

constexpr unsigned kMaxCallDepth = 12;

bool contains(const std::vector<unsigned> &V, unsigned X) {
  return std::find(V.begin(), V.end(), X) != V.end();
}

Lockset unite(Lockset A, const Lockset &B) {
  for (const HeldLock &L : B) {
    auto Same = [&](const HeldLock &H) { return H.Mutex == L.Mutex; };
    if (std::none_of(A.begin(), A.end(), Same))
      A.push_back(L);
  }
  return A;
}

std::string signature(const std::string &Key, unsigned Context, const Lockset &Locks,
                      const std::map<std::string, std::string> &Bindings, bool ThisIsLocal,
                      bool Once, const std::set<unsigned> &Own, bool ThisIsOwn) {
  std::vector<std::string> Names;
  for (const HeldLock &L : Locks)
    Names.push_back(L.Mutex + (L.Shared ? "/s" : ""));
  std::sort(Names.begin(), Names.end());
  std::string S = Key + "|" + std::to_string(Context) + "|";
  for (const auto &N : Names)
    S += N + ",";
  for (const auto &[P, V] : Bindings)
    S += P + "=" + V + ",";
  S += "|";
  for (unsigned P : Own)
    S += std::to_string(P) + ",";
  return S + (ThisIsLocal ? "|l" : "|s") + (Once ? "o" : "") + (ThisIsOwn ? "t" : "");
}

}  // namespace

bool protectsEachOther(const Lockset &A, const Lockset &B) {
  for (const HeldLock &L : A)
    for (const HeldLock &M : B)
      if (L.Mutex == M.Mutex && !(L.Shared && M.Shared))
        return true;
  return false;
}

bool holdsExclusively(const Lockset &L) {
  return std::any_of(L.begin(), L.end(), [](const HeldLock &H) { return !H.Shared; });
}

std::string describeLocks(const Lockset &L) {
  if (L.empty())
    return "no mutex held";
  std::string S;
  for (const HeldLock &H : L)
    S += (S.empty() ? "" : ", ") + std::string("'") + H.Name + "'" + (H.Shared ? " (shared)" : "");
  return "holding " + S;
}

ConcurrencyModel::ConcurrencyModel(const std::vector<TranslationUnitFacts> &Units) {
  // The same inline function or template instance is written down by every unit that uses it
  // (one place); an external function defined at several places is several programs' (each
  // example's `main`), and every definition is kept.
  auto SamePlace = [](const FunctionFacts *A, const FunctionFacts *B) {
    return A->Pos.File == B->Pos.File && A->Pos.Line == B->Pos.Line &&
           A->Pos.Column == B->Pos.Column;
  };
  for (const auto &U : Units)
    for (const auto &F : U.Functions) {
      auto &Definitions = ByKey[F.Key];
      if (std::none_of(Definitions.begin(), Definitions.end(),
                       [&](const FunctionFacts *D) { return SamePlace(D, &F); })) {
        Definitions.push_back(&F);
        Functions.push_back(&F);
      }
    }
  for (const FunctionFacts *F : Functions)
    if (!F->Starts.empty())
      addStarterContexts(*F);
}

void ConcurrencyModel::addStarterContexts(const FunctionFacts &F) {
  for (const ThreadStart &S : F.Starts) {
    Contexts.push_back({&F, &S, {}});
    Walk W{static_cast<unsigned>(Contexts.size() - 1), {}, {}, false, false, 0};
    for (const auto &[Param, Var] : S.BoundArgs)
      W.Bindings["param#" + std::to_string(Param)] = Var;
    W.OwnParams.insert(S.OwnArgs.begin(), S.OwnArgs.end());
    explore(S.Entry, W);
  }
  // The starter's own code, grouped by which of its threads are running at that point.
  std::map<std::vector<unsigned>, unsigned> ByRunning;
  auto ContextFor = [&](const std::vector<unsigned> &Running) {
    auto It = ByRunning.find(Running);
    if (It != ByRunning.end())
      return It->second;
    Contexts.push_back({&F, nullptr, std::set<unsigned>(Running.begin(), Running.end())});
    unsigned Id = static_cast<unsigned>(Contexts.size() - 1);
    ByRunning[Running] = Id;
    return Id;
  };
  for (const Access &A : F.Accesses) {
    if (A.Running.empty() || A.Var.rfind("param#", 0) == 0)
      continue;
    ByVariable[A.Var].push_back({&A, &F, A.Var, ContextFor(A.Running), A.Locks, A.OnceInit});
  }
  for (const CallSite &C : F.Calls) {
    if (C.Running.empty())
      continue;
    Walk W{ContextFor(C.Running), C.Locks, {}, C.ObjectIsLocal, C.OnceInit, 1};
    for (const auto &[Param, Var] : C.BoundArgs)
      if (Var.rfind("param#", 0) != 0)
        W.Bindings["param#" + std::to_string(Param)] = Var;
    explore(C.Callee, W);
  }
  if (!ByRunning.empty())
    ConcurrentFunctions.insert(F.Key);
}

void ConcurrencyModel::explore(const std::string &Key, const Walk &W) {
  if (W.Depth > kMaxCallDepth)
    return;
  auto It = ByKey.find(Key);
  if (It == ByKey.end())
    return;
  if (!Visited
           .insert(signature(Key, W.Context, W.Locks, W.Bindings, W.ThisIsLocal, W.OnceInit,
                             W.OwnParams, W.ThisIsOwn))
           .second)
    return;
  for (const FunctionFacts *F : It->second)
    exploreBody(*F, W);
}

void ConcurrencyModel::exploreBody(const FunctionFacts &F, const Walk &W) {
  const std::string &Key = F.Key;
  ConcurrentFunctions.insert(Key);
  if (Contexts[W.Context].Start)
    ThreadReached.insert(Key);
  for (const Access &A : F.Accesses) {
    std::string Var = A.Var;
    if (Var.rfind("param#", 0) == 0) {
      auto B = W.Bindings.find(Var);
      if (B == W.Bindings.end())
        continue;  // memory the caller did not share
      Var = B->second;
    }
    if (A.ViaThis && W.ThisIsLocal)
      continue;
    bool Own = (A.Param >= 0 && W.OwnParams.count(static_cast<unsigned>(A.Param))) ||
               (A.ViaThis && W.ThisIsOwn);
    ByVariable[Var].push_back(
        {&A, &F, Var, W.Context, unite(W.Locks, A.Locks), W.OnceInit || A.OnceInit, Own});
  }
  visitCalls(F, W, nullptr);
}

void ConcurrencyModel::visitCalls(const FunctionFacts &F, const Walk &W,
                                  const std::vector<unsigned> *) {
  for (const CallSite &C : F.Calls) {
    Walk N = W;
    N.Locks = unite(W.Locks, C.Locks);
    N.Bindings.clear();
    for (const auto &[Param, Var] : C.BoundArgs) {
      std::string Bound = Var;
      if (Var.rfind("param#", 0) == 0) {
        auto B = W.Bindings.find(Var);
        if (B == W.Bindings.end())
          continue;
        Bound = B->second;
      }
      N.Bindings["param#" + std::to_string(Param)] = Bound;
    }
    N.ThisIsLocal = C.OnThis ? W.ThisIsLocal : C.ObjectIsLocal;
    N.OwnParams.clear();
    for (const auto &[Param, CallerParam] : C.ParamArgs)
      if (W.OwnParams.count(CallerParam))
        N.OwnParams.insert(Param);
    N.ThisIsOwn = C.OnThis ? W.ThisIsOwn
                           : C.ObjectParam >= 0 &&
                                 W.OwnParams.count(static_cast<unsigned>(C.ObjectParam));
    N.OnceInit = W.OnceInit || C.OnceInit;
    N.Depth = W.Depth + 1;
    explore(C.Callee, N);
  }
}

// Threads started by two different functions can overlap only if one of those functions
// returns with threads still running, or the two functions may themselves run concurrently.
bool ConcurrencyModel::overlapping(const FunctionFacts &F, const FunctionFacts &G) const {
  return F.LeaksThreads || G.LeaksThreads || ThreadReached.count(F.Key) ||
         ThreadReached.count(G.Key);
}

bool ConcurrencyModel::concurrent(const AccessInstance &A, const AccessInstance &B) const {
  if (A.Context == B.Context && A.OwnObject && B.OwnObject)
    return false;  // two instances of one start, each in the object it was given
  return concurrent(A.Context, B.Context);
}

bool ConcurrencyModel::concurrent(unsigned A, unsigned B) const {
  const ThreadContext &X = Contexts[A];
  const ThreadContext &Y = Contexts[B];
  if (X.Start && Y.Start) {
    if (X.Start == Y.Start)
      return X.Start->Repeated;
    if (X.Starter != Y.Starter)
      return overlapping(*X.Starter, *Y.Starter);
    if (X.Start->Deferred || Y.Start->Deferred)
      return X.Start->Deferred && Y.Start->Deferred;
    return contains(Y.Start->RunningBefore, X.Start->Id) ||
           contains(X.Start->RunningBefore, Y.Start->Id);
  }
  if (!X.Start && !Y.Start)
    return false;
  const ThreadContext &Parent = X.Start ? Y : X;
  const ThreadContext &Thread = X.Start ? X : Y;
  return Parent.Starter == Thread.Starter && Parent.Running.count(Thread.Start->Id) > 0;
}

}  // namespace racecheck
