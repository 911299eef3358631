// GuardedWrites.h: the extraction behind racecheck-double-checked-locking.
#pragma once

#include "model/Facts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"

namespace racecheck {

// Appends to Out.GuardedWrites each write of a variable or field inside the then-branch of an
// `if` whose condition reads it (`if (!p) { ...; p = new T; }`), with the positions the access
// facts use (so the rule can look their locks up), and whether an inner `if` reads it again
// before the write (the second check of double-checked locking). Atomics are left out.
void findGuardedWrites(const clang::FunctionDecl *F, clang::ASTContext &Ctx, FunctionFacts &Out);

}  // namespace racecheck
