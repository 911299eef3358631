// FunctionFactsBuilder.h: turns one function body into FunctionFacts.
//
// It walks Clang's control-flow graph twice: first to a fixed point of the lock state (which
// mutexes are held, which threads this function started and has not joined, the last co_await),
// then once more to write down every shared access, call and thread start with that state.
#pragma once

#include "extract/AstPatterns.h"
#include "model/Facts.h"

#include "clang/AST/ASTContext.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace racecheck {

// A mutex named relative to a function's parameters or `this`, so that a call can bind it.
struct MutexSym {
  static constexpr int kFixed = -2, kThis = -1;
  int Root = kFixed;  // kFixed: Key names it; kThis: the object; >= 0: that parameter's pointee
  std::string Inner;  // fields below the root (".mu_"), appended to the bound object's key
  std::string Key, Name;  // the key and name as seen inside the function
  std::string Coarse;     // type-level key (HeldLock::Coarse)
  std::string Path;       // object path (HeldLock::Path), empty when unknown
  bool operator==(const MutexSym &O) const { return Root == O.Root && Inner == O.Inner && Key == O.Key; }
};

// The mutex E denotes (`m`, `&m`, `p`, `&p->mu`): its identity key, type-level key and object
// path, as every lock in a function body is named; Root and Inner are left to the caller.
MutexSym nameMutex(const clang::Expr *E);

// What a function does to mutexes, net, on every path to its exit: a wrapper's lock or
// unlock, a guard class's constructor or destructor.
struct LockEffect {
  bool Acquire = true;  // false: releases a mutex its caller holds
  bool Shared = false;
  MutexSym Mutex;
};
using LockSummary = std::vector<LockEffect>;

// A function that starts a thread running one of its parameters (`mythread_create(t, fn,
// arg)` calling `pthread_create(t, NULL, fn, arg)`): a call to it is a thread start.
struct StartWrapper {
  int Callable = -1;       // parameter holding the start routine; -1: not a wrapper
  std::vector<int> Args;   // parameters handed on to the routine, in order
  int Handle = -1;         // parameter receiving the thread handle, or -1
  bool Joins = false;      // it also joins before returning (fork-join)
  bool InLoop = false;     // the start is inside a loop: several threads at once
  std::string Api;         // the wrapped API, for messages
};

class FunctionFactsBuilder {
public:
  FunctionFactsBuilder(const AstPatterns &Patterns, clang::ASTContext &Context)
      : Patterns(Patterns), Context(Context) {}

  // Facts for F's body, or nullopt when there is no body to analyse.
  std::optional<FunctionFacts> build(const clang::FunctionDecl *F);
  // The lock effect of F's body (computed once per translation unit; empty for recursion).
  const LockSummary &lockSummary(const clang::FunctionDecl *F);
  // F's thread-start and join effects on its parameters (computed once per unit).
  const StartWrapper &startWrapper(const clang::FunctionDecl *F);
  int joinWrapper(const clang::FunctionDecl *F);  // parameter whose thread F joins, or -1
  // F waits on a condition variable until a shared count drops to zero
  // (`while (best->liveJobs != 0) pthread_cond_wait(..)`): the jobs started before the call,
  // which count themselves down as they finish, are done when it returns.
  bool waitsForAllJobs(const clang::FunctionDecl *F);
  // A thread start at E: a built-in or configured API, or a call to a start wrapper.
  std::optional<ThreadStartCall> threadStartAt(const clang::Expr *E);
  const clang::Expr *joinedHandleAt(const clang::CallExpr *C);

private:
  const clang::FunctionDecl *smallBody(const clang::FunctionDecl *F) const;
  std::map<const clang::FunctionDecl *, LockSummary> Summaries;
  std::map<const clang::FunctionDecl *, StartWrapper> StartWrappers;
  std::map<const clang::FunctionDecl *, int> JoinWrappers;
  std::map<const clang::FunctionDecl *, bool> CountdownWaits;
  const AstPatterns &Patterns;
  clang::ASTContext &Context;
};

}  // namespace racecheck
