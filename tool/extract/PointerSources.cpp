// PointerSources.cpp: see PointerSources.h.
#include "extract/PointerSources.h"

#include "extract/AstPatterns.h"

#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"

#include <functional>

using namespace clang;

namespace racecheck {

bool assignedValues(const VarDecl *V, std::vector<const Expr *> &Values) {
  const auto *F = dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod());
  if (!F || !F->getBody() || !V->hasLocalStorage() || !V->getType()->isPointerType())
    return false;
  if (V->getInit())
    Values.push_back(V->getInit());
  bool Other = false;
  auto Names = [&](const Expr *E) {
    const auto *D = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return D && D->getDecl() == V;
  };
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Other)
      return;
    if (const auto *B = dyn_cast<BinaryOperator>(S); B && B->isAssignmentOp() && Names(B->getLHS())) {
      if (B->getOpcode() != BO_Assign)
        Other = true;
      else
        Values.push_back(B->getRHS());
    } else if (const auto *U = dyn_cast<UnaryOperator>(S);
               U && (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf) &&
               Names(U->getSubExpr())) {
      Other = true;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *R = dyn_cast<VarDecl>(D);
            R && R->getType()->isReferenceType() && R->getInit() && Names(R->getInit()))
          Other = true;  // `T *&alias = p;` may change it
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(F->getBody());
  return !Other;
}

const FunctionDecl *externalAccessor(const Expr *E) {
  const auto *C = dyn_cast<CallExpr>(E->IgnoreParenCasts());
  const FunctionDecl *F = C ? C->getDirectCallee() : nullptr;
  if (!F || C->getNumArgs() != 0 || isa<CXXMethodDecl>(F) || F->hasBody() || F->isImplicit() ||
      F->getBuiltinID() || !F->getReturnType()->isPointerType())
    return nullptr;
  const SourceManager &SM = F->getASTContext().getSourceManager();
  if (SM.isInSystemHeader(SM.getExpansionLoc(F->getLocation())))
    return nullptr;
  return F;
}

std::string returnedObjectRoot(const FunctionDecl *F) {
  return "ret:{" + AstPatterns::functionKey(F) + "}";
}

namespace {
thread_local unsigned Hops = 0;
constexpr unsigned kMaxHops = 4;
}  // namespace

PointerHop::PointerHop() { ++Hops; }
PointerHop::~PointerHop() { --Hops; }
bool PointerHop::allowed() const { return Hops <= kMaxHops; }

}  // namespace racecheck
