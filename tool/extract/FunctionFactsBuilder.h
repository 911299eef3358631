// FunctionFactsBuilder.h: turns one function body into FunctionFacts.
//
// It walks Clang's control-flow graph twice: first to a fixed point of the lock state (which
// mutexes are held, which threads this function started and has not joined, the last co_await),
// then once more to write down every shared access, call and thread start with that state.
#pragma once

#include "extract/AstPatterns.h"
#include "model/Facts.h"
#include "model/Summaries.h"

#include "clang/AST/ASTContext.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace racecheck {

// The mutex E denotes (`m`, `&m`, `p`, `&p->mu`): its identity key, type-level key and object
// path, as every lock in a function body is named; Root and Inner are left to the caller.
MutexSym nameMutex(const clang::Expr *E);

class FunctionFactsBuilder {
public:
  // External: summaries of functions defined in other units (racecheck's second round), or
  // null.
  FunctionFactsBuilder(const AstPatterns &Patterns, clang::ASTContext &Context,
                       const SummaryTable *External = nullptr)
      : Patterns(Patterns), Context(Context), External(External) {}

  // Facts for F's body, or nullopt when there is no body to analyse.
  std::optional<FunctionFacts> build(const clang::FunctionDecl *F);
  // The lock effect of F's body (computed once per translation unit; empty for recursion).
  const LockSummary &lockSummary(const clang::FunctionDecl *F);
  // F's thread-start and join effects on its parameters (computed once per unit).
  const StartWrapper &startWrapper(const clang::FunctionDecl *F);
  int joinWrapper(const clang::FunctionDecl *F);  // parameter whose thread F joins, or -1
  // F waits on a condition variable until a shared count drops to zero
  // (`while (best->liveJobs != 0) pthread_cond_wait(..)`): the jobs started before the call,
  // which count themselves down as they finish, are done when it returns. So also when F
  // calls a function that waits so (a teardown that waits first).
  bool waitsForAllJobs(const clang::FunctionDecl *F);
  // F, defined in another unit, returns fresh memory there (its summary says so).
  bool externalAllocator(const clang::FunctionDecl *F);
  // A thread start at E: a built-in or configured API, or a call to a start wrapper.
  std::optional<ThreadStartCall> threadStartAt(const clang::Expr *E);
  std::optional<ThreadStartCall> callbackHandedAway(const clang::CallExpr *C);
  const clang::Expr *joinedHandleAt(const clang::CallExpr *C);
  // All of the above for F, for other units to use.
  FunctionSummary summaryOf(const clang::FunctionDecl *F);
  // Functions called here whose body this unit does not have (keys).
  const std::set<std::string> &externalCallees() const { return ExternalCallees; }

private:
  const clang::FunctionDecl *smallBody(const clang::FunctionDecl *F) const;
  std::map<const clang::FunctionDecl *, LockSummary> Summaries;
  std::map<const clang::FunctionDecl *, StartWrapper> StartWrappers;
  std::map<const clang::FunctionDecl *, int> JoinWrappers;
  std::map<const clang::FunctionDecl *, bool> CountdownWaits;
  // The summary another unit gave for F when this unit has no body for it, else null.
  const FunctionSummary *external(const clang::FunctionDecl *F);
  const AstPatterns &Patterns;
  clang::ASTContext &Context;
  const SummaryTable *External;
  std::set<std::string> ExternalCallees;
};

}  // namespace racecheck
