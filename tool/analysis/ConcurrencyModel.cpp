// ConcurrencyModel.cpp: see ConcurrencyModel.h.
#include "analysis/ConcurrencyModel.h"

#include "model/ObjectPaths.h"

#include <algorithm>
#include <regex>

namespace racecheck {
namespace {

constexpr unsigned kMaxCallDepth = 12;
constexpr size_t kMaxIndirectTargets = 4;
constexpr size_t kMaxMemberTargets = 16;  // a blow-up guard only: see callees()

bool contains(const std::vector<unsigned> &V, unsigned X) {
  return std::find(V.begin(), V.end(), X) != V.end();
}

Lockset unite(Lockset A, const Lockset &B) {
  for (const HeldLock &L : B) {
    auto Same = [&](const HeldLock &H) { return H.Mutex == L.Mutex && H.Exact == L.Exact; };
    if (std::none_of(A.begin(), A.end(), Same))
      A.push_back(L);
  }
  return A;
}

std::string signature(const std::string &Key, unsigned Context, const Lockset &Locks,
                      const std::map<std::string, std::string> &Bindings, bool ThisIsLocal,
                      const std::string &Once, const std::set<unsigned> &Own, bool ThisIsOwn,
                      const std::map<std::string, std::string> &Objects,
                      const std::set<std::string> &LockedBefore,
                      const std::set<std::string> &WaitedOn) {
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
  for (const auto &[P, V] : Objects)
    S += P + "=" + V + ",";
  S += "|";
  for (unsigned P : Own)
    S += std::to_string(P) + ",";
  S += "|";
  for (const std::string &M : LockedBefore)
    S += M + ",";
  S += "|";
  for (const std::string &M : WaitedOn)
    S += M + ",";
  return S + (ThisIsLocal ? "|l" : "|s") + Once + (ThisIsOwn ? "t" : "");
}

}  // namespace

// Two held locks are one mutex when their identities agree, or when one of them is not known
// exactly and both are of one kind: a finding needs proof that the mutexes differ.
bool sameMutex(const HeldLock &L, const HeldLock &M) {
  if (L.Mutex == M.Mutex)
    return true;
  const std::string &A = L.Coarse.empty() ? L.Mutex : L.Coarse;
  const std::string &B = M.Coarse.empty() ? M.Mutex : M.Coarse;
  return (!L.Exact || !M.Exact) && A == B;
}

// A lock a thread inherited from its starter's critical section does not keep out the code of
// that same section (the starter's, or another thread's inherited from it): same acquisition.
bool oneSection(const Lockset &A, const Lockset &B) {
  for (const HeldLock &L : A)
    for (const HeldLock &M : B)
      if (sameMutex(L, M) && (L.Inherited || M.Inherited) && L.Epoch == M.Epoch)
        return true;
  return false;
}

bool protectsEachOther(const Lockset &A, const Lockset &B) {
  for (const HeldLock &L : A)
    for (const HeldLock &M : B)
      if (sameMutex(L, M) && !(L.Shared && M.Shared) &&
          !((L.Inherited || M.Inherited) && L.Epoch == M.Epoch))
        return true;
  return false;
}

// Equal paths, where an unknown index ("[*]") matches any index.
bool samePath(const std::string &A, const std::string &B) {
  size_t I = 0, J = 0;
  while (I < A.size() && J < B.size()) {
    if (A[I] == '[' && B[J] == '[') {
      size_t EndA = A.find(']', I), EndB = B.find(']', J);
      if (EndA == std::string::npos || EndB == std::string::npos)
        return A.substr(I) == B.substr(J);
      std::string X = A.substr(I + 1, EndA - I - 1), Y = B.substr(J + 1, EndB - J - 1);
      if (X != "*" && Y != "*" && X != Y)
        return false;
      I = EndA + 1;
      J = EndB + 1;
      continue;
    }
    if (A[I] != B[J])
      return false;
    ++I;
    ++J;
  }
  return I == A.size() && J == B.size();
}

bool onceOrdered(const AccessInstance &A, const AccessInstance &B) {
  if (A.OnceInit != B.OnceInit)
    return true;
  return A.OnceInit && !A.OnceFlagUnknown && !B.OnceFlagUnknown &&
         A.OnceControl == B.OnceControl;
}

bool returnedObject(const std::string &Path) { return Path.rfind("ret:{", 0) == 0; }

bool unnamed(const AccessInstance &A) {
  return A.Path.empty() || A.Path.rfind("inst:", 0) == 0;
}

bool ConcurrencyModel::sameWork(const AccessInstance &A, const AccessInstance &B) const {
  if (!unnamed(A) || !unnamed(B))
    return true;
  const ThreadContext &X = Contexts[A.Context], &Y = Contexts[B.Context];
  return X.Starter == Y.Starter || (Y.Start && X.Leaked.count(Y.Start)) ||
         (X.Start && Y.Leaked.count(X.Start));
}

// Access::TypeChain: `o->inner.x` ("Outer::inner;Inner::x") and `t->inner.x` ("Other::inner;
// Inner::x") are an `x` in members of two different record types, so two different objects;
// `o->a.x` and `o->b.x` two different members. A chain that ends the other (`i->x`, "Inner::x")
// may be the same memory: the Inner reached through a pointer may be that member.
static bool chainsMeet(const std::string &A, const std::string &B) {
  if (A.empty() || B.empty() || A == B)
    return true;
  const std::string &Long = A.size() > B.size() ? A : B, &Short = A.size() > B.size() ? B : A;
  return Long.size() > Short.size() && Long[Long.size() - Short.size() - 1] == ';' &&
         Long.compare(Long.size() - Short.size(), Short.size(), Short) == 0;
}

bool ConcurrencyModel::mayAlias(const AccessInstance &A, const AccessInstance &B) const {
  if (!chainsMeet(A.Site->TypeChain, B.Site->TypeChain))
    return false;
  // What an external accessor returns may be any object of its type, a global included, but
  // not a local of some function's frame.
  auto Local = [](const std::string &P) {
    return P.rfind("local:", 0) == 0 || P.rfind("inst:", 0) == 0;
  };
  if ((returnedObject(A.Path) && !Local(B.Path)) || (returnedObject(B.Path) && !Local(A.Path)))
    return true;
  if (A.Path.empty() || B.Path.empty() || samePath(A.Path, B.Path))
    return true;
  // A client's object ("client:*pool_s.tail") and an allocation the library started threads on
  // ("alloc:pool.c:40:3.tail").
  auto ClientMeetsThreadObject = [&](const std::string &Client, const std::string &Other) {
    return Client.rfind("client:", 0) == 0 && inThreadObject(Other);
  };
  return ClientMeetsThreadObject(A.Path, B.Path) || ClientMeetsThreadObject(B.Path, A.Path);
}

bool ConcurrencyModel::inThreadObject(const std::string &Path) const {
  if (Path.rfind("alloc:", 0) != 0)
    return false;
  return std::any_of(ThreadObjects.begin(), ThreadObjects.end(), [&](const std::string &Root) {
    return Path.compare(0, Root.size(), Root) == 0 &&
           (Path.size() == Root.size() || Path[Root.size()] == '.' || Path[Root.size()] == '[');
  });
}

// "param#1.mu" with param#1 bound to "g:s" is "g:s.mu"; unbound roots are unknown ("").
std::string ConcurrencyModel::resolve(const std::string &Path, const Walk &W) {
  size_t End = callerRootLength(Path);
  if (End == 0)
    return Path;
  auto It = W.Objects.find(Path.substr(0, End));
  if (It == W.Objects.end() || It->second.empty())
    return "";
  return It->second + Path.substr(End);
}

// "g:s.mu" -> "s.mu", "g:main.c|local:main.c:3:17:m" -> "m", "client:C.mu_" -> "this->mu_",
// "client:*pool.mu" (a C structure's clients, EntryPoints.h) -> "pool->mu": a
// path as the user names it. The root's name starts after a unit prefix ("<file>|", for names
// private to a unit) and after a local's place ("local:<file>:<line>:<col>:"); file names may
// hold dots, so fields are looked for only after that.
std::string readablePath(const std::string &Path) {
  if (returnedObject(Path)) {  // "ret:{c:@F@get_s}.mu" -> "get_s()->mu"
    size_t End = Path.find('}');
    std::string Key = Path.substr(5, End == std::string::npos ? End : End - 5);
    std::string Rest = End == std::string::npos ? "" : Path.substr(End + 1);
    std::string Name = Key.substr(Key.rfind('@') + 1) + "()";
    return Rest.empty() ? "*" + Name : Name + "->" + Rest.substr(Rest[0] == '.' ? 1 : 0);
  }
  bool Client = Path.rfind("client:", 0) == 0;  // the object every client call shares
  if (Client && Path.size() > 7 && Path[7] == '*') {
    size_t End = Path.find_first_of(".[", 8);
    std::string Struct = Path.substr(8, End == std::string::npos ? End : End - 8);
    Struct = Struct.substr(Struct.find('|') + 1);  // no unit prefix
    std::string Rest = End == std::string::npos ? "" : Path.substr(End);
    return Rest.empty() ? "*" + Struct : Struct + "->" + Rest.substr(Rest[0] == '.' ? 1 : 0);
  }
  size_t NameAt = Path.rfind('|');
  if (NameAt != std::string::npos)
    ++NameAt;
  else
    NameAt = Client ? 7 : Path.rfind("g:", 0) == 0 ? 2 : 0;
  static const std::regex Place("^(local|alloc):.*?:[0-9]+:[0-9]+:?");
  std::smatch M;
  std::string Tail = Path.substr(NameAt);
  if (std::regex_search(Tail, M, Place))
    NameAt += M.length(0);
  size_t End = Path.find_first_of(".[", NameAt);
  std::string Root = Path.substr(NameAt, End == std::string::npos ? End : End - NameAt);
  std::string Rest = End == std::string::npos ? "" : Path.substr(End);
  if (Client)
    return Rest.empty() ? "*this" : "this->" + Rest.substr(1);
  return (Root.empty() ? "(allocated object)" : Root) + Rest;
}

Lockset ConcurrencyModel::resolve(const Lockset &L, const Walk &W) {
  Lockset Out = L;
  for (HeldLock &H : Out) {
    if (H.Path.empty())
      continue;
    std::string Bound = resolve(H.Path, W);
    if (!Bound.empty()) {
      H.Mutex = Bound;
      H.Name = readablePath(Bound);
      H.Exact = Bound.find("[*]") == std::string::npos &&
                (Bound.rfind("g:", 0) == 0 || Bound.rfind("local:", 0) == 0 ||
                 Bound.rfind("alloc:", 0) == 0);
      H.Path = Bound.rfind("param#", 0) == 0 || Bound.rfind("this", 0) == 0 ? Bound : "";
    } else {
      H.Mutex = H.Coarse.empty() ? H.Mutex : H.Coarse;
      H.Exact = false;
      H.Path.clear();
    }
  }
  return Out;
}

// A path in a function running in W: bound to the caller's objects, and a local of the
// function's own frame marked "inst:" inside a thread or a callee (each running instance, each
// call, has its own); in the starter's own code it is the one frame the threads it started may
// be handed.
//
// A lambda's captured local ("capture:") belongs to the frame that made the lambda: the
// starter's, shared with the thread, when the lambda is what the thread runs (`std::thread
// t([&] { n++; })`); the running instance's own when the lambda is called inside it (a sink
// handed to a helper).
std::string ConcurrencyModel::place(const std::string &Path, const Walk &W) const {
  // An external accessor's object ("ret:{key}...", extract/PointerSources.h) is one object only
  // while no unit defines the accessor; with its body known, what it returns is not named.
  if (Path.rfind("ret:{", 0) == 0) {
    size_t End = Path.find('}');
    return End == std::string::npos || ByKey.count(Path.substr(5, End - 5)) ? "" : Path;
  }
  if (Path.rfind("capture:", 0) == 0)
    return W.Depth == 0 ? Path.substr(8) : place("frame:" + Path.substr(8), W);
  if (Path.rfind("frame:", 0) != 0)
    return resolve(Path, W);
  std::string Local = Path.substr(6);
  // Only the starter's own frame is shared with its threads; a callee's frame (a helper's
  // local workspace) belongs to that one call.
  bool Instances = W.Depth > 0 || (W.Context < Contexts.size() &&
                                   (Contexts[W.Context].Start || Contexts[W.Context].Entry));
  return Instances ? "inst:" + Local : Local;
}

std::map<std::string, std::string>
ConcurrencyModel::bindObjects(const std::vector<std::pair<unsigned, std::string>> &ArgPaths,
                              const Walk &Caller) const {
  std::map<std::string, std::string> Objects;
  for (const auto &[Param, Path] : ArgPaths) {
    std::string Bound = place(Path, Caller);
    if (Bound.empty())
      continue;
    Objects[Param == CallSite::kThisArg ? "this" : "param#" + std::to_string(Param)] = Bound;
  }
  return Objects;
}

// An indirect call goes to the functions stored in the field or variable it reads, else to
// every address-taken function of its type. A pointer with many possible targets (a coder's
// `code` member, a pool's job function) is not followed: which target a given thread runs is
// beyond what racecheck knows, and following all of them makes every target look concurrent
// with every other.
std::vector<std::string> ConcurrencyModel::callees(const CallSite &C) const {
  if (C.IndirectType.empty())
    return {C.Callee};
  // A field filled only from parameters (a pool's `job.function = function`) names no
  // function: the work it runs is not known here.
  const std::set<std::string> *Targets = nullptr;
  // A pointer to member function reaches only methods of its class whose address is taken, all
  // working on the object the call names: its type is enough, and it may have more targets.
  bool Member = C.IndirectType.rfind("member:", 0) == 0;
  if (!C.IndirectSlot.empty()) {
    if (auto S = AddressTakenBySlot.find(C.IndirectSlot); S != AddressTakenBySlot.end())
      Targets = &S->second;
  }
  if (!Targets && (C.IndirectSlot.empty() || Member))
    if (auto T = AddressTakenByType.find(C.IndirectType); T != AddressTakenByType.end())
      Targets = &T->second;
  if (!Targets || Targets->size() > (Member ? kMaxMemberTargets : kMaxIndirectTargets))
    return {};
  return {Targets->begin(), Targets->end()};
}

bool holdsExclusively(const Lockset &L) {
  return std::any_of(L.begin(), L.end(), [](const HeldLock &H) { return !H.Shared; });
}

namespace {

// The object a mutex is a part of: "param#0.inner" for "param#0.inner.mu", the mutex itself
// when it is a whole object ("g:m", "this").
std::string containerOf(const std::string &Mutex) {
  size_t Dot = Mutex.rfind('.');
  if (Dot == std::string::npos || Mutex.find_first_of(":/[", Dot) != std::string::npos)
    return Mutex;  // no field step (a '.' in a file name)
  return Mutex.substr(0, Dot);
}

std::string ownerOf(const std::string &Key) {
  size_t Sep = Key.rfind("::");
  return Sep == std::string::npos ? "" : Key.substr(0, Sep);
}

}  // namespace

bool guardsMemory(const HeldLock &L, const AccessInstance &A) {
  if (L.Shared)
    return false;
  if (A.Path.rfind("g:", 0) == 0 || A.Path.rfind("*g:", 0) == 0)
    return true;  // a global: any mutex may be its guard
  if (L.Exact && L.Mutex.rfind("g:", 0) == 0)
    return true;  // a global mutex: may guard anything
  std::string Coarse = L.Coarse.empty() ? L.Mutex : L.Coarse;
  if (Coarse.rfind("this:", 0) == 0)
    Coarse = Coarse.substr(5) + "::*";
  std::string Owner = ownerOf(A.Var);
  if (!Owner.empty() && ownerOf(Coarse) == Owner)
    return true;  // `p->mu` for `p->count`: the mutex of the object's own class
  std::string Container = containerOf(L.Mutex);
  return !A.Path.empty() && !Container.empty() && A.Path.compare(0, Container.size(), Container) == 0 &&
         (A.Path.size() == Container.size() || A.Path[Container.size()] == '.' ||
          A.Path[Container.size()] == '[');
}

bool guardedByOwnMutex(const AccessInstance &A) {
  return std::any_of(A.Locks.begin(), A.Locks.end(),
                     [&](const HeldLock &L) { return guardsMemory(L, A); });
}

std::string describeLocks(const Lockset &L) {
  if (L.empty())
    return "no mutex held";
  std::string S;
  for (const HeldLock &H : L)
    S += (S.empty() ? "" : ", ") + std::string("'") + H.Name + "'" + (H.Shared ? " (shared)" : "") +
         (H.Inherited ? " (held by the code that started the thread)" : "");
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
      if (F.AddressTaken)
        AddressTakenByType[F.Type].insert(F.Key);
      for (const std::string &Slot : F.AddressSlots)
        AddressTakenBySlot[Slot].insert(F.Key);
      if (F.DeclarationOnly)
        continue;
      auto &Definitions = ByKey[F.Key];
      if (std::none_of(Definitions.begin(), Definitions.end(),
                       [&](const FunctionFacts *D) { return SamePlace(D, &F); })) {
        Definitions.push_back(&F);
        Functions.push_back(&F);
      }
    }
  // Library mode's roots first: a class's own threads work on the object its clients share.
  Entries.build(Units, Functions, ByKey);
  for (const FunctionFacts *F : Functions)
    for (const LockAcquire &A : F->Acquires)
      LockedClasses.insert(ownerOf(A.Lock.Coarse.empty() ? A.Lock.Mutex : A.Lock.Coarse));
  for (const FunctionFacts *F : Functions)
    if (!F->Starts.empty())
      addStarterContexts(*F);
  addLeakContexts();
  addEntryContexts();
  findSetOnceVariables();
}

void ConcurrencyModel::addStarterContexts(const FunctionFacts &F) {
  for (const ThreadStart &S : F.Starts) {
    Contexts.push_back({&F, &S, {}});
    Walk W{static_cast<unsigned>(Contexts.size() - 1), inheritedLocks(S, F), {}, false, false, 0};
    for (const auto &[Param, Var] : S.BoundArgs)
      W.Bindings["param#" + std::to_string(Param)] = Var;
    W.OwnParams.insert(S.OwnArgs.begin(), S.OwnArgs.end());
    Walk Starter{};
    Starter.Context = ~0u;  // the starter's frame: its locals are shared with the new thread
    // A method of a class whose clients share one object (library mode) starting a thread on
    // `this` (a constructor's worker): the thread works on that same client object.
    if (Entries.clientClass(F.ClassKey) && !F.IsLambda)
      Starter.Objects["this"] = "client:" + F.ClassKey;
    W.Objects = bindObjects(S.ArgPaths, Starter);
    for (const auto &[Param, Object] : W.Objects)
      if (Object.rfind("alloc:", 0) == 0)
        ThreadObjects.insert(Object);
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
  bool Any = exploreOwnCode(F, [&](const std::vector<unsigned> &Running,
                                   const SourcePos &) -> std::optional<unsigned> {
    if (Running.empty())
      return std::nullopt;
    return ContextFor(Running);
  });
  if (Any)
    ConcurrentFunctions.insert(F.Key);
}

bool ConcurrencyModel::exploreOwnCode(const FunctionFacts &F, const ContextAt &At) {
  Walk Own{};  // the function's own parameters and `this` are not known here
  Own.Context = ~0u;
  Own.Locks = heldByEveryCaller(F);
  bool Any = false;
  for (const Access &A : F.Accesses) {
    if (A.Var.rfind("param#", 0) == 0)
      continue;
    std::optional<unsigned> Context = At(A.Running, A.Pos);
    if (!Context)
      continue;
    AccessInstance I{&A, &F, A.Var, *Context, unite(Own.Locks, resolve(A.Locks, Own)),
                     A.OnceInit};
    I.Path = place(A.Path, Own);
    I.WaitedOn.insert(A.WaitedOn.begin(), A.WaitedOn.end());
    ByVariable[A.Var].push_back(I);
    Any = true;
  }
  for (const CallSite &C : F.Calls) {
    std::optional<unsigned> Context = At(C.Running, C.Pos);
    if (!Context)
      continue;
    Walk W{*Context, unite(Own.Locks, resolve(C.Locks, Own)), {}, C.ObjectIsLocal, C.OnceInit,
           1};
    W.OnceControl = C.OnceControl;
    W.OnceFlagUnknown = C.OnceFlagUnknown;
    for (const auto &[Param, Var] : C.BoundArgs)
      if (Var.rfind("param#", 0) != 0)
        W.Bindings["param#" + std::to_string(Param)] = Var;
    W.Objects = bindObjects(C.ArgPaths, Own);
    W.WaitedOn.insert(C.WaitedOn.begin(), C.WaitedOn.end());
    W.Via = &C;
    W.ViaCaller = &F;
    for (const std::string &Callee : callees(C))
      explore(Callee, W);
    Any = true;
  }
  return Any;
}

void ConcurrencyModel::explore(const std::string &Key, const Walk &W) {
  if (W.Depth > kMaxCallDepth)
    return;
  auto It = ByKey.find(Key);
  if (It == ByKey.end())
    return;
  if (!Visited
           .insert(signature(Key, W.Context, W.Locks, W.Bindings, W.ThisIsLocal,
                             W.OnceInit ? (W.OnceFlagUnknown ? "once?:" : "once:") + W.OnceControl
                                        : "",
                             W.OwnParams, W.ThisIsOwn, W.Objects, W.LockedBefore, W.WaitedOn))
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
    AccessInstance I{&A, &F, Var, W.Context, unite(W.Locks, resolve(A.Locks, W)),
                     W.OnceInit || A.OnceInit, W.OnceControl, Own};
    I.Path = place(A.Path, W);
    I.LockedBefore = W.LockedBefore;
    I.LockedBefore.insert(A.LockedBefore.begin(), A.LockedBefore.end());
    I.WaitedOn = W.WaitedOn;
    I.WaitedOn.insert(A.WaitedOn.begin(), A.WaitedOn.end());
    I.Via = W.Via;
    I.ViaCaller = W.ViaCaller;
    I.OnceFlagUnknown = W.OnceInit && W.OnceFlagUnknown;
    ByVariable[Var].push_back(I);
  }
  visitCalls(F, W, nullptr);
}

void ConcurrencyModel::visitCalls(const FunctionFacts &F, const Walk &W,
                                  const std::vector<unsigned> *) {
  for (const CallSite &C : F.Calls) {
    Walk N = W;
    N.Locks = unite(W.Locks, resolve(C.Locks, W));
    N.Objects = bindObjects(C.ArgPaths, W);
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
    N.OnceControl = W.OnceInit ? W.OnceControl : C.OnceControl;
    N.OnceFlagUnknown = W.OnceInit ? W.OnceFlagUnknown : C.OnceFlagUnknown;
    N.Depth = W.Depth + 1;
    N.LockedBefore.insert(C.LockedBefore.begin(), C.LockedBefore.end());
    N.WaitedOn.insert(C.WaitedOn.begin(), C.WaitedOn.end());
    if (!W.Via) {
      N.Via = &C;
      N.ViaCaller = &F;
    }
    for (const std::string &Callee : callees(C))
      explore(Callee, N);
  }
}

// Threads started by two different functions can overlap only if one of those functions
// returns with threads still running, or the two functions may themselves run concurrently.
bool ConcurrencyModel::overlapping(const FunctionFacts &F, const FunctionFacts &G) const {
  return F.LeaksThreads || G.LeaksThreads || ThreadReached.count(F.Key) ||
         ThreadReached.count(G.Key);
}

// True when A is the starter filling an object it allocates afresh for each instance of B's
// start: the instance that gets it has not started yet, and earlier instances got others.
bool ConcurrencyModel::handedOver(const AccessInstance &A, const AccessInstance &B) const {
  const ThreadContext &Parent = Contexts[A.Context], &Thread = Contexts[B.Context];
  if (Parent.Start || !Thread.Start || Parent.Starter != Thread.Starter)
    return false;
  for (const std::string &Root : Thread.Start->HandedOver)
    if (A.Path.compare(0, Root.size(), Root) == 0 &&
        (A.Path.size() == Root.size() || A.Path[Root.size()] == '.' || A.Path[Root.size()] == '['))
      return true;
  return false;
}

// True when thread access A comes after its thread took a global mutex that the starter held
// when it started the thread, and B is in that same critical section of the starter (its own
// code there, or a thread that inherited the section's lock): the thread's acquisition waits
// for the starter's release, so B is over before A.
bool ConcurrencyModel::afterStartersSection(const AccessInstance &A, const AccessInstance &B) const {
  const ThreadContext &Thread = Contexts[A.Context], &Other = Contexts[B.Context];
  if (!Thread.Start || Thread.Entry || Other.Entry)
    return false;
  for (const HeldLock &L : Thread.Start->LocksAtStart) {
    if (L.Shared || !A.LockedBefore.count(L.Mutex))
      continue;
    for (const HeldLock &M : B.Locks)
      if (M.Mutex == L.Mutex && M.Epoch == L.Epoch && !M.Shared &&
          (M.Inherited || (!Other.Start && Other.Starter == Thread.Starter)))
        return true;
  }
  return false;
}

bool ConcurrencyModel::concurrent(const AccessInstance &A, const AccessInstance &B) const {
  if (A.Context == B.Context && A.OwnObject && B.OwnObject)
    return false;  // two instances of one start, each in the object it was given
  if (!entryPairReportable(A, B))
    return false;  // library mode's reporting policy
  // Two instances of one start meet only in memory known to be shared: a global, or an
  // object the start was handed. What an instance reaches through pointers of unknown origin
  // (its own job, context or buffers, typically) is taken to be its own.
  auto Private = [](const std::string &P) { return P.empty() || P.rfind("inst:", 0) == 0; };
  if (A.Context == B.Context && (Private(A.Path) || Private(B.Path)))
    return false;
  // The same function reached from two contexts (a pool thread and the job it runs) on objects
  // of unknown origin: each invocation is taken to work on its own object.
  if (A.Function == B.Function && Private(A.Path) && Private(B.Path))
    return false;
  if (handedOver(A, B) || handedOver(B, A))
    return false;
  if (afterStartersSection(A, B) || afterStartersSection(B, A))
    return false;
  if (handedOffUnderMutex(A, B) || handedOffUnderMutex(B, A))
    return false;
  if (readAfterOwnSetOnce(A, B) || readAfterOwnSetOnce(B, A))
    return false;
  // After a callee left threads running, racecheck does not see what orders the caller's code
  // with them (a join or handoff in another function): a pair there needs one side to lock.
  if ((afterLeak(A) || afterLeak(B)) && !guardedByOwnMutex(A) && !guardedByOwnMutex(B))
    return false;
  if (afterTeardown(A) || afterTeardown(B))
    return false;
  return concurrent(A.Context, B.Context);
}

// A handoff through state a mutex guards (a job handed to an idle worker):
//
//   producer: lock(m); job->buf = b; job->state = RUN; signal(c); unlock(m);
//   consumer: lock(m); while (job->state == IDLE) wait(c, m); unlock(m); use(job->buf);
//
// The consumer's access follows a condition wait under m; the producer's access holds m. The
// producer fills the job in only while the consumer is idle, so its critical section comes
// before the wait returns: the pair is ordered. Not between two instances of one thread (two
// consumers: nothing orders them), not for a lock held shared, and not when the consumer's
// thread itself takes m anywhere around that memory: then it treats it as shared while it runs
// (the producer updates it in a running worker), not as handed over.
bool ConcurrencyModel::handedOffUnderMutex(const AccessInstance &Producer,
                                           const AccessInstance &Consumer) const {
  if (Producer.Context == Consumer.Context)
    return false;
  auto Holds = [](const Lockset &Locks, const std::string &M) {
    return std::any_of(Locks.begin(), Locks.end(), [&](const HeldLock &L) {
      return !L.Shared && (L.Coarse == M || L.Mutex == M);
    });
  };
  for (const std::string &M : Consumer.WaitedOn) {
    if (!Holds(Producer.Locks, M))
      continue;
    auto All = ByVariable.find(Consumer.Var);
    bool GuardedByConsumer =
        All != ByVariable.end() &&
        std::any_of(All->second.begin(), All->second.end(), [&](const AccessInstance &X) {
          return X.Context == Consumer.Context && Holds(X.Locks, M);
        });
    if (!GuardedByConsumer)
      return true;
  }
  return false;
}

bool ConcurrencyModel::concurrent(unsigned A, unsigned B) const {
  const ThreadContext &X = Contexts[A];
  const ThreadContext &Y = Contexts[B];
  if (X.Entry || Y.Entry)
    return entryConcurrent(X, Y);
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
  return (Parent.Starter == Thread.Starter && Parent.Running.count(Thread.Start->Id) > 0) ||
         Parent.Leaked.count(Thread.Start) > 0;
}

}  // namespace racecheck
