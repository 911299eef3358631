// Annotations.h: Clang's thread-safety annotations, and what a function is as part of an API,
// turned into facts.
//
//   GUARDED_BY(mu) on a field         -> GuardedField (the field is meant to be accessed with mu)
//   REQUIRES(mu) on a function        -> mu is held in its whole body
//   ACQUIRE(mu) / RELEASE(mu)         -> the function's lock summary (used at every call, also
//                                        when its body is not visible)
//   TRY_ACQUIRE(true) on a method     -> a try-lock of its object, decided at the branch
//   SCOPED_CAPABILITY class           -> a guard: ACQUIRE on its constructor, RELEASE on its
//                                        destructor (the lock summaries make it one)
// Both the legacy spellings (EXCLUSIVE_LOCKS_REQUIRED, EXCLUSIVE_LOCK_FUNCTION, UNLOCK_FUNCTION,
// EXCLUSIVE_TRYLOCK_FUNCTION, LOCKABLE) and the capability spellings are read.
#pragma once

#include "extract/AstPatterns.h"
#include "extract/FunctionFactsBuilder.h"
#include "model/Config.h"
#include "model/Facts.h"

#include "clang/AST/DeclCXX.h"

#include <optional>
#include <vector>

namespace racecheck::annotations {

// The lock effect ACQUIRE/RELEASE (and their legacy spellings) declare on F, or nullopt when F
// declares none. When present it is F's contract and replaces what its body would give.
std::optional<LockSummary> declaredLockSummary(const clang::FunctionDecl *F);

// The mutexes REQUIRES(...) says are held whenever F's body runs.
Lockset requiredLocks(const clang::FunctionDecl *F);
// Adds Required to every access, call, check-then-act and atomic update written down for F.
void addRequiredLocks(const Lockset &Required, FunctionFacts &Facts);

// `x.TryLock()` where TryLock is a method declared TRY_ACQUIRE(true) (or
// EXCLUSIVE_TRYLOCK_FUNCTION(true)) on its object: a try-lock of x.
std::optional<LockOperation> declaredTryLock(const clang::CallExpr *Call);

// A mutex type: the std:: mutexes, pthread mutex/rwlock/spinlock, a class with lock()/unlock()
// or Lock()/Unlock(), or one carrying the `capability` (`lockable`) attribute.
bool isMutexType(clang::QualType T);
// The class has a mutex field (arrays of them included), or a base class that has.
bool ownsMutex(const clang::CXXRecordDecl *R);
// A field or method of the class carries a thread-safety annotation.
bool hasThreadSafetyAnnotations(const clang::CXXRecordDecl *R);
// GUARDED_BY fields of R.
std::vector<GuardedField> guardedFields(const clang::CXXRecordDecl *R);

// Fills FunctionFacts' library-mode fields (class, public method, constructor/destructor,
// configured entry point) for F.
void describeApi(const clang::FunctionDecl *F, const Config &Cfg, FunctionFacts &Facts);

}  // namespace racecheck::annotations
