// UnloopedWaits.cpp: see UnloopedWaits.h.
#include "extract/UnloopedWaits.h"

#include "extract/SourcePositions.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"

#include <functional>
#include <optional>
#include <vector>

using namespace clang;

namespace racecheck {
namespace {

std::string lower(llvm::StringRef S) { return S.lower(); }

// std::condition_variable(_any), boost's, and classes named like one (absl::CondVar,
// ConditionVariable): the only objects whose `wait` this rule looks at.
bool conditionClass(const CXXRecordDecl *R) {
  return R && R->getIdentifier() && lower(R->getName()).find("cond") != std::string::npos;
}

bool isCallable(const Expr *E) {
  const auto *R = E->getType()->getAsCXXRecordDecl();
  return R && (R->isLambda() || (R->hasDefinition() && !R->lookup(R->getASTContext()
                                                                       .DeclarationNames
                                                                       .getCXXOperatorName(OO_Call))
                                                           .empty()));
}

bool isParameter(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenImpCasts();
  const auto *D = dyn_cast<DeclRefExpr>(E);
  return D && isa<ParmVarDecl>(D->getDecl());
}

struct WaitCall {
  std::string Name;
  bool Timed = false;
};

// The wait C stands for when it has no predicate, else nothing.
std::optional<WaitCall> predicatelessWait(const CallExpr *C) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (!M || !M->getIdentifier() || !conditionClass(M->getParent()))
      return std::nullopt;
    std::string Name = lower(M->getName());
    if (Name.rfind("wait", 0) != 0 && Name.rfind("timedwait", 0) != 0)
      return std::nullopt;
    for (const Expr *Arg : MC->arguments())
      if (isCallable(Arg))
        return std::nullopt;  // the predicate overload re-checks in a loop of its own
    if (isParameter(MC->getImplicitObjectArgument()))
      return std::nullopt;
    return WaitCall{M->getParent()->getQualifiedNameAsString() + "::" + M->getNameAsString(),
                    Name != "wait"};
  }
  const FunctionDecl *Callee = C->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || C->getNumArgs() < 2)
    return std::nullopt;
  llvm::StringRef Name = Callee->getName();
  bool Timed = Name.contains("cond_timedwait") || Name.contains("cnd_timedwait");
  if (!Timed && !Name.contains("cond_wait") && !Name.contains("cnd_wait"))
    return std::nullopt;
  if (isParameter(C->getArg(0)))
    return std::nullopt;
  return WaitCall{Name.str(), Timed};
}

bool insideLoop(const Stmt *S, const ParentMap &Parents) {
  for (const Stmt *P = Parents.getParent(S); P; P = Parents.getParent(P))
    if (isa<WhileStmt>(P) || isa<DoStmt>(P) || isa<ForStmt>(P) || isa<CXXForRangeStmt>(P))
      return true;
  return false;
}

// A loop made of a label and a `goto` back to it (xz's `next_loop_unlocked:` ... `goto
// next_loop_unlocked;`): some goto after the wait jumps to a label before it.
bool insideGotoLoop(const Stmt *S, const std::vector<const GotoStmt *> &Gotos,
                    const SourceManager &SM) {
  SourceLocation At = SM.getExpansionLoc(S->getBeginLoc());
  for (const GotoStmt *G : Gotos) {
    const LabelStmt *Label = G->getLabel() ? G->getLabel()->getStmt() : nullptr;
    if (!Label)
      continue;
    SourceLocation From = SM.getExpansionLoc(G->getBeginLoc());
    SourceLocation To = SM.getExpansionLoc(Label->getBeginLoc());
    if (SM.isBeforeInTranslationUnit(To, At) && SM.isBeforeInTranslationUnit(At, From))
      return true;
  }
  return false;
}

void forEachStmt(const Stmt *S, const std::function<void(const Stmt *)> &Visit) {
  if (!S)
    return;
  if (isa<LambdaExpr>(S))
    return;  // a lambda's body is a function of its own
  Visit(S);
  for (const Stmt *Child : S->children())
    forEachStmt(Child, Visit);
}

}  // namespace

void findUnloopedWaits(const FunctionDecl *F, ASTContext &Ctx, FunctionFacts &Out) {
  const Stmt *Body = F->getBody();
  if (!Body)
    return;
  const auto *M = dyn_cast<CXXMethodDecl>(F);
  bool Lambda = M && M->getParent()->isLambda();
  // A wait wrapper (a condition variable class's own method, `mythread_cond_wait`): whether
  // it loops is its callers' business.
  if (!Lambda && M && conditionClass(M->getParent()))
    return;
  std::string Name = F->getIdentifier() ? lower(F->getName()) : "";
  if (Name.find("cond") != std::string::npos && Name.find("wait") != std::string::npos)
    return;
  ParentMap Parents(const_cast<Stmt *>(Body));
  SourcePositions Pos(Ctx.getSourceManager());
  std::vector<const GotoStmt *> Gotos;
  forEachStmt(Body, [&](const Stmt *S) {
    if (const auto *G = dyn_cast<GotoStmt>(S))
      Gotos.push_back(G);
  });
  const SourceManager &SM = Ctx.getSourceManager();
  forEachStmt(Body, [&](const Stmt *S) {
    const auto *C = dyn_cast<CallExpr>(S);
    auto Wait = C ? predicatelessWait(C) : std::nullopt;
    if (Wait && !insideLoop(C, Parents) && !insideGotoLoop(C, Gotos, SM))
      Out.UnloopedWaits.push_back({Pos(C->getBeginLoc()), Wait->Name, Wait->Timed});
  });
}

}  // namespace racecheck
