// Annotations.cpp: see Annotations.h.
#include "extract/Annotations.h"

#include "compat/ClangCompat.h"
#include "extract/AstPatterns.h"
#include "extract/ExprWrappers.h"

#include "clang/AST/Attr.h"
#include "clang/Basic/SourceManager.h"

#include <algorithm>
#include <functional>

using namespace clang;

namespace racecheck::annotations {
namespace {

// How a caller names a mutex an annotation on F mentions: through F's parameters, its object,
// or (a global) by its key; the same convention as the lock summaries of bodies.
MutexSym symbolFor(const FunctionDecl *F, const Expr *E) {
  MutexSym S = nameMutex(E);
  E = skipAddressOfAndDeref(E);
  if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *P = dyn_cast<ParmVarDecl>(D->getDecl());
        P && P->getFunctionScopeIndex() < F->getNumParams())
      S.Root = static_cast<int>(P->getFunctionScopeIndex());
  } else if (const auto *M = dyn_cast<MemberExpr>(E); M && isa<FieldDecl>(M->getMemberDecl())) {
    const Expr *Base = M->getBase()->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(Base)) {
      S.Root = MutexSym::kThis;
      S.Inner = "." + M->getMemberDecl()->getNameAsString();
    } else if (const auto *D = dyn_cast<DeclRefExpr>(Base)) {
      // ACQUIRE(a->mu) on `lock_account(Account *a)`: the mutex inside the argument's object.
      if (const auto *P = dyn_cast<ParmVarDecl>(D->getDecl());
          P && P->getFunctionScopeIndex() < F->getNumParams()) {
        S.Root = static_cast<int>(P->getFunctionScopeIndex());
        S.Inner = "." + M->getMemberDecl()->getNameAsString();
      }
    }
  }
  return S;
}

// ACQUIRE() with no argument on a method: the object itself is the capability.
MutexSym objectSymbol(const FunctionDecl *F) {
  MutexSym S;
  S.Root = MutexSym::kThis;
  if (const auto *M = dyn_cast<CXXMethodDecl>(F))
    S.Key = "this:" + QualType(M->getParent()->getTypeForDecl(), 0).getAsString();
  S.Name = "*this";
  return S;
}

template <typename AttrT>
void addEffects(const FunctionDecl *F, const AttrT *A, bool Acquire, bool Shared,
                LockSummary &Out) {
  bool Any = false;
  for (const Expr *Arg : A->args()) {
    Any = true;
    Out.push_back({Acquire, Shared, symbolFor(F, Arg)});
  }
  if (!Any && isa<CXXMethodDecl>(F))
    Out.push_back({Acquire, Shared, objectSymbol(F)});
}

std::string classKeyOf(const CXXRecordDecl *R) {
  std::string Key = R->getQualifiedNameAsString();
  if (!R->isExternallyVisible()) {
    const SourceManager &SM = R->getASTContext().getSourceManager();
    Key = std::string(SM.getBufferName(SM.getLocForStartOfFile(SM.getMainFileID()))) + "|" + Key;
  }
  return Key;
}

std::string plainName(const CXXRecordDecl *R) {
  std::string N = R->getQualifiedNameAsString();
  for (const char *Inline : {"__1::", "_V2::", "__cxx11::"})
    for (size_t At; (At = N.find(Inline)) != std::string::npos;)
      N.erase(At, std::string(Inline).size());
  return N;
}

bool hasMethodNamed(const CXXRecordDecl *R, llvm::StringRef A, llvm::StringRef B) {
  bool HasA = false, HasB = false;
  for (const auto *M : R->methods())
    if (M->getIdentifier()) {
      HasA = HasA || M->getName() == A;
      HasB = HasB || M->getName() == B;
    }
  return HasA && HasB;
}

}  // namespace

std::optional<LockSummary> declaredLockSummary(const FunctionDecl *F) {
  if (!F || !F->hasAttrs())
    return std::nullopt;
  LockSummary Out;
  bool Declared = false;
  for (const Attr *A : F->attrs()) {
    if (const auto *Acq = dyn_cast<AcquireCapabilityAttr>(A)) {
      Declared = true;
      addEffects(F, Acq, true, Acq->isShared(), Out);
    } else if (const auto *Rel = dyn_cast<ReleaseCapabilityAttr>(A)) {
      Declared = true;
      addEffects(F, Rel, false, Rel->isShared(), Out);
    }
  }
  if (!Declared)
    return std::nullopt;
  return Out;
}

Lockset requiredLocks(const FunctionDecl *F) {
  Lockset Out;
  if (!F)
    return Out;
  for (const auto *A : F->specific_attrs<RequiresCapabilityAttr>())
    for (const Expr *Arg : A->args()) {
      HeldLock L;
      L.Mutex = AstPatterns::mutexKey(Arg, &L.Name);
      L.Shared = A->isShared();
      if (L.Mutex != "<unknown mutex>")
        Out.push_back(L);
    }
  return Out;
}

void addRequiredLocks(const Lockset &Required, FunctionFacts &Facts) {
  if (Required.empty())
    return;
  auto Add = [&](Lockset &L) {
    for (const HeldLock &R : Required)
      if (std::none_of(L.begin(), L.end(), [&](const HeldLock &H) { return H.Mutex == R.Mutex; }))
        L.push_back(R);
  };
  for (Access &A : Facts.Accesses)
    Add(A.Locks);
  for (CallSite &C : Facts.Calls)
    Add(C.Locks);
  for (CheckThenActSite &S : Facts.CheckThenActs)
    Add(S.ActLocks);
  for (AtomicRmwSite &S : Facts.AtomicRmws)
    Add(S.Locks);
}

std::optional<LockOperation> declaredTryLock(const CallExpr *Call) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *M = MC ? MC->getMethodDecl() : nullptr;
  if (!M || !MC->getImplicitObjectArgument() || !M->hasAttrs())
    return std::nullopt;
  auto SucceedsOnTrue = [](const Expr *V) {
    const auto *B = dyn_cast_or_null<CXXBoolLiteralExpr>(V ? V->IgnoreParenImpCasts() : nullptr);
    const auto *I = dyn_cast_or_null<IntegerLiteral>(V ? V->IgnoreParenImpCasts() : nullptr);
    return (B && B->getValue()) || (I && I->getValue() != 0);
  };
  for (const Attr *A : M->attrs()) {
    bool Shared = false;
    const Expr *Success = nullptr;
    unsigned Args = 0;
    if (const auto *T = dyn_cast<TryAcquireCapabilityAttr>(A)) {
      Success = T->getSuccessValue();
      Shared = T->isShared();
      Args = T->args_size();
    } else if (const auto *E = dyn_cast<ExclusiveTrylockFunctionAttr>(A)) {
      Success = E->getSuccessValue();
      Args = E->args_size();
    } else if (const auto *S = dyn_cast<SharedTrylockFunctionAttr>(A)) {
      Success = S->getSuccessValue();
      Shared = true;
      Args = S->args_size();
    } else {
      continue;
    }
    // Only the form racecheck's try-lock branch understands: a method that locks its object
    // and returns true when it did.
    if (Args != 0 || !SucceedsOnTrue(Success))
      return std::nullopt;
    LockOperation Op;
    Op.Kind = Shared ? LockKind::TryAcquireShared : LockKind::TryAcquire;
    Op.Mutexes.push_back(MC->getImplicitObjectArgument());
    return Op;
  }
  return std::nullopt;
}

bool isMutexType(QualType T) {
  T = T.getNonReferenceType();
  while (const auto *A = T->getAsArrayTypeUnsafe())
    T = A->getElementType();
  if (const auto *TD = T->getAs<TypedefType>()) {
    llvm::StringRef N = TD->getDecl()->getName();
    if (N == "pthread_mutex_t" || N == "pthread_rwlock_t" || N == "pthread_spinlock_t" ||
        N == "mtx_t")
      return true;
  }
  const auto *R = T->getAsCXXRecordDecl();
  if (!R || !R->hasDefinition())
    return false;
  R = R->getDefinition();
  if (R->hasAttr<CapabilityAttr>())
    return true;
  std::string N = plainName(R);
  for (const char *Std : {"std::mutex", "std::recursive_mutex", "std::timed_mutex",
                          "std::recursive_timed_mutex", "std::shared_mutex",
                          "std::shared_timed_mutex"})
    if (N == Std)
      return true;
  return hasMethodNamed(R, "lock", "unlock") || hasMethodNamed(R, "Lock", "Unlock");
}

bool ownsMutex(const CXXRecordDecl *R) {
  if (!R || !R->hasDefinition())
    return false;
  R = R->getDefinition();
  for (const FieldDecl *F : R->fields())
    if (isMutexType(F->getType()))
      return true;
  for (const CXXBaseSpecifier &B : R->bases())
    if (ownsMutex(B.getType()->getAsCXXRecordDecl()))
      return true;
  return false;
}

bool hasThreadSafetyAnnotations(const CXXRecordDecl *R) {
  if (!R || !R->hasDefinition())
    return false;
  R = R->getDefinition();
  // Only fields say the class protects its own state. Methods that REQUIRE a mutex belong to
  // a class its callers synchronise (leveldb's VersionSet under DBImpl::mutex_), and methods
  // that ACQUIRE/RELEASE make the class a mutex, not a thread-safe object.
  for (const FieldDecl *F : R->fields())
    if (F->hasAttr<GuardedByAttr>() || F->hasAttr<PtGuardedByAttr>())
      return true;
  return false;
}

std::vector<GuardedField> guardedFields(const CXXRecordDecl *R) {
  std::vector<GuardedField> Out;
  if (!R || !R->hasDefinition() || R->isDependentContext())
    return Out;
  for (const FieldDecl *F : R->getDefinition()->fields())
    if (const auto *G = F->getAttr<GuardedByAttr>()) {
      GuardedField Field;
      Field.Field = AstPatterns::fieldKey(F);
      Field.Mutex = AstPatterns::mutexKey(G->getArg(), &Field.MutexName);
      Out.push_back(Field);
    }
  return Out;
}

// `void set_timeout(time_t s, time_t us) { sec_ = s; usec_ = us; }`: every statement of a method
// stores into a field of `this` a value that reads nothing of `this`; of a free function
// (`void SetApplicationFingerprint(const std::string &f) { g_fingerprint = f; }`), into a
// global a value that reads no global.
bool isSetter(const FunctionDecl *F) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(F->getBody());
  bool Method = isa<CXXMethodDecl>(F);
  if (!Body || Body->body_empty() || Body->size() > 8)
    return false;
  auto FieldOfThis = [](const Expr *E) {
    const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
    return ME && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts());
  };
  auto Global = [](const Expr *E) {
    const auto *D = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *V = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
    return V && V->hasGlobalStorage() && !V->isStaticLocal();
  };
  auto ReadsThis = [&](const Stmt *S) {
    bool Found = false;
    std::function<void(const Stmt *)> Walk = [&](const Stmt *N) {
      if (!N || Found)
        return;
      Found = Method ? isa<CXXThisExpr>(N) : isa<Expr>(N) && Global(cast<Expr>(N));
      for (const Stmt *C : N->children())
        Walk(C);
    };
    Walk(S);
    return Found;
  };
  for (const Stmt *S : Body->body()) {
    const Expr *E = dyn_cast<Expr>(S);
    if (!E)
      return false;
    E = E->IgnoreImplicit();
    const Expr *Target = nullptr, *Value = nullptr;
    if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->getOpcode() == BO_Assign) {
      Target = B->getLHS();
      Value = B->getRHS();
    } else if (const auto *O = dyn_cast<CXXOperatorCallExpr>(E);
               O && O->getOperator() == OO_Equal && O->getNumArgs() == 2) {
      Target = O->getArg(0);
      Value = O->getArg(1);
    }
    if (!Target || !(Method ? FieldOfThis(Target) : Global(Target)) || ReadsThis(Value))
      return false;
  }
  return true;
}

// A C structure's constructor or destructor, known by what it does: it initialises or destroys
// a mutex, condition variable or rwlock (`pthread_mutex_init(&p->mu, NULL)`): the object is not
// shared yet, or not any more.
static bool initialisesOrDestroysSync(const FunctionDecl *F) {
  static const char *const kNames[] = {"mutex_init",    "mutex_destroy", "cond_init",
                                       "cond_destroy",  "rwlock_init",   "rwlock_destroy"};
  bool Found = false;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || Found)
      return;
    if (const auto *C = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *Callee = C->getDirectCallee(); Callee && Callee->getIdentifier())
        for (const char *N : kNames)
          Found = Found || Callee->getName().contains(N);
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(F->getBody());
  return Found;
}

// C has no classes, but an API of functions whose first parameter points to one structure
// (`pool_add(pool_t *p, ...)`, `queue_pop(queue_t *q)`) is one. When that structure owns a
// mutex it is meant to be shared between threads, as a C++ class that owns one is.
static void describeStructMethod(const FunctionDecl *F, FunctionFacts &Facts) {
  if (F->getASTContext().getLangOpts().CPlusPlus || !F->isExternallyVisible() || F->isMain() ||
      F->getNumParams() == 0)
    return;
  QualType T = F->getParamDecl(0)->getType();
  const auto *P = T->getAs<PointerType>();
  const RecordDecl *R = P ? P->getPointeeType()->getAsRecordDecl() : nullptr;
  if (!R || !R->getDefinition())
    return;
  R = R->getDefinition();
  bool OwnsMutex = false;
  for (const FieldDecl *Field : R->fields())
    OwnsMutex = OwnsMutex || isMutexType(Field->getType());
  if (!OwnsMutex)
    return;
  // The owner part of its fields' keys ("pool_s" of "pool_s::tail"), so that it matches them.
  std::string FieldKey = AstPatterns::fieldKey(*R->field_begin());
  Facts.ClassKey = FieldKey.substr(0, FieldKey.rfind("::"));
  Facts.ClassName = Facts.ClassKey.substr(Facts.ClassKey.find('|') + 1);
  Facts.ClassThreadSafe = true;
  Facts.CtorOrDtor = initialisesOrDestroysSync(F);
  Facts.PublicMethod = !Facts.CtorOrDtor;
  Facts.ObjectParam = 0;
}

void describeApi(const FunctionDecl *F, const Config &Cfg, FunctionFacts &Facts) {
  const auto *M = dyn_cast<CXXMethodDecl>(F);
  const CXXRecordDecl *Class = M ? M->getParent() : nullptr;
  if (Class && Class->isLambda()) {
    Facts.IsLambda = true;
    // A lambda in a method works on that method's object (when it captures `this`).
    const auto *Outer = dyn_cast<CXXMethodDecl>(Class->getDeclContext());
    Class = Outer ? Outer->getParent() : nullptr;
    M = nullptr;
  }
  if (Class) {
    Facts.ClassKey = classKeyOf(Class);
    Facts.ClassName = Class->getQualifiedNameAsString();
    // A mutex wrapper (`port::Mutex` with Lock()/Unlock()) owns a mutex but is not an object
    // whose methods clients race on.
    bool IsMutex = hasMethodNamed(Class, "lock", "unlock") ||
                   hasMethodNamed(Class, "Lock", "Unlock") || Class->hasAttr<CapabilityAttr>();
    Facts.ClassThreadSafe = !IsMutex && (ownsMutex(Class) || hasThreadSafetyAnnotations(Class));
  }
  if (M) {
    Facts.CtorOrDtor = isa<CXXConstructorDecl>(M) || isa<CXXDestructorDecl>(M);
    Facts.PublicMethod = M->getAccess() == AS_public && !M->isStatic() && !Facts.CtorOrDtor &&
                         !M->isOverloadedOperator() && !isa<CXXConversionDecl>(M) &&
                         !M->isImplicit();
    Facts.Setter = Facts.PublicMethod && isSetter(M);
  }
  Facts.Internal = !F->isExternallyVisible();
  describeStructMethod(F, Facts);
  if (Facts.IsLambda || Facts.CtorOrDtor || F->isMain())
    return;
  Facts.ObjectlessApi = F->isExternallyVisible() &&
                        (!M || (M->isStatic() && M->getAccess() == AS_public &&
                                Class->isExternallyVisible()));
  if (Facts.ObjectlessApi && !M)
    Facts.Setter = isSetter(F);
  for (const std::string &Pattern : Cfg.EntryPoints)
    Facts.ConfiguredEntry = Facts.ConfiguredEntry || matchesNamePattern(Pattern, Facts.Name);
  if (Cfg.Library) {
    bool Visible = F->isExternallyVisible() &&
                   (M ? Facts.PublicMethod && Class->isExternallyVisible() : true);
    if (M && M->isStatic() && M->getAccess() == AS_public && Class->isExternallyVisible())
      Visible = true;
    Facts.ConfiguredEntry = Facts.ConfiguredEntry || Visible;
  }
}

}  // namespace racecheck::annotations
