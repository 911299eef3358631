// GuardedWrites.cpp: see GuardedWrites.h.
#include "extract/GuardedWrites.h"

#include "extract/AstPatterns.h"
#include "extract/SourcePositions.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"

#include <functional>
#include <vector>

using namespace clang;

namespace racecheck {
namespace {

// The variable or field an lvalue names directly (`p`, `Holder::p`, `this->p`), else null.
const ValueDecl *named(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *D = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(D->getDecl()); V && V->hasGlobalStorage())
      return V;
  if (const auto *M = dyn_cast<MemberExpr>(E))
    if (isa<FieldDecl>(M->getMemberDecl()) || isa<VarDecl>(M->getMemberDecl()))
      return M->getMemberDecl();
  return nullptr;
}

// Where the access facts place an access of E (FunctionFactsBuilder's recordAccess).
SourceLocation accessLoc(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *M = dyn_cast<MemberExpr>(E))
    return M->getMemberLoc();
  return E->getExprLoc();
}

void forEachExpr(const Stmt *S, const std::function<void(const Expr *)> &Visit) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *E = dyn_cast<Expr>(S))
    Visit(E);
  for (const Stmt *Child : S->children())
    forEachExpr(Child, Visit);
}

// The first read of D in a condition, if any.
const Expr *readIn(const Expr *Cond, const ValueDecl *D) {
  const Expr *Found = nullptr;
  forEachExpr(Cond, [&](const Expr *E) {
    if (!Found && (isa<DeclRefExpr>(E) || isa<MemberExpr>(E)) && named(E) == D)
      Found = E;
  });
  return Found;
}

// The lvalue a statement writes (`x = ..`, `x += ..`, `++x`), or null.
const Expr *written(const Expr *E) {
  if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->isAssignmentOp())
    return B->getLHS();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->isIncrementDecrementOp())
    return U->getSubExpr();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
    return Op->getArg(0);
  return nullptr;
}

// True when Cond holds only while Read is null or zero: `!x`, `x == 0`, `NULL == x`, or one
// side of an `&&` that is.
bool testsForNull(const Expr *Cond, const Expr *Read, ASTContext &Ctx) {
  Cond = Cond->IgnoreParenImpCasts();
  auto IsRead = [&](const Expr *E) { return E->IgnoreParenImpCasts() == Read; };
  auto IsNull = [&](const Expr *E) {
    return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
  };
  if (const auto *U = dyn_cast<UnaryOperator>(Cond); U && U->getOpcode() == UO_LNot)
    return IsRead(U->getSubExpr());
  if (const auto *B = dyn_cast<BinaryOperator>(Cond)) {
    if (B->getOpcode() == BO_LAnd)
      return testsForNull(B->getLHS(), Read, Ctx) || testsForNull(B->getRHS(), Read, Ctx);
    if (B->getOpcode() == BO_EQ)
      return (IsRead(B->getLHS()) && IsNull(B->getRHS())) ||
             (IsRead(B->getRHS()) && IsNull(B->getLHS()));
  }
  return false;
}

}  // namespace

void findGuardedWrites(const FunctionDecl *F, ASTContext &Ctx, FunctionFacts &Out) {
  const Stmt *Body = F->getBody();
  if (!Body)
    return;
  ParentMap Parents(const_cast<Stmt *>(Body));
  SourcePositions Pos(Ctx.getSourceManager());
  forEachExpr(Body, [&](const Expr *E) {
    const Expr *LHS = written(E);
    const ValueDecl *D = LHS ? named(LHS) : nullptr;
    if (!D || AstPatterns::isAtomicType(D->getType()))
      return;
    // The `if`s whose then-branch holds the write and whose condition reads D, inner first.
    std::vector<const Expr *> Checks;
    bool InnerNullTest = false;
    const Stmt *Child = E;
    for (const Stmt *P = Parents.getParent(E); P; Child = P, P = Parents.getParent(P)) {
      const auto *If = dyn_cast<IfStmt>(P);
      if (!If || If->getThen() != Child || !If->getCond())
        continue;
      if (const Expr *Read = readIn(If->getCond(), D)) {
        if (Checks.empty())
          InnerNullTest = testsForNull(If->getCond(), Read, Ctx);
        Checks.push_back(Read);
      }
    }
    if (Checks.empty())
      return;
    Out.GuardedWrites.push_back({Pos(accessLoc(Checks.back())), Pos(accessLoc(LHS)),
                                 Checks.size() > 1, Pos(accessLoc(Checks.front())),
                                 InnerNullTest});
  });
}

}  // namespace racecheck
