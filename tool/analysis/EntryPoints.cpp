// EntryPoints.cpp: see EntryPoints.h. The ConcurrencyModel members defined here are its
// library-mode part: the client-threads context, its concurrency, and the reporting policy.
#include "analysis/EntryPoints.h"

#include "analysis/ConcurrencyModel.h"

#include <algorithm>
#include <cctype>
#include <deque>

namespace racecheck {

namespace {

// The function itself takes a global or static-member mutex somewhere in its body.
bool locksStaticMutex(const FunctionFacts &F) {
  auto Static = [](const Lockset &Locks) {
    return std::any_of(Locks.begin(), Locks.end(), [](const HeldLock &L) {
      return !L.Inherited && L.Mutex.rfind("g:", 0) == 0;
    });
  };
  return std::any_of(F.Accesses.begin(), F.Accesses.end(),
                     [&](const Access &A) { return Static(A.Locks); }) ||
         std::any_of(F.Calls.begin(), F.Calls.end(),
                     [&](const CallSite &C) { return Static(C.Locks); });
}

// A function whose name says it sets the library up or tears it down (`InitGoogleLogging`,
// `ShutdownGoogleLogging`, `TestOnly_Clear...`): by contract it runs before client threads
// start or after they stop, as a constructor and a destructor do for an object.
bool lifecycleName(const std::string &Qualified) {
  std::string Name = Qualified.substr(Qualified.rfind(':') == std::string::npos
                                          ? 0
                                          : Qualified.rfind(':') + 1);
  std::transform(Name.begin(), Name.end(), Name.begin(),
                 [](unsigned char C) { return static_cast<char>(std::tolower(C)); });
  for (const char *Word : {"init", "shutdown", "cleanup", "testonly"})
    if (Name.find(Word) != std::string::npos)
      return true;
  return false;
}

}  // namespace

void EntryPointTable::build(const std::vector<TranslationUnitFacts> &Units,
                            const std::vector<const FunctionFacts *> &Functions,
                            const std::map<std::string, std::vector<const FunctionFacts *>> &ByKey) {
  for (const TranslationUnitFacts &U : Units)
    for (const GuardedField &G : U.GuardedFields)
      Guarded[G.Field] = G.Mutex;
  // Classes that start a thread running one of their own methods (or a lambda in one).
  std::set<std::string> Threaded;
  for (const FunctionFacts *F : Functions) {
    if (F->ClassKey.empty())
      continue;
    for (const ThreadStart &S : F->Starts) {
      auto It = ByKey.find(S.Entry);
      if (It == ByKey.end())
        continue;
      for (const FunctionFacts *E : It->second)
        if (E->ClassKey == F->ClassKey)
          Threaded.insert(F->ClassKey);
    }
  }
  // A C structure's functions are its clients' API only in a library: in a program racecheck
  // sees `main` and every call it makes.
  bool Program = std::any_of(Functions.begin(), Functions.end(),
                             [](const FunctionFacts *F) { return F->Name == "main"; });
  // Likewise a library whose functions take a mutex with static storage (a global, a static
  // member) shows it expects clients to call it from several threads: its functions called
  // without an object are entry points, as a thread-safe class's public methods are. Only those
  // no analysed code calls: a helper the library calls itself (`MaybeLogToStderr` from
  // `SendToLog`) runs with its callers' locks, which walking it from them adds.
  bool StaticMutexApi =
      !Program && std::any_of(Functions.begin(), Functions.end(), [](const FunctionFacts *F) {
        return F->ObjectlessApi && locksStaticMutex(*F);
      });
  std::set<std::string> Called, MemberPointerTypes;
  for (const FunctionFacts *F : Functions)
    for (const CallSite &C : F->Calls) {
      Called.insert(C.Callee);
      if (C.IndirectType.rfind("member:", 0) == 0)
        MemberPointerTypes.insert(C.IndirectType);
    }
  // In such a library, a class some method of which takes a static mutex (`LogMessage::Flush`
  // taking `log_mutex`) is used by every client thread on objects of its own (a message built
  // and destroyed in one statement), while that mutex guards state all of them share: its
  // public methods no analysed code calls, and its destructor, are entry points on an object
  // each client owns.
  std::set<std::string> StaticMutexClasses;
  if (!Program)
    for (const FunctionFacts *F : Functions)
      if (!F->ClassKey.empty() && !F->IsLambda && !F->ObjectlessApi && locksStaticMutex(*F))
        StaticMutexClasses.insert(F->ClassKey);
  std::set<std::string> Seen;
  for (const FunctionFacts *F : Functions) {
    // Not a method the library may call through a pointer to member (`(this->*send_method_)()`,
    // with `&LogMessage::SendToSyslogAndLog` taken in a client's macro): its address is taken,
    // or the library makes such calls with its type (no pointer names a destructor). It runs
    // under the locks of that call.
    bool ByOwnObject = StaticMutexClasses.count(F->ClassKey) && !F->ClassThreadSafe &&
                       !Called.count(F->Key) && !F->AddressTaken &&
                       (F->CtorOrDtor || !MemberPointerTypes.count(F->Type)) &&
                       !lifecycleName(F->Name) &&
                       (F->PublicMethod || (F->CtorOrDtor && F->Name.find('~') != std::string::npos));
    if (ByOwnObject && Seen.insert(F->Key).second) {
      Roots.push_back(F);
      OwnObjectRoots.insert(F->Key);
      continue;
    }
    if (F->CtorOrDtor || F->IsLambda || (F->ObjectParam >= 0 && Program))
      continue;
    // A class running its own threads: in a program, only its methods no analysed code calls
    // (those it calls, `main` among them, are walked from their callers, in order).
    bool ByThreads = Threaded.count(F->ClassKey) && !(Program && Called.count(F->Key));
    bool ByClass = F->PublicMethod && (F->ClassThreadSafe || ByThreads);
    bool ByStaticMutex =
        StaticMutexApi && F->ObjectlessApi && F->ObjectParam < 0 && !Called.count(F->Key) &&
        !lifecycleName(F->Name);
    if ((F->ConfiguredEntry || ByClass || ByStaticMutex) && Seen.insert(F->Key).second) {
      Roots.push_back(F);
      if (F->ObjectParam < 0 && !F->ClassKey.empty())
        ClientClasses.insert(F->ClassKey);
    }
  }
  // What the roots reach through known calls.
  std::deque<std::pair<std::string, unsigned>> Work;
  for (const FunctionFacts *F : Roots)
    Work.emplace_back(F->Key, 0);
  while (!Work.empty()) {
    auto [Key, Depth] = Work.front();
    Work.pop_front();
    if (!Reached.insert(Key).second || Depth > 12)
      continue;
    auto It = ByKey.find(Key);
    if (It == ByKey.end())
      continue;
    for (const FunctionFacts *F : It->second)
      for (const CallSite &C : F->Calls)
        if (!Reached.count(C.Callee))
          Work.emplace_back(C.Callee, Depth + 1);
  }
}

void ConcurrencyModel::addEntryContexts() {
  if (Entries.roots().empty())
    return;
  // One context for every client thread: entries are concurrent with each other and with
  // themselves anyway, and one context lets a callee shared by many entries be walked once.
  ThreadContext Clients;
  Clients.Starter = Entries.roots().front();
  Clients.Entry = true;
  Contexts.push_back(Clients);
  unsigned Id = static_cast<unsigned>(Contexts.size() - 1);
  for (const FunctionFacts *F : Entries.roots()) {
    Walk W{Id, {}, {}, false, false, 0};
    // Every client call works on the same object of its class: `this` is one shared object.
    if (F->ObjectParam >= 0)
      W.Objects["param#" + std::to_string(F->ObjectParam)] = "client:*" + F->ClassKey;
    else if (!F->ClassKey.empty() && !Entries.onOwnObject(F->Key))
      W.Objects["this"] = "client:" + F->ClassKey;
    explore(F->Key, W);
  }
  for (const auto &[Var, All] : ByVariable)
    for (const AccessInstance &A : All) {
      if (holdsExclusively(A.Locks))
        Entries.noteLocked(Var);
      if (A.Site->Kind == AccessKind::Write && guardedByOwnMutex(A))
        Entries.noteLockedWrite(Var);
    }
  for (const FunctionFacts *F : Functions)
    for (const Access &A : F->Accesses) {
      if (holdsExclusively(A.Locks))
        Entries.noteLocked(A.Var);
      AccessInstance Unbound{&A, F, A.Var, 0, A.Locks};
      Unbound.Path = A.Path;
      if (A.Kind == AccessKind::Write && guardedByOwnMutex(Unbound))
        Entries.noteLockedWrite(A.Var);
    }
}

bool ConcurrencyModel::entryConcurrent(const ThreadContext &X, const ThreadContext &Y) const {
  if (X.Entry && Y.Entry)
    return true;
  const ThreadContext &Other = X.Entry ? Y : X;
  if (!Other.Starter)
    return false;
  // A thread the library started and left running (a worker started by a constructor), or one
  // started inside an entry point, which another client call can overlap.
  if (Other.Start)
    return Other.Starter->LeaksThreads || Entries.reached(Other.Starter->Key);
  return Entries.reached(Other.Starter->Key);
}

bool ConcurrencyModel::entryPairReportable(const AccessInstance &A,
                                           const AccessInstance &B) const {
  bool AEntry = Contexts[A.Context].Entry, BEntry = Contexts[B.Context].Entry;
  if (!AEntry && !BEntry)
    return true;
  // The object is not shared yet (constructor) or any more (destructor).
  if ((AEntry && A.Function->CtorOrDtor) || (BEntry && B.Function->CtorOrDtor))
    return false;
  // A C structure's functions (EntryPoints.h) meet the library's own threads, not each other
  // (nor the code of a client call that started threads, `pool_resize` growing the pool): such
  // an API is often driven by one owner thread (a pool's submitter), which racecheck cannot
  // tell from one meant for many.
  auto ClientCode = [&](const AccessInstance &I) {
    const ThreadContext &C = Contexts[I.Context];
    return C.Entry || (!C.Start && C.Starter && Entries.reached(C.Starter->Key));
  };
  if ((A.Path.rfind("client:*", 0) == 0 || B.Path.rfind("client:*", 0) == 0) && ClientCode(A) &&
      ClientCode(B))
    return false;
  if (!AEntry || !BEntry)
    return true;  // against a thread the code itself started: evidence enough
  // A setter (`void set_timeout(int s) { timeout_ = s; }`) of a field no write ever locks, and
  // no GUARDED_BY names, is
  // configuration, set before the object is shared; the locks its readers hold guard other
  // state (a client's request mutex around a whole request).
  for (const AccessInstance *I : {&A, &B})
    if (I->Function->Setter && I->Site->Kind == AccessKind::Write &&
        !Entries.writtenUnderLock(I->Var) && !Entries.guarded(I->Var))
      return false;
  if (Entries.guarded(A.Var))
    return true;
  // A field of a class that does not protect itself, unless the object is part of the shared
  // client object (a member `List snaps_` of a class with a mutex: its state is that class's).
  for (const AccessInstance *I : {&A, &B})
    if (I->Site->ViaThis && !I->Function->ClassThreadSafe && I->Path.rfind("client:", 0) != 0)
      return false;
  return Entries.lockedSomewhere(A.Var);
}

}  // namespace racecheck
