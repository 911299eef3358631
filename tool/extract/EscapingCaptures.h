// EscapingCaptures.h: the extraction behind racecheck-capture-by-reference.
#pragma once

#include "model/Facts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"

namespace racecheck {

// Appends to Out.EscapingCaptures each local of F handed by reference to a thread that F
// detaches, so that the thread can outlive the local's scope:
//   - `std::thread` (or `std::jthread`) given a lambda that captures the local by reference
//     (`[&]`, `[&x]`; also a named lambda variable) or `std::ref(x)`, and detached
//     (`std::thread(..).detach()`, or `t.detach()` on the handle variable);
//   - `pthread_create(&t, .., fn, &x)` followed by `pthread_detach(t)`.
// Locals that are references, and statics, are left out (they do not die with the scope).
void findEscapingCaptures(const clang::FunctionDecl *F, clang::ASTContext &Ctx, FunctionFacts &Out);

}  // namespace racecheck
