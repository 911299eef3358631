// Facts.h: what racecheck learns about one function, in plain C++ (no Clang types).
//
// The Clang side (tool/clang/) reads a translation unit and writes one FunctionFacts per
// function body; everything after that (contexts, rules, reports) works on these facts only.
// That keeps the rules cheap to compile and lets facts from many translation units be merged.
#pragma once

#include "model/Summaries.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace racecheck {

struct SourcePos {
  std::string File;  // absolute path
  unsigned Line = 0;
  unsigned Column = 0;
};

// One mutex held at a program point. Epoch names the acquisition: a release followed by a new
// acquisition of the same mutex gives a new epoch, which is what check-then-act looks for.
//
// Mutex is the lock's identity. When racecheck knows which object the mutex is (a global, a
// field of a global, an element with a constant index) it is that object's path and Exact is
// set; otherwise it is Coarse, the type-level name every such mutex shares ("Account::mu"), and
// two locks that may be one object are taken to be one (a finding needs proof of two mutexes).
// Path is set when the mutex is reached through a parameter or `this` ("param#0.mu",
// "this.mu_"): the concurrency model binds it to the caller's object at each call.
struct HeldLock {
  std::string Mutex;  // identity, see above
  std::string Name;   // as the user wrote it
  bool Shared = false;
  unsigned Epoch = 0;
  std::string Coarse;  // type-level key; equal to Mutex when nothing better is known
  std::string Path;    // relative to a parameter or `this`, bound by callers; else empty
  bool Exact = false;  // Mutex names one object
  // Held for this thread by the function that started it: the starter took the mutex before
  // the start and holds it, in the same acquisition (Epoch), until it has joined the thread
  // (or `main` returns). It keeps other threads that take the mutex out, not the starter's own
  // code in that critical section, nor other threads started inside it.
  bool Inherited = false;
};
using Lockset = std::vector<HeldLock>;

enum class AccessKind { Read, Write };

// A read or write of memory that may be shared between threads.
// The Var of an object allocated into a local pointer and handed to a thread by that pointer
// (`int *q = malloc(..); pthread_create(.., q)`): "alloc:" and the local's key. The starter
// and the thread both know they share it.
inline bool handedAllocation(const std::string &Var) { return Var.rfind("alloc:local:", 0) == 0; }

struct Access {
  std::string Var;      // key: "counter", "Account::balance", "local:main.cpp:12:7:total"
  std::string VarName;  // as shown to the user
  AccessKind Kind = AccessKind::Read;
  SourcePos Pos;
  Lockset Locks;
  std::vector<unsigned> Running;  // thread starts (ids in this function) not yet joined here
  bool OnceInit = false;          // inside a std::call_once callable
  bool ViaThis = false;           // a field reached through `this`
  int Param = -1;                 // reached through this parameter (`p->x`, `*p`), or -1
  // The object path of the memory ("g:<key>.x", "param#0.x", "this.count_", "g:<key>[3]");
  // empty when the object is not known (then it may be any object of Var's kind). Paths
  // rooted in a parameter or `this` are bound to the caller's objects by the model.
  std::string Path;
  // Global mutexes (exact paths) this function took at some point before the access on every
  // path, released since or not: the access comes after one acquisition of each.
  std::vector<std::string> LockedBefore;
  // Mutexes (HeldLock::Coarse, or the exact key of a whole global mutex) this function held
  // in a condition wait before the access on some path: it waited for state guarded by them
  // (ConcurrencyModel's handoff under a mutex).
  std::vector<std::string> WaitedOn;
  // The keys of the members from the outermost record to the field, up to the first pointer
  // dereference ("ZSTD_CCtx_s::customMem;ZSTD_customMem::customAlloc" for
  // `cctx->customMem.customAlloc`); empty when not reached through a member. Two accesses of one
  // Var whose chains cannot meet lie in different objects (ConcurrencyModel::mayAlias).
  std::string TypeChain;
};

// A call to another function whose body racecheck may know.
struct CallSite {
  std::string Callee;  // function key (USR)
  SourcePos Pos;
  Lockset Locks;
  std::vector<unsigned> Running;
  bool OnceInit = false;
  // The once flag of a call_once/pthread_once call (`g:init_once`); empty when it has no name.
  // Two once calls run their callables one after the other only when they share the flag.
  std::string OnceControl;
  // A once call whose flag is read through a pointer (`pthread_once(ptr, init)`): the callable
  // runs once for that flag, but which flag it is may differ per call.
  bool OnceFlagUnknown = false;
  bool OnThis = false;         // a member call on `this`: the callee sees the same object
  bool ObjectIsLocal = false;  // a member call on an object this function owns alone
  // Shared variables handed to reference or pointer parameters: (parameter index, variable).
  std::vector<std::pair<unsigned, std::string>> BoundArgs;
  // Arguments that point into the caller's own parameters' objects (`p`, `&p->part`):
  // (callee parameter index, caller parameter index). Used to follow per-thread objects.
  std::vector<std::pair<unsigned, unsigned>> ParamArgs;
  int ObjectParam = -1;  // a member call on a part of *p for the caller's parameter p
  // The objects handed to the callee, as paths in the caller: (callee parameter index, path of
  // what it points or refers to); kThisArg for the object of a member call.
  static constexpr unsigned kThisArg = ~0u;
  std::vector<std::pair<unsigned, std::string>> ArgPaths;
  // A call through a function pointer: Callee is empty and this is the pointer's function type;
  // the model calls every function of that type whose address is taken.
  std::string IndirectType;
  std::string IndirectSlot;  // the field or variable the pointer is read from, if known
  std::vector<std::string> LockedBefore;  // as in Access
  std::vector<std::string> WaitedOn;      // as in Access
};

// A place where a callable starts running on another thread (or is registered to).
struct ThreadStart {
  unsigned Id = 0;     // unique within the starting function
  std::string Entry;   // function key of the callable's body
  std::string EntryName;
  std::string Api;     // "std::thread", "pthread_create", "racelab::...", ...
  SourcePos Pos;
  bool Repeated = false;   // in a loop: several instances may run at once
  bool Deferred = false;   // registered to run later (a harness), not concurrent with the caller
  std::vector<unsigned> RunningBefore;  // starts still running when this one begins
  std::vector<std::pair<unsigned, std::string>> BoundArgs;  // as in CallSite
  // Entry parameters given a different object by every instance of a repeated start
  // (`&slots[i]` with i the loop's counter): what one instance reaches through them, another
  // instance of the same start does not.
  std::vector<unsigned> OwnArgs;
  // Objects the starter allocates afresh in each iteration of the loop around the start and
  // hands to it (`job = malloc(...); job->x = ...; POOL_add(pool, run, job);`), as paths
  // ("alloc:..."): the starter fills each one before the instance that gets it starts.
  std::vector<std::string> HandedOver;
  std::vector<std::pair<unsigned, std::string>> ArgPaths;  // as in CallSite
  Lockset LocksAtStart;  // the starter's locks when the thread starts
  // Where the handle is kept, when that outlives the starter: "field:pool::threads" for
  // `&p->threads[i]`, "g:terminator" for a global; empty for a local.
  std::string HandleSlot;
  // Of those, the ones the starter still holds, in the same acquisition, whenever it joins the
  // thread (or when `main` returns with it running), marked Inherited: the whole thread runs
  // inside that critical section. Empty when the thread may outlive one.
  Lockset HeldUntilJoin;
  bool JoinedHere = false;  // joined by the starter on every path before it returns
  // Not a thread start as written: a function handed to HandedTo (a function key), which has
  // no body in this unit and is the user's own or undeclared (`register_callback(on_event)`).
  // What that code does with it is unknown, so the callback may run on any thread, any number
  // of times, from the call on. Dropped when another unit defines HandedTo (UnknownCallbacks.h).
  std::string HandedTo;
};

// A condition that read shared state and a later write to it in the guarded branch, made
// after the lock protecting the read was released and taken again, or after a co_await.
struct CheckThenActSite {
  std::string Var, VarName;
  SourcePos CheckPos, ActPos;
  std::string Reason;  // "relock:<mutex name>" or "co_await"
  Lockset ActLocks;
};

// A load of a std::atomic whose value flows into a store to the same atomic.
struct AtomicRmwSite {
  std::string Var, VarName;
  SourcePos LoadPos, StorePos;
  Lockset Locks;
};

// A mutex taken by the function, with the mutexes it already holds there (racecheck-lock-order).
// Lock and Held are named as in Lockset; Held is only this function's own, callers add theirs.
struct LockAcquire {
  HeldLock Lock;
  SourcePos Pos;
  Lockset Held;
  std::vector<unsigned> Running;  // as in Access
  bool Try = false;               // a try-lock that succeeded: it never waited
};

// A condition wait with no predicate that no loop encloses (racecheck-wait-without-loop).
struct UnloopedWait {
  SourcePos Pos;
  std::string Call;  // "std::condition_variable::wait", "pthread_cond_wait"
  bool Timed = false;
};

// `if (x == nullptr) { lock; ... x = ...; }`: a read of x in an `if` condition and a write of x
// in the branch it guards, for racecheck-double-checked-locking to confirm against the locks.
struct GuardedWriteCandidate {
  SourcePos CheckPos, WritePos;  // CheckPos: the outermost check
  bool Rechecked = false;  // the write is also under an inner `if` reading x
  SourcePos InnerCheckPos;  // the innermost check (CheckPos when there is one)
  bool NullTested = false;  // the innermost check is `!x`, `x == 0` or `x == NULL`: x is set once
};

// A lambda capturing a local by reference (or &local handed on) given to a thread that can
// outlive the local's scope (racecheck-capture-by-reference).
struct EscapingCapture {
  std::string Local;   // the local's name
  SourcePos UsePos;    // the capture (the lambda) or the argument
  SourcePos LocalPos;  // the local's declaration
  SourcePos StartPos;  // the thread start
  std::string Api;     // "std::thread", "pthread_create"
  SourcePos DetachPos;  // where the thread is detached
};

struct FunctionFacts {
  std::string Key;   // USR: the same in every translation unit
  std::string Name;  // qualified, for messages
  SourcePos Pos;
  bool IsCoroutine = false;
  bool LeaksThreads = false;  // a thread it started may still run after it returns
  // Joins of threads it did not start itself (`pthread_join(pool->threads[i], ..)`): a
  // teardown joining threads kept in a structure or a global, with where the handle is kept
  // (ThreadStart::HandleSlot).
  std::vector<std::pair<SourcePos, std::string>> KeptThreadJoins;
  std::string Type;           // AstPatterns::functionTypeKey of its type
  bool AddressTaken = false;  // its address is taken in this unit (it may be called indirectly)
  // Where its address is stored: fields ("ops::apply") and variables ("var:<key>").
  std::vector<std::string> AddressSlots;
  bool DeclarationOnly = false;  // no body here: only AddressTaken is meaningful
  // Internal linkage (`static`, an anonymous namespace): every call of it is in its own unit,
  // so racecheck sees all its callers (unless its address is taken).
  bool Internal = false;
  std::vector<Access> Accesses;
  std::vector<CallSite> Calls;
  std::vector<ThreadStart> Starts;
  std::vector<CheckThenActSite> CheckThenActs;
  std::vector<AtomicRmwSite> AtomicRmws;
  std::vector<LockAcquire> Acquires;
  std::vector<UnloopedWait> UnloopedWaits;
  std::vector<GuardedWriteCandidate> GuardedWrites;
  std::vector<EscapingCapture> EscapingCaptures;
  // Library mode (analysis/EntryPoints.h): what the function is as part of an API.
  std::string ClassKey;            // a method's class (a lambda's: its enclosing method's), or ""
  std::string ClassName;           // as shown to the user
  bool PublicMethod = false;       // public, non-static, not a constructor/destructor/operator
  bool Setter = false;  // a public method that only stores values into its fields, or an
                        // objectless API function that only stores values into globals
  bool CtorOrDtor = false;         // the object is not yet, or no longer, shared here
  bool ClassThreadSafe = false;    // the class owns a mutex or carries thread-safety annotations
  bool ConfiguredEntry = false;    // matches `EntryPoints:` in .racecheck.yaml, or --library
  // Called by clients without an object: a free function with external linkage, or a public
  // static method of a visible class (not `main`).
  bool ObjectlessApi = false;
  // A C function that works on the object its parameter ObjectParam points to, a structure
  // that owns a mutex (`void pool_add(pool_t *p, ...)`): that structure's "method". ClassKey
  // names the structure; -1 for everything else.
  int ObjectParam = -1;
  bool IsLambda = false;
};

// A field annotated GUARDED_BY(mu) / PT_GUARDED_BY(mu): meant to be accessed with mu held.
struct GuardedField {
  std::string Field;  // the access key of the field ("Account::balance")
  std::string Mutex;  // the lock key of mu as seen from the class's own methods
  std::string MutexName;
};

// A function whose address is taken (stored in a pointer, a table, a struct): a candidate
// callee of every indirect call with the same function type.
struct AddressTakenFunction {
  std::string Type;  // canonical function type, e.g. "void (int *)"
  std::string Key;
};

struct TranslationUnitFacts {
  std::string File;
  std::vector<FunctionFacts> Functions;
  std::vector<AddressTakenFunction> AddressTaken;
  std::vector<std::string> Errors;  // why the unit could not be analysed; empty when it was
  std::vector<GuardedField> GuardedFields;  // thread-safety annotations on fields
  SummaryTable Summaries;                    // of its functions other units may call
  std::set<std::string> ExternalCallees;     // functions it calls whose body it lacks
};

}  // namespace racecheck
