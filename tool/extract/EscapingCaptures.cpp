// EscapingCaptures.cpp: see EscapingCaptures.h.
#include "extract/EscapingCaptures.h"

#include "extract/AstPatterns.h"
#include "extract/ExprWrappers.h"
#include "extract/SourcePositions.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"

#include <functional>
#include <map>
#include <optional>
#include <vector>

using namespace clang;

namespace racecheck {
namespace {

void forEachStmt(const Stmt *S, const std::function<void(const Stmt *)> &Visit) {
  if (!S)
    return;
  Visit(S);
  if (isa<LambdaExpr>(S))
    return;  // a lambda's body is a function of its own
  for (const Stmt *Child : S->children())
    forEachStmt(Child, Visit);
}

const Expr *strip(const Expr *E) {
  return skipWrappers(E, kTemporaries | kCopies | kFunctionalCasts);
}

// A local that dies with F's scope: not static, not a reference (which names something else).
const VarDecl *dyingLocal(const ValueDecl *D) {
  const auto *V = dyn_cast_or_null<VarDecl>(D);
  if (!V || !V->hasLocalStorage() || V->getType()->isReferenceType())
    return nullptr;
  return V;
}

// The locals a callable argument holds by reference: a lambda's by-reference captures (the
// lambda written in place or a local variable initialised with one), `std::ref(x)`, `&x`.
std::vector<std::pair<const VarDecl *, const Expr *>> byReference(const Expr *Arg) {
  std::vector<std::pair<const VarDecl *, const Expr *>> Out;
  const Expr *E = strip(Arg);
  if (const auto *D = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(D->getDecl()); V && V->getInit())
      if (const auto *L = dyn_cast<LambdaExpr>(strip(V->getInit())))
        E = L;
  if (const auto *L = dyn_cast<LambdaExpr>(E)) {
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
        if (const VarDecl *V = dyingLocal(C.getCapturedVar()))
          Out.push_back({V, L});
    return Out;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    if (const auto *D = dyn_cast<DeclRefExpr>(U->getSubExpr()->IgnoreParenImpCasts()))
      if (const VarDecl *V = dyingLocal(D->getDecl()))
        Out.push_back({V, U});
  if (const auto *C = dyn_cast<CallExpr>(E); C && C->getNumArgs() == 1)
    if (const FunctionDecl *Callee = C->getDirectCallee();
        Callee && Callee->getIdentifier() && Callee->getName() == "ref" && Callee->isInStdNamespace())
      if (const auto *D = dyn_cast<DeclRefExpr>(C->getArg(0)->IgnoreParenImpCasts()))
        if (const VarDecl *V = dyingLocal(D->getDecl()))
          Out.push_back({V, C});
  return Out;
}

const VarDecl *variableOf(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenImpCasts();
  const auto *D = dyn_cast<DeclRefExpr>(E);
  return D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
}

bool isMethodCall(const Stmt *S, llvm::StringRef Name, const Expr **Object) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
  if (!MC || !MC->getMethodDecl() || !MC->getMethodDecl()->getIdentifier() ||
      MC->getMethodDecl()->getName() != Name)
    return false;
  *Object = MC->getImplicitObjectArgument();
  return *Object != nullptr;
}

bool isCallTo(const Stmt *S, llvm::StringRef Name) {
  const auto *C = dyn_cast<CallExpr>(S);
  const FunctionDecl *F = C ? C->getDirectCallee() : nullptr;
  return F && F->getIdentifier() && F->getName() == Name;
}

class Finder {
public:
  Finder(const FunctionDecl *F, ASTContext &Ctx, FunctionFacts &Out)
      : Body(F->getBody()), Parents(const_cast<Stmt *>(F->getBody())), Pos(Ctx.getSourceManager()),
        Out(Out) {}

  void run() {
    forEachStmt(Body, [&](const Stmt *S) {
      const Expr *Object = nullptr;
      if (isMethodCall(S, "detach", &Object)) {
        if (const VarDecl *V = variableOf(Object))
          DetachedVars.emplace(V, Object->getBeginLoc());
      } else if (isCallTo(S, "pthread_detach") && cast<CallExpr>(S)->getNumArgs() == 1) {
        if (const VarDecl *V = variableOf(cast<CallExpr>(S)->getArg(0)))
          DetachedVars.emplace(V, S->getBeginLoc());
      }
    });
    forEachStmt(Body, [&](const Stmt *S) {
      if (const auto *C = dyn_cast<CXXConstructExpr>(S);
          C && AstPatterns::isThreadType(C->getType()) && C->getNumArgs() > 0 &&
          !C->getConstructor()->isCopyOrMoveConstructor())
        threadStart(C);
      else if (isCallTo(S, "pthread_create") && cast<CallExpr>(S)->getNumArgs() == 4)
        pthreadStart(cast<CallExpr>(S));
    });
  }

private:
  // Where the thread constructed by C is detached: the temporary itself, or the variable it
  // initialises or is assigned to.
  std::optional<SourceLocation> detachedAt(const Expr *C) {
    const Stmt *Child = C;
    for (const Stmt *P = Parents.getParent(C); P; Child = P, P = Parents.getParent(P)) {
      if (isa<MaterializeTemporaryExpr>(P) || isa<CXXBindTemporaryExpr>(P) ||
          isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P) || isa<ExprWithCleanups>(P) ||
          isa<CXXFunctionalCastExpr>(P))
        continue;
      if (const auto *M = dyn_cast<MemberExpr>(P)) {
        const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(Parents.getParent(M));
        if (MC && MC->getMethodDecl() && MC->getMethodDecl()->getIdentifier() &&
            MC->getMethodDecl()->getName() == "detach")
          return MC->getExprLoc();
        return std::nullopt;
      }
      if (const auto *D = dyn_cast<DeclStmt>(P)) {
        for (const Decl *Dc : D->decls())
          if (const auto *V = dyn_cast<VarDecl>(Dc))
            if (auto It = DetachedVars.find(V); It != DetachedVars.end())
              return It->second;
        return std::nullopt;
      }
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P);
          Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
        if (const VarDecl *V = variableOf(Op->getArg(0)))
          if (auto It = DetachedVars.find(V); It != DetachedVars.end())
            return It->second;
        return std::nullopt;
      }
      return std::nullopt;
    }
    return std::nullopt;
  }

  void threadStart(const CXXConstructExpr *C) {
    auto Detached = detachedAt(C);
    if (!Detached)
      return;
    std::string Api = AstPatterns::isThreadType(C->getType()) &&
                              C->getType().getAsString().find("jthread") != std::string::npos
                          ? "std::jthread"
                          : "std::thread";
    for (const Expr *Arg : C->arguments())
      for (const auto &[V, Use] : byReference(Arg))
        add(V, Use, C->getBeginLoc(), Api, *Detached);
  }

  void pthreadStart(const CallExpr *C) {
    const VarDecl *Handle = variableOf(C->getArg(0));
    auto It = Handle ? DetachedVars.find(Handle) : DetachedVars.end();
    if (It == DetachedVars.end())
      return;
    for (const auto &[V, Use] : byReference(C->getArg(3)))
      add(V, Use, C->getBeginLoc(), "pthread_create", It->second);
  }

  void add(const VarDecl *V, const Expr *Use, SourceLocation Start, const std::string &Api,
           SourceLocation Detach) {
    Out.EscapingCaptures.push_back({V->getNameAsString(), Pos(Use->getBeginLoc()),
                                    Pos(V->getLocation()), Pos(Start), Api, Pos(Detach)});
  }

  const Stmt *Body;
  ParentMap Parents;
  SourcePositions Pos;
  FunctionFacts &Out;
  std::map<const VarDecl *, SourceLocation> DetachedVars;
};

}  // namespace

void findEscapingCaptures(const FunctionDecl *F, ASTContext &Ctx, FunctionFacts &Out) {
  if (F->getBody())
    Finder(F, Ctx, Out).run();
}

}  // namespace racecheck
