// LockOrderCheck.cpp: see LockOrderCheck.h.
//
// Each context of the concurrency model (a thread start with everything its entry calls, a
// starter's own code while its threads run, the library's client threads) is walked again here,
// binding every mutex named through a parameter or `this` to the caller's object, to collect
// "B taken while A is held" edges with where each was taken and through which calls. Two edges
// A->B and B->A in contexts the model says are concurrent make a finding, unless both also hold
// a third mutex (a gate lock that serialises them).
#include "checks/LockOrderCheck.h"

#include "checks/ContextText.h"
#include "model/FactsLookup.h"
#include "model/ObjectPaths.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace racecheck {
namespace {

constexpr unsigned kMaxDepth = 12;

// A mutex held at some point of a walk: bound to its object, where it was taken and the calls
// from the context's root down to the function that took it.
struct Taken {
  HeldLock Lock;
  SourcePos Pos;
  std::vector<SourcePos> Calls;
};

struct Edge {
  unsigned Context = 0;
  Taken First, Second;            // Second taken while First is held
  std::set<std::string> Others;  // other named mutexes held at Second's acquisition
};

struct Frame {
  unsigned Context = 0;
  std::map<std::string, std::string> Objects;  // "param#N"/"this" -> object path
  std::vector<Taken> Held;                     // held by callers, bound
  std::vector<SourcePos> Calls;
  unsigned Depth = 0;
  bool StarterFrame = false;  // the starter's own code: its frame's locals are the shared ones
};

bool exactPath(const std::string &P) {
  if (P.empty() || P.find("[*]") != std::string::npos)
    return false;
  for (const char *Root : {"g:", "local:", "alloc:", "client:"})
    if (P.rfind(Root, 0) == 0)
      return true;
  return false;
}

// A path in the frame's terms: parameters and `this` bound to the caller's objects; a lambda's
// captured local is the starter's when the lambda is the thread's body; a function's own local
// is shared only in the starter's code (every thread instance has its own otherwise).
std::string bindPath(const std::string &P, const Frame &F) {
  if (P.rfind("capture:", 0) == 0)
    return F.Depth == 0 ? P.substr(8) : "";
  if (P.rfind("frame:", 0) == 0)
    return F.StarterFrame && F.Depth == 0 ? P.substr(6) : "";
  size_t End = callerRootLength(P);
  if (End == 0)
    return P;
  auto It = F.Objects.find(P.substr(0, End));
  return It == F.Objects.end() ? "" : It->second + P.substr(End);
}

// The lock bound to the frame's objects; nullopt when racecheck cannot name its object.
std::optional<HeldLock> bindLock(HeldLock L, const Frame &F) {
  if (!L.Path.empty()) {
    std::string Bound = bindPath(L.Path, F);
    if (!exactPath(Bound))
      return std::nullopt;
    L.Mutex = Bound;
    L.Name = readablePath(Bound);
    L.Exact = true;
    return L;
  }
  if (L.Mutex.rfind("capture:", 0) == 0 || L.Mutex.rfind("frame:", 0) == 0) {
    std::string Bound = bindPath(L.Mutex, F);
    if (!exactPath(Bound))
      return std::nullopt;
    L.Mutex = Bound;
    L.Name = readablePath(Bound);
    return L;
  }
  if (!L.Exact || !exactPath(L.Mutex))
    return std::nullopt;
  L.Name = readablePath(L.Mutex);
  return L;
}

class Walker {
public:
  explicit Walker(const ConcurrencyModel &Model) : Model(Model) {
    for (const FunctionFacts *F : Model.functions())
      ByKey[F->Key].push_back(F);
  }

  void walkContexts() {
    const auto &Contexts = Model.contexts();
    for (unsigned Id = 0; Id < Contexts.size(); ++Id) {
      const ThreadContext &C = Contexts[Id];
      if (C.Entry) {
        for (const FunctionFacts *Root : Model.entryPoints().roots()) {
          Frame F;
          F.Context = Id;
          if (Root->ObjectParam >= 0)
            F.Objects["param#" + std::to_string(Root->ObjectParam)] = "client:*" + Root->ClassKey;
          else if (!Root->ClassKey.empty())
            F.Objects["this"] = "client:" + Root->ClassKey;
          walk(*Root, F);
        }
      } else if (C.Start) {
        Frame F;
        F.Context = Id;
        Frame Starter;
        Starter.StarterFrame = true;
        for (const auto &[Param, Path] : C.Start->ArgPaths) {
          std::string Bound = bindPath(Path, Starter);
          if (!Bound.empty())
            F.Objects[Param == CallSite::kThisArg ? "this" : "param#" + std::to_string(Param)] =
                Bound;
        }
        for (const HeldLock &L : C.Start->LocksAtStart)
          if (!L.Shared && L.Inherited)
            if (auto B = bindLock(L, F))
              F.Held.push_back({*B, C.Start->Pos, {}});
        walkKey(C.Start->Entry, F);
      } else if (C.Leaked.empty() && !C.Running.empty()) {
        walkStarter(*C.Starter, Id, C.Running);
      }
    }
  }

  std::vector<Edge> Edges;

private:
  void walkKey(const std::string &Key, const Frame &F) {
    auto It = ByKey.find(Key);
    if (It == ByKey.end() || F.Depth > kMaxDepth)
      return;
    std::string Sig = Key + "|" + std::to_string(F.Context) + "|" + std::to_string(F.Depth == 0);
    for (const auto &[K, V] : F.Objects)
      Sig += K + "=" + V + ",";
    Sig += "|";
    for (const Taken &T : F.Held)
      Sig += T.Lock.Mutex + ",";
    if (!Visited.insert(Sig).second)
      return;
    for (const FunctionFacts *Fn : It->second)
      walk(*Fn, F);
  }

  // The starter's own code while the threads in Running run.
  void walkStarter(const FunctionFacts &Fn, unsigned Id, const std::set<unsigned> &Running) {
    Frame F;
    F.Context = Id;
    F.StarterFrame = true;
    auto Matches = [&](const std::vector<unsigned> &R) {
      return std::set<unsigned>(R.begin(), R.end()) == Running;
    };
    for (const LockAcquire &A : Fn.Acquires)
      if (Matches(A.Running))
        addEdges(Fn, A, F);
    for (const CallSite &C : Fn.Calls)
      if (Matches(C.Running))
        call(Fn, C, F);
  }

  void walk(const FunctionFacts &Fn, const Frame &F) {
    for (const LockAcquire &A : Fn.Acquires)
      addEdges(Fn, A, F);
    for (const CallSite &C : Fn.Calls)
      call(Fn, C, F);
  }

  // Where this function took a lock it holds (same mutex, same acquisition).
  static const LockAcquire *takenAt(const FunctionFacts &Fn, const HeldLock &H) {
    for (const LockAcquire &A : Fn.Acquires)
      if (A.Lock.Mutex == H.Mutex && A.Lock.Epoch == H.Epoch)
        return &A;
    return nullptr;
  }

  // The locks held at a point of Fn: the callers', then Fn's own (bound), each with its place.
  std::vector<Taken> heldAt(const FunctionFacts &Fn, const Lockset &Own, const Frame &F) {
    std::vector<Taken> Held = F.Held;
    for (const HeldLock &H : Own) {
      if (H.Inherited)
        continue;
      const LockAcquire *At = takenAt(Fn, H);
      auto B = bindLock(H, F);
      if (!At || !B)
        continue;
      if (std::none_of(Held.begin(), Held.end(),
                       [&](const Taken &T) { return T.Lock.Mutex == B->Mutex; }))
        Held.push_back({*B, At->Pos, F.Calls});
    }
    return Held;
  }

  void addEdges(const FunctionFacts &Fn, const LockAcquire &A, const Frame &F) {
    if (A.Lock.Shared || A.Try)
      return;  // a reader may share the mutex, and a try-lock does not wait
    auto L = bindLock(A.Lock, F);
    if (!L)
      return;
    std::vector<Taken> Held = heldAt(Fn, A.Held, F);
    for (const Taken &First : Held) {
      // Two mutexes of one statement (std::scoped_lock, std::lock) are taken together, with
      // deadlock avoidance, in no fixed order.
      if (First.Lock.Shared || First.Lock.Mutex == L->Mutex || samePos(First.Pos, A.Pos))
        continue;
      Edge E{F.Context, First, {*L, A.Pos, F.Calls}, {}};
      for (const Taken &Other : Held)
        if (Other.Lock.Mutex != First.Lock.Mutex && !Other.Lock.Shared)
          E.Others.insert(Other.Lock.Mutex);
      Edges.push_back(std::move(E));
    }
  }

  void call(const FunctionFacts &Fn, const CallSite &C, const Frame &F) {
    if (!C.IndirectType.empty() || C.Callee.empty())
      return;  // indirect calls are not followed: which target runs is not known
    Frame N;
    N.Context = F.Context;
    N.Depth = F.Depth + 1;
    N.Held = heldAt(Fn, C.Locks, F);
    N.Calls = F.Calls;
    N.Calls.push_back(C.Pos);
    for (const auto &[Param, Path] : C.ArgPaths) {
      std::string Bound = bindPath(Path, F);
      if (!Bound.empty())
        N.Objects[Param == CallSite::kThisArg ? "this" : "param#" + std::to_string(Param)] = Bound;
    }
    walkKey(C.Callee, N);
  }

  const ConcurrencyModel &Model;
  std::map<std::string, std::vector<const FunctionFacts *>> ByKey;
  std::set<std::string> Visited;
};

bool before(const SourcePos &A, const SourcePos &B) {
  return std::tie(A.File, A.Line, A.Column) < std::tie(B.File, B.Line, B.Column);
}

bool sharesGate(const Edge &X, const Edge &Y) {
  for (const std::string &M : X.Others)
    if (Y.Others.count(M))
      return true;
  return false;
}

void addChain(std::vector<Note> &Notes, const Taken &T, const std::string &Lock) {
  for (const SourcePos &Call : T.Calls)
    Notes.push_back({Call, "call on the way to taking '" + Lock + "'"});
}

Finding report(const ConcurrencyModel &Model, const Edge &X, const Edge &Y) {
  const std::string A = X.First.Lock.Name, B = X.Second.Lock.Name;
  Finding Fd;
  Fd.Rule = ruleId<LockOrderCheck>();
  Fd.Pos = X.Second.Pos;
  Fd.Symbol = A + "," + B;
  std::string Here = describeContext(Model, X.Context);
  std::string There = describeContext(Model, Y.Context);
  Fd.Message = "lock-order inversion: '" + B + "' is taken here while '" + A + "' is held, in " +
               Here + ", and " + (X.Context == Y.Context ? "another instance of it" : There) +
               " takes '" + A + "' while holding '" + B + "' (at " + shortPos(Y.Second.Pos) +
               "); the two can run at the same time, so each may hold one mutex and wait for "
               "the other for ever (a deadlock); take both at once with std::scoped_lock (or "
               "std::lock), or take them in one global order everywhere";
  addChain(Fd.Notes, X.First, A);
  Fd.Notes.push_back({X.First.Pos, "'" + A + "' taken here first"});
  addChain(Fd.Notes, X.Second, B);
  if (auto S = startNote(Model, X.Context))
    Fd.Notes.push_back(*S);
  addChain(Fd.Notes, Y.First, B);
  Fd.Notes.push_back({Y.First.Pos, "the other path takes '" + B + "' here first, in " + There});
  addChain(Fd.Notes, Y.Second, A);
  Fd.Notes.push_back({Y.Second.Pos, "then '" + A + "' here, while holding '" + B + "'"});
  if (auto S = startNote(Model, Y.Context))
    Fd.Notes.push_back(*S);
  return Fd;
}

}  // namespace

void LockOrderCheck::run(const ConcurrencyModel &Model, std::vector<Finding> &Out) const {
  Walker W(Model);
  W.walkContexts();
  std::map<std::pair<std::string, std::string>, std::vector<const Edge *>> ByPair;
  for (const Edge &E : W.Edges)
    ByPair[{E.First.Lock.Mutex, E.Second.Lock.Mutex}].push_back(&E);
  for (auto &[Pair, Forward] : ByPair) {
    if (Pair.first > Pair.second)
      continue;  // each unordered pair once
    auto Back = ByPair.find({Pair.second, Pair.first});
    if (Back == ByPair.end())
      continue;
    auto Earlier = [](const Edge *P, const Edge *Q) {
      return before(P->Second.Pos, Q->Second.Pos) ||
             (samePos(P->Second.Pos, Q->Second.Pos) && P->Context < Q->Context);
    };
    std::sort(Forward.begin(), Forward.end(), Earlier);
    std::vector<const Edge *> Backward = Back->second;
    std::sort(Backward.begin(), Backward.end(), Earlier);
    bool Done = false;
    for (const Edge *X : Forward) {
      for (const Edge *Y : Backward) {
        if (!Model.concurrent(X->Context, Y->Context) || sharesGate(*X, *Y))
          continue;
        // Report at the earlier of the two inner acquisitions, so the place does not depend
        // on the mutexes' names.
        Out.push_back(before(Y->Second.Pos, X->Second.Pos) ? report(Model, *Y, *X)
                                                           : report(Model, *X, *Y));
        Done = true;
        break;
      }
      if (Done)
        break;
    }
  }
}

}  // namespace racecheck
