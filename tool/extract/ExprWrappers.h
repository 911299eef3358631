// ExprWrappers.h: looking through the nodes that wrap an expression without changing what it
// names: temporaries, copies, cleanups and casts around a value, `&` and `*` around a mutex.
//
// Header-only: a few lines each, used by several extraction units that already include Clang's
// AST headers, so no unit of its own to compile.
#pragma once

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

namespace racecheck {

// What skipWrappers looks through besides parentheses and implicit casts (always skipped).
enum WrapperKind : unsigned {
  kTemporaries = 1,      // MaterializeTemporaryExpr, CXXBindTemporaryExpr
  kCopies = 2,           // a copy or move constructor: its one argument
  kCleanups = 4,         // ExprWithCleanups
  kFunctionalCasts = 8,  // `T(x)`
};

// E under every wrapper of the given kinds, outermost first, until none is left; null for null.
inline const clang::Expr *skipWrappers(const clang::Expr *E, unsigned Kinds) {
  using namespace clang;
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E); M && (Kinds & kTemporaries))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E); B && (Kinds & kTemporaries))
      E = B->getSubExpr();
    else if (const auto *C = dyn_cast<CXXConstructExpr>(E);
             C && (Kinds & kCopies) && C->getNumArgs() == 1 &&
             C->getConstructor()->isCopyOrMoveConstructor())
      E = C->getArg(0);
    else if (const auto *W = dyn_cast<ExprWithCleanups>(E); W && (Kinds & kCleanups))
      E = W->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E); F && (Kinds & kFunctionalCasts))
      E = F->getSubExpr();
    else
      return E;
  }
  return E;
}

// The expression a mutex argument names, under parentheses, casts, `&` and `*`
// (`&a->mu`, `*p`, `(pthread_mutex_t *)&m`).
inline const clang::Expr *skipAddressOfAndDeref(const clang::Expr *E) {
  using namespace clang;
  E = E->IgnoreParenCasts();
  while (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() != UO_AddrOf && U->getOpcode() != UO_Deref)
      break;
    E = U->getSubExpr()->IgnoreParenCasts();
  }
  return E;
}

}  // namespace racecheck
