// UnloopedWaits.h: the extraction behind racecheck-wait-without-loop.
#pragma once

#include "model/Facts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"

namespace racecheck {

// Appends to Out.UnloopedWaits every condition wait in F's body that has no predicate and no
// enclosing loop: `cv.wait(lock)`, `cv.wait_for(lock, d)`, `cv.wait_until(lock, t)` on a
// condition variable class, `pthread_cond_wait`/`pthread_cond_timedwait` and functions named
// like them, C11 `cnd_wait`/`cnd_timedwait`. Wrappers are left out (their callers loop): a
// method of a condition variable class, a function named like `*cond*wait*`, and a wait on a
// condition variable handed in as a parameter.
void findUnloopedWaits(const clang::FunctionDecl *F, clang::ASTContext &Ctx, FunctionFacts &Out);

}  // namespace racecheck
