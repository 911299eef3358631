// FreshObjects.cpp: see FreshObjects.h.
#include "extract/FreshObjects.h"

#include "extract/AstPatterns.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"

#include <functional>

using namespace clang;

namespace racecheck::fresh {

bool askExternal(const FunctionDecl *F);

namespace {

// How many functions deep racecheck looks for the malloc behind a project's allocator, and for
// what a callee does with a pointer it is handed.
constexpr unsigned kMaxDepth = 3;

thread_local const ExternalAllocators *Current = nullptr;

bool allocatesAt(const Expr *E, unsigned Depth);

bool mentions(const Stmt *S, const VarDecl *V) {
  if (!S)
    return false;
  if (const auto *D = dyn_cast<DeclRefExpr>(S); D && D->getDecl() == V)
    return true;
  for (const Stmt *Child : S->children())
    if (mentions(Child, V))
      return true;
  return false;
}

bool refersTo(const Expr *E, const VarDecl *V) {
  const auto *D = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
  return D && D->getDecl() == V;
}

// A value that carries no address: what V points to is read, not handed on (`f(p->count)`).
bool plainValue(const Expr *E) {
  QualType T = E->getType();
  return T->isIntegralOrEnumerationType() || T->isRealFloatingType();
}

bool parameterEscapes(const FunctionDecl *F, unsigned Index, unsigned Depth);

// True when something besides V's function may hold the pointer V holds once the function has
// returned (or while it runs on another thread): V is stored into memory or another pointer,
// captured by a lambda, or passed to a call that may keep it. Builtins (memset, memcpy, free)
// keep nothing; a callee racecheck sees keeps its argument only if that parameter escapes in
// turn; any other callee may keep it. `return V` is not counted: that is the caller's business.
bool handedAway(const VarDecl *V, const Stmt *Body, unsigned Depth) {
  bool Found = false;
  auto Argument = [&](const Expr *Arg, const FunctionDecl *Callee, unsigned Index) {
    if (!mentions(Arg, V) || plainValue(Arg))
      return false;
    if (!refersTo(Arg, V) || !Callee)
      return true;
    if (Callee->getBuiltinID() != 0)
      return false;
    const FunctionDecl *Def = Callee->getDefinition();
    if (!Def || !Def->hasBody() || Index >= Def->getNumParams() || Depth >= kMaxDepth)
      return true;
    return parameterEscapes(Def, Index, Depth + 1);
  };
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Found)
      return;
    if (const auto *C = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = C->getDirectCallee();
      // An operator method's object (`c->mem = mem`, a struct's copy assignment in C++) is
      // worked on, not handed on, as a member call's object is.
      unsigned First = isa<CXXOperatorCallExpr>(C) && isa_and_nonnull<CXXMethodDecl>(Callee);
      for (unsigned I = First; I < C->getNumArgs() && !Found; ++I)
        Found = Argument(C->getArg(I), Callee, I - First);
    } else if (const auto *C = dyn_cast<CXXConstructExpr>(S)) {
      // `std::thread t(run, p)`, a wrapper object holding p: racecheck does not follow it.
      for (const Expr *Arg : C->arguments())
        Found = Found || (mentions(Arg, V) && !plainValue(Arg));
    } else if (const auto *B = dyn_cast<BinaryOperator>(S); B && B->isAssignmentOp()) {
      Found = mentions(B->getRHS(), V) && !plainValue(B->getRHS());
    } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D); Var && Var != V && Var->getInit())
          Found = Found || (mentions(Var->getInit(), V) && !plainValue(Var->getInit()));
    } else if (const auto *L = dyn_cast<LambdaExpr>(S)) {
      for (const LambdaCapture &Capture : L->captures())
        Found = Found || (Capture.capturesVariable() && Capture.getCapturedVar() == V);
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Body);
  return Found;
}

// F's parameter Index may outlive the call: handed away as above, or returned.
bool parameterEscapes(const FunctionDecl *F, unsigned Index, unsigned Depth) {
  const ParmVarDecl *P = F->getParamDecl(Index);
  if (handedAway(P, F->getBody(), Depth))
    return true;
  bool Returned = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Returned)
      return;
    if (const auto *R = dyn_cast<ReturnStmt>(S); R && R->getRetValue())
      Returned = mentions(R->getRetValue(), P) && !plainValue(R->getRetValue());
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(F->getBody());
  return Returned;
}

const Stmt *bodyOf(const VarDecl *V) {
  const auto *F = dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod());
  return F ? F->getBody() : nullptr;
}

// The one value V is given after a declaration without one (or with a null one): the
// right-hand side of its only assignment, or null when there is none, several, or V's address
// is taken or it is incremented.
const Expr *onlyAssignment(const VarDecl *V) {
  const Stmt *Body = bodyOf(V);
  if (!Body || !V->hasLocalStorage() || !V->getType()->isPointerType())
    return nullptr;
  if (const Expr *Init = V->getInit();
      Init && !Init->isNullPointerConstant(V->getASTContext(), Expr::NPC_ValueDependentIsNotNull))
    return nullptr;
  const Expr *Value = nullptr;
  unsigned Assignments = 0;
  bool Disqualified = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Disqualified)
      return;
    if (const auto *B = dyn_cast<BinaryOperator>(S); B && B->isAssignmentOp() &&
                                                     refersTo(B->getLHS(), V)) {
      ++Assignments;
      Value = B->getRHS();
      Disqualified = B->getOpcode() != BO_Assign;
    } else if (const auto *U = dyn_cast<UnaryOperator>(S);
               U && (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf) &&
               refersTo(U->getSubExpr(), V)) {
      Disqualified = true;
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Body);
  return !Disqualified && Assignments == 1 ? Value : nullptr;
}

// V (a local) holds fresh memory, found at Depth wrappers down. Inside a wrapper (Depth > 0)
// the local must also be the only holder: a `pool_create` that starts a thread on the pool it
// returns returns no fresh object.
bool localAllocates(const VarDecl *V, unsigned Depth) {
  if (!V->hasLocalStorage())
    return false;
  const Expr *Value = nullptr;
  if (V->getInit() && !reassigned(V))
    Value = V->getInit();
  else
    Value = onlyAssignment(V);
  if (!Value || !allocatesAt(Value, Depth))
    return false;
  return Depth == 0 || !handedAway(V, bodyOf(V), Depth);
}

// Some `return` of Def returns fresh memory, Def being Depth wrappers down.
bool returnsFresh(const FunctionDecl *Def, unsigned Depth) {
  bool Found = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Found)
      return;
    if (const auto *R = dyn_cast<ReturnStmt>(S); R && R->getRetValue())
      Found = allocatesAt(R->getRetValue(), Depth + 1);
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Def->getBody());
  return Found;
}

bool allocatorCall(const CallExpr *C, unsigned Depth) {
  const FunctionDecl *F = C->getDirectCallee();
  if (!F || !F->getIdentifier())
    return false;
  llvm::StringRef N = F->getName();
  if (N == "malloc" || N == "calloc" || N == "aligned_alloc")
    return true;
  const FunctionDecl *Def = F->getDefinition();
  if (!Def || !Def->getBody())
    return askExternal(F);
  if (Depth >= kMaxDepth || !Def->getReturnType()->isPointerType())
    return false;
  return returnsFresh(Def, Depth);
}

bool allocatesAt(const Expr *E, unsigned Depth) {
  E = E->IgnoreParenCasts();
  if (isa<CXXNewExpr>(E))
    return true;
  // `void *p = malloc(n); if (!p) abort(); return p;` inside a wrapper.
  if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(D->getDecl());
    return V && Depth > 0 && localAllocates(V, Depth);
  }
  const auto *C = dyn_cast<CallExpr>(E);
  return C && allocatorCall(C, Depth);
}

}  // namespace

bool askExternal(const FunctionDecl *F) { return Current && Current->Ask(F); }

ExternalAllocators::ExternalAllocators(std::function<bool(const FunctionDecl *)> Ask)
    : Ask(std::move(Ask)), Outer(Current) {
  Current = this;
}

ExternalAllocators::~ExternalAllocators() { Current = Outer; }

bool isAllocator(const FunctionDecl *F) {
  return F->getBody() && F->getReturnType()->isPointerType() && returnsFresh(F, 0);
}

bool allocates(const Expr *E) { return allocatesAt(E, 0); }

bool holdsAllocation(const VarDecl *V) {
  if (!V->hasLocalStorage())
    return false;
  if (V->getInit() && allocatesAt(V->getInit(), 0))
    return true;
  const Expr *Value = onlyAssignment(V);
  return Value && allocatesAt(Value, 0);
}

bool reassigned(const VarDecl *V) {
  const Stmt *Body = bodyOf(V);
  if (!Body)
    return true;
  bool Found = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Found)
      return;
    if (const DeclRefExpr *D = AstPatterns::nameWrittenOrAddressed(S))
      Found = D->getDecl() == V;
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Body);
  return Found;
}

}  // namespace racecheck::fresh
