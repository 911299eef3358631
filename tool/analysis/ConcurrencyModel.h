// ConcurrencyModel.h: which accesses can run at the same time as which.
//
// Built from the facts of every translation unit. Each thread start is a context: its entry and
// everything the entry calls, with the locks held along the way added up. The starting
// function, while its threads run and before it joins them, is a context too. Rules ask this
// model for the accesses of a variable and whether two of them may run concurrently.
#pragma once

#include "analysis/EntryPoints.h"
#include "model/Facts.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace racecheck {

struct ThreadContext {
  const FunctionFacts *Starter = nullptr;  // the function that started (or registered) it
  const ThreadStart *Start = nullptr;      // null for the starter's own code while threads run
  std::set<unsigned> Running;              // for the starter: the starts still running
  bool Entry = false;  // client threads calling library entry points (analysis/EntryPoints.h)
  // For the code of Starter after a call that returned with threads still running (a pool's
  // create, a `start_workers()`): those threads (analysis/LeakedThreads.cpp).
  std::set<const ThreadStart *> Leaked;
};

// One access as it happens in one context, with every lock held on the way there.
struct AccessInstance {
  const Access *Site = nullptr;
  const FunctionFacts *Function = nullptr;
  std::string Var;  // after binding parameters to the caller's variables
  unsigned Context = 0;
  Lockset Locks;
  bool OnceInit = false;
  std::string OnceControl;  // the once flag, when OnceInit (CallSite::OnceControl)
  // Reached through an object that each instance of a repeated start gets for itself.
  bool OwnObject = false;
  std::string Path;  // the object, bound to this context's objects; empty when unknown
  std::set<std::string> LockedBefore;  // global mutexes this thread took before the access
  std::set<std::string> WaitedOn;      // mutexes it held in a condition wait before (Access)
  // When the access lies in a callee: the first call on the way there from the code that
  // starts the context (a thread's entry, a library entry point, the starter's own body), and
  // the function making that call. The place a reader looks for the missing lock.
  const CallSite *Via = nullptr;
  const FunctionFacts *ViaCaller = nullptr;
  bool OnceFlagUnknown = false;  // CallSite::OnceFlagUnknown, when OnceInit
};

// True when once-initialisation orders A and B: one runs inside a call_once callable and the
// other does not (the callable finishes before any caller of call_once goes on), or both run
// in callables of the same once flag. Callables of two different flags may run together, and
// so may a callable whose flag is read through a pointer with any other callable.
bool onceOrdered(const AccessInstance &A, const AccessInstance &B);

// An object path rooted in what an external accessor returns ("ret:{<key>}", named after the
// function: extract/PointerSources.h). It may be any object of its type.
bool returnedObject(const std::string &Path);

// An access whose object racecheck cannot name: reached through pointers of unknown origin, or
// a running thread's own frame.
bool unnamed(const AccessInstance &A);

class ConcurrencyModel {
public:
  explicit ConcurrencyModel(const std::vector<TranslationUnitFacts> &Units);

  const std::vector<ThreadContext> &contexts() const { return Contexts; }
  const std::map<std::string, std::vector<AccessInstance>> &accessesByVariable() const {
    return ByVariable;
  }
  // Two accesses of one variable key may touch the same memory unless both objects are known
  // and differ (`a.x` and `b.x`). The object clients call a library with may be one the
  // library allocated and started its threads on (`pool_create` returning the pool).
  bool mayAlias(const AccessInstance &A, const AccessInstance &B) const;
  // True when Path lies in an allocation the starter handed to a thread at its start
  // (`p = malloc(..); pthread_create(.., p)`): the starter and the thread both reach it.
  bool inThreadObject(const std::string &Path) const;
  // True when some function locks a mutex field of this class or structure ("mystruct"):
  // its objects are meant to be shared.
  bool mutexLockedIn(const std::string &Class) const { return LockedClasses.count(Class) > 0; }
  bool concurrent(unsigned A, unsigned B) const;
  // As above, but two instances of one start do not meet in the objects each got for itself.
  bool concurrent(const AccessInstance &A, const AccessInstance &B) const;
  // True when a pair whose objects are both unnamed is worth reporting: both run in threads
  // started by one function (or in that function while they run), so they work on the same
  // structures; threads of unrelated starters meeting only in unnamed memory are mostly each
  // working on its own objects.
  bool sameWork(const AccessInstance &A, const AccessInstance &B) const;
  // True when the access runs in a caller's code after a callee left threads running: racecheck
  // does not see what the caller does between the two (a join in another function, a handoff),
  // so such pairs are reported only on memory some access locks.
  bool afterLeak(const AccessInstance &A) const { return !Contexts[A.Context].Leaked.empty(); }
  // True when A, in a context after a callee left threads running, comes after its function
  // joined every one of those threads through the field or global that keeps its handle.
  bool afterTeardown(const AccessInstance &A) const;
  // True when the function runs in at least one concurrent context.
  bool runsConcurrently(const std::string &FunctionKey) const {
    return ConcurrentFunctions.count(FunctionKey) > 0;
  }
  const std::vector<const FunctionFacts *> &functions() const { return Functions; }
  const EntryPointTable &entryPoints() const { return Entries; }

private:
  struct Walk {
    unsigned Context;
    Lockset Locks;
    std::map<std::string, std::string> Bindings;  // "param#i" -> variable key
    bool ThisIsLocal = false;
    bool OnceInit = false;
    unsigned Depth = 0;
    std::set<unsigned> OwnParams;  // parameters pointing into this instance's own object
    bool ThisIsOwn = false;
    // What "param#N" and "this" point to, as object paths in the caller's terms.
    std::map<std::string, std::string> Objects;
    std::set<std::string> LockedBefore;  // global mutexes the thread took before the call
    std::set<std::string> WaitedOn;      // mutexes it held in a condition wait before the call
    std::string OnceControl;             // the once flag, when OnceInit
    bool OnceFlagUnknown = false;        // CallSite::OnceFlagUnknown, when OnceInit
    const CallSite *Via = nullptr;       // AccessInstance::Via
    const FunctionFacts *ViaCaller = nullptr;
  };
  static std::string resolve(const std::string &Path, const Walk &W);
  static Lockset resolve(const Lockset &L, const Walk &W);
  std::map<std::string, std::string>
  bindObjects(const std::vector<std::pair<unsigned, std::string>> &ArgPaths, const Walk &Caller) const;
  std::string place(const std::string &Path, const Walk &W) const;
  std::vector<std::string> callees(const CallSite &C) const;
  void explore(const std::string &Key, const Walk &W);
  void exploreBody(const FunctionFacts &F, const Walk &W);
  bool overlapping(const FunctionFacts &F, const FunctionFacts &G) const;
  bool handedOver(const AccessInstance &A, const AccessInstance &B) const;
  bool afterStartersSection(const AccessInstance &A, const AccessInstance &B) const;
  bool handedOffUnderMutex(const AccessInstance &Producer, const AccessInstance &Consumer) const;
  // Variables set once under a global mutex, and reads after the reader's own critical section
  // (analysis/SetOnce.cpp).
  struct SetOnce {
    std::set<std::string> Mutexes;                // every write holds one of these
    std::set<const FunctionFacts *> Setters;      // the functions that test and set it
  };
  std::map<std::string, SetOnce> SetOnceVars;
  void findSetOnceVariables();
  bool readAfterOwnSetOnce(const AccessInstance &Reader, const AccessInstance &Writer) const;
  // The locks a thread runs under because its starter holds them until it has joined it,
  // also through the starter's own starter (analysis/InheritedLocks.cpp).
  Lockset inheritedLocks(const ThreadStart &S, const FunctionFacts &Starter, unsigned Depth = 0);
  std::map<const ThreadStart *, Lockset> InheritedMemo;
  // Who starts each entry function, and which functions are also called directly; filled on
  // the first inheritedLocks call.
  std::map<std::string, std::vector<std::pair<const ThreadStart *, const FunctionFacts *>>>
      StartsByEntry;
  std::set<std::string> CalledDirectly;
  bool StartIndexBuilt = false;
  // The locks held at every call of F when racecheck sees all of them (analysis/CallerLocks.cpp);
  // empty otherwise.
  const Lockset &heldByEveryCaller(const FunctionFacts &F);
  std::map<std::string, Lockset> CallerLocks;
  bool CallerLocksBuilt = false;
  void addStarterContexts(const FunctionFacts &F);
  // Walks F's own accesses and calls in the context At gives for each (by the threads of F
  // running there and its place), skipping those At gives none; true if any was walked.
  using ContextAt =
      std::function<std::optional<unsigned>(const std::vector<unsigned> &, const SourcePos &)>;
  bool exploreOwnCode(const FunctionFacts &F, const ContextAt &At);
  void visitCalls(const FunctionFacts &F, const Walk &W, const std::vector<unsigned> *OnlyWith);
  // Threads left running by a callee, in LeakedThreads.cpp.
  void addLeakContexts();
  // Library mode, in EntryPoints.cpp.
  void addEntryContexts();
  bool entryConcurrent(const ThreadContext &X, const ThreadContext &Y) const;
  bool entryPairReportable(const AccessInstance &A, const AccessInstance &B) const;
  EntryPointTable Entries;

  std::vector<const FunctionFacts *> Functions;
  std::map<std::string, std::vector<const FunctionFacts *>> ByKey;  // definitions by key
  std::map<std::string, std::set<std::string>> AddressTakenByType;  // indirect call targets
  std::map<std::string, std::set<std::string>> AddressTakenBySlot;
  std::vector<ThreadContext> Contexts;
  std::map<std::string, std::vector<AccessInstance>> ByVariable;
  std::set<std::string> ConcurrentFunctions;
  std::set<std::string> ThreadReached;  // explored from some thread's entry
  std::set<std::string> Visited;
  std::set<std::string> ThreadObjects;  // "alloc:" objects handed to a thread at its start
  std::set<std::string> LockedClasses;  // mutexLockedIn
};

// Two locksets protect a pair of accesses when they share a mutex not held shared by both.
bool protectsEachOther(const Lockset &A, const Lockset &B);
// True when both hold one mutex only through one acquisition that a thread inherited from its
// starter (analysis/InheritedLocks.cpp): one critical section, which keeps neither out.
bool oneSection(const Lockset &A, const Lockset &B);
bool holdsExclusively(const Lockset &L);
// True when L, held exclusively, can be what guards A's memory: a global mutex, any mutex for a
// global, a mutex of the same class as the field (`p->mu` for `p->count`) or inside the same
// object. A lock of some other object held on the way (a database's mutex around a copy of a
// string slice) says nothing about the memory, and is no evidence that it is shared.
bool guardsMemory(const HeldLock &L, const AccessInstance &A);
bool guardedByOwnMutex(const AccessInstance &A);
std::string describeLocks(const Lockset &L);
// An object path as the user names it: "g:s.mu" -> "s.mu", "client:C.mu_" -> "this->mu_".
std::string readablePath(const std::string &Path);

}  // namespace racecheck
