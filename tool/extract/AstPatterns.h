// AstPatterns.h: recognisers for the few source shapes racecheck cares about.
//
// Each function answers one question about one AST node: is this a lock operation, a thread
// start, a join, a shared variable, an atomic? FunctionFactsBuilder strings the answers together
// along the control-flow graph. No state lives here beyond the user's configuration.
#pragma once

#include "model/Config.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

#include <optional>
#include <string>
#include <vector>

namespace racecheck {

// How an expression names memory, as far as sharing goes.
struct MemoryRef {
  std::string Key;   // stable across translation units for globals and fields
  std::string Name;  // for messages
  bool ViaThis = false;
  const clang::VarDecl *Local = nullptr;  // set when the memory is a local of this function
  int Param = -1;                         // set when reached through parameter number Param
};

enum class LockKind { Acquire, AcquireShared, Release, TryAcquire, TryAcquireShared };

struct LockOperation {
  LockKind Kind = LockKind::Acquire;
  std::vector<const clang::Expr *> Mutexes;
  const clang::VarDecl *Guard = nullptr;  // unique_lock/shared_lock whose method was called
  bool DropsGuard = false;                // unique_lock::release(): the mutex stays locked
};

enum class GuardMode { Locks, Defers, Adopts };

// What a member call on a standard container does to the container (RacerD's container
// models): changes its structure, only reads it, or reaches one element (`v[i]`, `v.at(i)`).
enum class ContainerAccess { NotAContainer, Read, Write, Slot };

struct GuardConstruction {
  std::vector<const clang::Expr *> Mutexes;
  bool Shared = false;
  GuardMode Mode = GuardMode::Locks;
};

struct ThreadStartCall {
  std::string Api;
  const clang::Expr *Callable = nullptr;
  std::vector<const clang::Expr *> Arguments;  // handed to the callable, in order
  const clang::Expr *Handle = nullptr;         // the thread object or pthread_t it is bound to
  bool Deferred = false;
  bool Repeated = false;
  // A wrapper that starts and joins its threads before it returns (fork-join: `on_threads(n,
  // body)`): the threads run with each other, not with the caller's code after the call.
  bool JoinedInside = false;
  // A function handed to code racecheck cannot see (ThreadStart::HandedTo): its key.
  std::string HandedTo;
};

class AstPatterns {
public:
  explicit AstPatterns(const Config &C) : Cfg(C) {}

  static bool isAtomicType(clang::QualType T);
  static bool isThreadType(clang::QualType T);
  bool isThreadSafeType(clang::QualType T) const;
  static std::string functionKey(const clang::Decl *D);
  static std::string varKey(const clang::VarDecl *V);
  // The access key of a field (or static member), as sharedMemory() names it.
  static std::string fieldKey(const clang::NamedDecl *Field);

  // The memory an lvalue expression denotes, if it may be shared (globals, statics, fields,
  // locals in `Escaping`, captures by reference); nullopt for thread-private memory.
  std::optional<MemoryRef> sharedMemory(const clang::Expr *E,
                                        const std::vector<const clang::VarDecl *> &Escaping) const;
  // The fields a whole-object access (`s = other;`, `memset(&s, 0, sizeof s)`) touches, nested
  // records opened up to a few levels: each field's key, name and path below the object
  // (".in.count"). Fields no thread can race on (const, mutexes, atomics) are left out.
  struct FieldPart {
    std::string Key, Name, Suffix;
    std::string Chain;  // the keys of the members from T to the field (Access::TypeChain)
  };
  std::vector<FieldPart> fieldsOf(clang::QualType T) const;
  // The key of an atomic object named by E (for non-atomic-rmw), or empty.
  std::string atomicKey(const clang::Expr *E, std::string *Name) const;
  // The key of the mutex object E names ("&m" and "m" alike).
  static std::string mutexKey(const clang::Expr *E, std::string *Name);
  // Object paths (see Access::Path in model/Facts.h): the object an lvalue denotes, and the
  // object a pointer points to. Empty when it is not known from the expression alone.
  // Root, when given, receives the variable the path starts from.
  static std::string objectPath(const clang::Expr *LValue, const clang::VarDecl **Root = nullptr);
  static std::string pointeePath(const clang::Expr *Pointer, const clang::VarDecl **Root = nullptr);
  // True for a path that names one object: rooted in a global, a local or an allocation, with
  // no unknown index on the way.
  static bool isExactPath(const std::string &Path);
  // The canonical function type of a callee, as indirect calls and address-taken functions
  // are matched ("void (int *)").
  // A pointer to member function's type is its class's: "member:C:void ()".
  static std::string functionTypeKey(clang::QualType T);
  // The key of F's own type, as a pointer to F would have it (a non-static method's names its
  // class, so only pointers to that class's members reach it).
  static std::string functionTypeKey(const clang::FunctionDecl *F);
  // The field or variable a function pointer expression is read from ("ops::apply",
  // "var:<key>"), the slot address-taken functions are matched by; empty when unknown.
  static std::string pointerSlot(const clang::Expr *E);
  static ContainerAccess containerCall(const clang::CXXMethodDecl *Method);
  static std::string fieldKey(const clang::FieldDecl *F);
  // Access::TypeChain of an lvalue: the keys of the members from the outermost record to the
  // field, up to the first pointer dereference; empty when E is not a field or a union is on
  // the way.
  static std::string typeChain(const clang::Expr *E);

  std::optional<LockOperation> lockOperation(const clang::CallExpr *Call) const;
  static std::optional<GuardConstruction> guardConstruction(const clang::CXXConstructExpr *E);
  // `auto g = co_await m.lock();`: a guard, returned by an awaited lock method, that holds m
  // until it is destroyed (racelab::AsyncMutex, cppcoro::async_mutex::scoped_lock_async, ...).
  std::optional<GuardConstruction> awaitedGuard(const clang::VarDecl *V) const;
  static bool isGuardType(clang::QualType T);
  std::optional<ThreadStartCall> threadStart(const clang::Expr *E) const;
  // The thread handle a join waits for (`t.join()`, `pthread_join(t, 0)`), if E is a join.
  static const clang::Expr *joinedHandle(const clang::CallExpr *Call);
  // The variable that owns a thread handle expression (`t`, `ts[i]`, `&t`): the join binding.
  static const clang::VarDecl *handleVariable(const clang::Expr *E);
  // The name S assigns (`x = ...`), increments or decrements, or takes the address of (`&x`).
  static const clang::DeclRefExpr *nameWrittenOrAddressed(const clang::Stmt *S);
  static bool isCallOnce(const clang::CallExpr *Call);
  // A local pointer set once from an allocation (`int *q = malloc(..)`) and never reassigned:
  // handed to a thread by value, its object is shared with that thread from then on
  // (sharedMemory keys `*q` as allocationKey(q) when q is among the escaping locals).
  static bool escapedAllocation(const clang::VarDecl *V);
  static std::string allocationKey(const clang::VarDecl *V);
  // A function named __VERIFIER_atomic_* (SV-COMP): its body runs without interleaving.
  static bool svcompAtomic(const clang::FunctionDecl *F);
  // The once flag a call_once/pthread_once call uses: a variable's or field's key (`&init_once`,
  // `this->flag_`), "" when it is some other expression, or nothing when the flag is read
  // from a pointer variable (`pthread_once(ptr, f)`): which flag that is may differ per call.
  static std::optional<std::string> onceFlag(const clang::CallExpr *Call);
  // A condition wait, which releases a mutex and takes it again before returning: what it
  // releases, the mutex argument of `pthread_cond_wait(&c, &m)` and of wrappers named like it
  // (`mythread_cond_wait`, `*cond_timedwait`), or the lock object of a member `wait*(lock, ..)`
  // (std::condition_variable, condition_variable_any). Null when Call is no condition wait.
  struct ConditionWait {
    const clang::Expr *Mutex = nullptr;  // C: the mutex expression
    const clang::Expr *Lock = nullptr;   // C++: the unique_lock (or other lockable) argument
  };
  static std::optional<ConditionWait> conditionWait(const clang::CallExpr *Call);
  // Loads of an atomic: `a.load()` or the implicit conversion `int x = a;`.
  bool isAtomicLoad(const clang::Expr *E, std::string *Key) const;
  // A store to an atomic (`a.store(v)`, `a = v`): the stored value, or null.
  const clang::Expr *atomicStoreValue(const clang::Expr *E, std::string *Key,
                                      std::string *Name) const;

  // The body that will run for a callable expression: lambda, function, functor, member pointer.
  static const clang::FunctionDecl *resolveCallable(const clang::Expr *E);

private:
  // The shared memory `*V` names when every value of local pointer V points to one object (the
  // address of shared memory, a global pointer, an external accessor's result); else nullopt.
  std::optional<MemoryRef> pointedMemory(const clang::VarDecl *V,
                                         const std::vector<const clang::VarDecl *> &Escaping) const;
  const Config &Cfg;
};

}  // namespace racecheck
