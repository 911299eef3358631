// AstPatterns.cpp: see AstPatterns.h.
#include "extract/AstPatterns.h"

#include "compat/ClangCompat.h"
#include "extract/Annotations.h"
#include "extract/ExprWrappers.h"
#include "extract/FreshObjects.h"
#include "extract/PointerSources.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <functional>
#include <array>
#include <string_view>

using namespace clang;

namespace racecheck {
namespace {

// A qualified name without inline namespaces, so libstdc++'s `std::_V2::condition_variable_any`
// and libc++'s `std::__1::mutex` read as the standard spells them.
// An anonymous struct is named by its typedef (`typedef struct {...} lzma_outbuf;`), else by
// its place: two anonymous structs with a field of one name are two kinds of memory.
std::string recordLabel(const RecordDecl *R) {
  if (R->getIdentifier())
    return R->getNameAsString();
  if (const auto *TD = R->getTypedefNameForAnonDecl())
    return TD->getNameAsString();
  const SourceManager &SM = R->getASTContext().getSourceManager();
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(R->getLocation()));
  return P.isValid() ? "(anonymous at " + std::string(llvm::sys::path::filename(P.getFilename())) +
                           ":" + std::to_string(P.getLine()) + ")"
                     : "(anonymous)";
}

std::string plainQualifiedName(const NamedDecl *D) {
  std::string Result = D->getNameAsString();
  for (const DeclContext *C = D->getDeclContext(); C; C = C->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(C)) {
      if (!NS->isInline())
        Result = NS->getNameAsString() + "::" + Result;
    } else if (const auto *R = dyn_cast<RecordDecl>(C)) {
      Result = recordLabel(R) + "::" + Result;
    }
  }
  return Result;
}

// Internal-linkage entities (statics, anonymous namespaces, lambdas, templates instantiated
// with them) are distinct in every translation unit even when their names agree, so their keys
// carry the unit's main file; externally visible ones keep a name shared by every unit.
std::string unitPrefix(const Decl *D) {
  const SourceManager &SM = D->getASTContext().getSourceManager();
  return std::string(SM.getBufferName(SM.getLocForStartOfFile(SM.getMainFileID()))) + "|";
}

std::string presumedPlace(const Decl *D) {
  const SourceManager &SM = D->getASTContext().getSourceManager();
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(D->getLocation()));
  return P.isValid() ? std::string(P.getFilename()) + ":" + std::to_string(P.getLine()) + ":" +
                           std::to_string(P.getColumn())
                     : "?";
}

// A field or static member: shared by name unless its class is private to this unit.
std::string memberKey(const NamedDecl *M) {
  std::string Key = plainQualifiedName(M);
  if (const auto *R = dyn_cast<RecordDecl>(M->getDeclContext()); R && !R->isExternallyVisible())
    return unitPrefix(M) + Key;
  return Key;
}

std::string recordName(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *P = T->getAs<PointerType>())
    T = P->getPointeeType();
  if (const auto *TD = T->getAs<TypedefType>())
    if (compat::startsWith(TD->getDecl()->getName(), "pthread_"))
      return TD->getDecl()->getNameAsString();
  if (const auto *R = T->getAsRecordDecl()) {
    if (!R->getIdentifier())
      if (const auto *TD = R->getTypedefNameForAnonDecl())
        return TD->getNameAsString();
    return plainQualifiedName(R);
  }
  return "";
}

template <size_t N>
bool oneOf(const std::string &S, const std::array<std::string_view, N> &Names) {
  return std::find(Names.begin(), Names.end(), S) != Names.end();
}

const std::array<std::string_view, 27> kSyncTypes = {
    "std::mutex", "std::recursive_mutex", "std::timed_mutex", "std::recursive_timed_mutex",
    "std::shared_mutex", "std::shared_timed_mutex", "std::condition_variable",
    "std::condition_variable_any", "std::once_flag", "std::latch", "std::barrier",
    "std::counting_semaphore", "std::binary_semaphore", "std::stop_source", "std::stop_token",
    "std::promise", "std::future", "std::shared_future", "std::packaged_task",
    "pthread_mutex_t", "pthread_rwlock_t", "pthread_cond_t", "pthread_t", "pthread_once_t",
    "pthread_spinlock_t", "pthread_barrier_t", "std::atomic_flag"};

bool hasMethod(const CXXRecordDecl *R, llvm::StringRef Name) {
  if (!R || !R->hasDefinition())
    return false;
  for (const auto *M : R->getDefinition()->methods())
    if (M->getIdentifier() && M->getName() == Name)
      return true;
  return false;
}

// BasicLockable: anything with lock() and unlock(), so user spinlocks count as mutexes.
bool isLockable(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *P = T->getAs<PointerType>())
    T = P->getPointeeType();
  const auto *R = T->getAsCXXRecordDecl();
  return hasMethod(R, "lock") && hasMethod(R, "unlock");
}

const Expr *stripWrappers(const Expr *E) {
  return skipWrappers(E, kTemporaries | kCleanups | kFunctionalCasts);
}

std::string calleeName(const CallExpr *Call) {
  if (const auto *F = Call->getDirectCallee())
    return plainQualifiedName(F);
  return "";
}

}  // namespace

bool AstPatterns::isAtomicType(QualType T) {
  T = T.getNonReferenceType();
  if (T->isAtomicType())
    return true;
  std::string Name = recordName(T);
  return compat::startsWith(Name, "std::atomic") || compat::startsWith(Name, "std::__atomic");
}

bool AstPatterns::isThreadType(QualType T) {
  std::string Name = recordName(T);
  return Name == "std::thread" || Name == "std::jthread";
}

bool AstPatterns::isGuardType(QualType T) {
  std::string Name = recordName(T);
  return Name == "std::lock_guard" || Name == "std::scoped_lock" ||
         Name == "std::unique_lock" || Name == "std::shared_lock";
}

bool AstPatterns::isThreadSafeType(QualType T) const {
  std::string Name = recordName(T);
  if (Name.empty())
    return false;
  if (oneOf(Name, kSyncTypes) || isThreadType(T) || isGuardType(T) || isAtomicType(T) ||
      isLockable(T) || annotations::isMutexType(T))
    return true;
  for (const auto &Pattern : Cfg.ThreadSafeTypes)
    if (matchesNamePattern(Pattern, Name))
      return true;
  return false;
}

std::string AstPatterns::functionKey(const Decl *D) {
  D = D->getCanonicalDecl();
  llvm::SmallString<128> Usr;
  std::string Key;
  if (!index::generateUSRForDecl(D, Usr))
    Key = std::string(Usr.str());
  else if (const auto *N = dyn_cast<NamedDecl>(D))
    Key = plainQualifiedName(N);
  // Every lambda of one function shares a USR ("@Sa@F@operator()"): its place tells them apart.
  if (const auto *M = dyn_cast<CXXMethodDecl>(D); M && M->getParent()->isLambda())
    Key += "@" + presumedPlace(M->getParent());
  // A USR names an internal function by its file's base name only, which two units can share.
  if (const auto *N = dyn_cast<NamedDecl>(D); N && !N->isExternallyVisible())
    Key = unitPrefix(D) + Key;
  return Key;
}

std::string AstPatterns::fieldKey(const NamedDecl *Field) { return memberKey(Field); }

std::string AstPatterns::varKey(const VarDecl *V) {
  if (V->hasGlobalStorage() && !V->isStaticLocal() && V->isExternallyVisible())
    return memberKey(V);
  // Locals and internal-linkage globals are unique to their declaration (and, for globals, to
  // their unit: a static in a header is one object per unit that includes it).
  std::string Key = "local:" + presumedPlace(V) + ":" + V->getNameAsString();
  return V->hasGlobalStorage() && !V->isStaticLocal() ? unitPrefix(V) + Key : Key;
}

namespace {

bool ignorableType(const AstPatterns &P, QualType T) {
  T = T.getNonReferenceType();
  return T.isConstQualified() || T->isFunctionType() || P.isThreadSafeType(T);
}

int parameterIndex(const VarDecl *V) {
  if (const auto *Parm = dyn_cast<ParmVarDecl>(V))
    return static_cast<int>(Parm->getFunctionScopeIndex());
  return -1;
}

// A local pointer that only copies a parameter (`Account *a = (Account *)arg;`).
int parameterBehind(const VarDecl *V) {
  if (int I = parameterIndex(V); I >= 0)
    return I;
  if (!V->hasLocalStorage() || !V->getInit())
    return -1;
  if (const auto *D = dyn_cast<DeclRefExpr>(V->getInit()->IgnoreParenCasts()))
    if (const auto *Src = dyn_cast<VarDecl>(D->getDecl()))
      return parameterIndex(Src);
  return -1;
}

bool allocatedHere(const VarDecl *V) {
  return V->hasLocalStorage() && V->getInit() &&
         isa<CXXNewExpr>(V->getInit()->IgnoreParenImpCasts());
}

}  // namespace

// True when R (a structure) owns a mutex: its objects are meant to be shared between threads.
static bool ownsAMutex(const RecordDecl *R) {
  if (!R || !R->getDefinition())
    return false;
  for (const FieldDecl *F : R->getDefinition()->fields())
    if (annotations::isMutexType(F->getType()))
      return true;
  return false;
}

// An array whose elements threads share by design, whatever index each thread computes: its
// elements own a mutex (`jobs[i].job_mutex`), or it is a field of a structure that does (a
// pool's `queue[tail]` beside the pool's mutex).
static bool sharedByDesign(const ArraySubscriptExpr *A) {
  if (ownsAMutex(A->getType()->getAsRecordDecl()))
    return true;
  const auto *M = dyn_cast<MemberExpr>(A->getBase()->IgnoreParenImpCasts());
  const auto *F = M ? dyn_cast<FieldDecl>(M->getMemberDecl()) : nullptr;
  return F && ownsAMutex(F->getParent());
}

// An index made of constants and shared variables only: `slots[round]`, `hist[kBins - 1]`.
static bool sameIndexInEveryThread(const Expr *Index, const std::vector<const VarDecl *> &Escaping) {
  bool Same = true;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || !Same)
      return;
    if (isa<CallExpr>(S) || isa<LambdaExpr>(S)) {
      Same = false;  // what a call returns may differ per thread
      return;
    }
    if (const auto *D = dyn_cast<DeclRefExpr>(S)) {
      if (const auto *V = dyn_cast<VarDecl>(D->getDecl())) {
        bool Shared = (V->hasGlobalStorage() && V->getTLSKind() == VarDecl::TLS_None) ||
                      std::find(Escaping.begin(), Escaping.end(), V) != Escaping.end();
        Same = Shared;
      }
      return;
    }
    if (const auto *M = dyn_cast<MemberExpr>(S);
        M && !isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts()) &&
        !isa<VarDecl>(M->getMemberDecl())) {
      Walk(M->getBase());  // a field of a local is the thread's own; of a global, shared
      return;
    }
    for (const Stmt *Child : S->children())
      Walk(Child);
  };
  Walk(Index);
  return Same;
}

bool AstPatterns::escapedAllocation(const VarDecl *V) {
  return V->hasLocalStorage() && V->getType()->isPointerType() && !fresh::reassigned(V) &&
         fresh::holdsAllocation(V);
}

std::string AstPatterns::allocationKey(const VarDecl *V) { return "alloc:" + varKey(V); }

std::optional<MemoryRef>
AstPatterns::sharedMemory(const Expr *E, const std::vector<const VarDecl *> &Escaping) const {
  E = E->IgnoreParenImpCasts();
  if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(D->getDecl());
    if (!V || ignorableType(*this, V->getType()) || V->getTLSKind() != VarDecl::TLS_None)
      return std::nullopt;
    if (V->hasGlobalStorage()) {
      const SourceManager &SM = V->getASTContext().getSourceManager();
      if (SM.isInSystemHeader(V->getLocation()))
        return std::nullopt;
      return MemoryRef{varKey(V), V->getNameAsString(), false, nullptr, -1};
    }
    if (std::find(Escaping.begin(), Escaping.end(), V) != Escaping.end() &&
        !(V->getType()->isPointerType() && escapedAllocation(V)))
      return MemoryRef{varKey(V), V->getNameAsString(), false, V, -1};
    if (V->getType()->isReferenceType()) {
      if (int I = parameterIndex(V); I >= 0)
        return MemoryRef{"param#" + std::to_string(I), V->getNameAsString(), false, nullptr, I};
      // A local reference (`auto &&__range = log_lines;` of a range-for) names its initialiser.
      if (V->hasLocalStorage() && V->getInit() && V->getInit()->isGLValue())
        return sharedMemory(V->getInit(), Escaping);
    }
    return std::nullopt;
  }
  if (const auto *M = dyn_cast<MemberExpr>(E)) {
    if (const auto *Static = dyn_cast<VarDecl>(M->getMemberDecl())) {
      if (ignorableType(*this, Static->getType()) || Static->getTLSKind() != VarDecl::TLS_None)
        return std::nullopt;
      return MemoryRef{varKey(Static), Static->getNameAsString(), false, nullptr, -1};
    }
    const auto *F = dyn_cast<FieldDecl>(M->getMemberDecl());
    if (!F || ignorableType(*this, F->getType()))
      return std::nullopt;
    std::string Key = memberKey(F);
    const Expr *Base = M->getBase()->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(Base))
      return MemoryRef{Key, F->getNameAsString(), true, nullptr, -1};
    if (const auto *BD = dyn_cast<DeclRefExpr>(Base)) {
      const auto *BV = dyn_cast<VarDecl>(BD->getDecl());
      bool Indirect = M->isArrow() || (BV && BV->getType()->isReferenceType());
      if (BV && Indirect) {
        if (allocatedHere(BV))
          return std::nullopt;
        return MemoryRef{Key, F->getNameAsString(), false, nullptr, parameterBehind(BV)};
      }
    }
    if (M->isArrow())
      return MemoryRef{Key, F->getNameAsString(), false, nullptr, -1};
    if (auto Outer = sharedMemory(Base, Escaping))
      return MemoryRef{Key, F->getNameAsString(), Outer->ViaThis, Outer->Local, Outer->Param};
    return std::nullopt;
  }
  if (const auto *A = dyn_cast<ArraySubscriptExpr>(E)) {
    // Distinct threads usually write distinct slots (`per_thread[id] += 1`): the element is
    // taken as the same memory only when every thread computes the same index, i.e. the index
    // reads nothing of the thread's own (no local, parameter or call), or when the array is
    // shared by design (its elements, or the structure holding it, own a mutex).
    if (!sameIndexInEveryThread(A->getIdx(), Escaping) && !sharedByDesign(A))
      return std::nullopt;
    auto Base = sharedMemory(A->getBase(), Escaping);
    // Through a pointer (`p->items[i]`, `buf[0]` for `int *buf`), the element is what the
    // pointer points to, not the pointer: keyed as `*buf` is, apart from reads of the pointer.
    if (Base && !A->getBase()->IgnoreParenImpCasts()->getType()->isArrayType() &&
        Base->Key.rfind('*', 0) != 0) {
      Base->Key = "*" + Base->Key;
      Base->Name = Base->Name + "[]";
    }
    return Base;
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E)) {
    if (U->getOpcode() != UO_Deref)
      return std::nullopt;
    if (const FunctionDecl *F = externalAccessor(U->getSubExpr()))  // `*getS() = s;`
      return MemoryRef{"*" + returnedObjectRoot(F), "*" + F->getNameAsString() + "()", false,
                       nullptr, -1};
    const auto *D = dyn_cast<DeclRefExpr>(U->getSubExpr()->IgnoreParenImpCasts());
    const auto *V = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
    if (!V || ignorableType(*this, V->getType()->getPointeeType()))
      return std::nullopt;
    if (V->hasGlobalStorage())
      return MemoryRef{"*" + varKey(V), "*" + V->getNameAsString(), false, nullptr, -1};
    if (int I = parameterBehind(V); I >= 0)
      return MemoryRef{"param#" + std::to_string(I), "*" + V->getNameAsString(), false, nullptr,
                       I};
    // A local pointer whose every value names one shared object (`int *p = &counter;`,
    // `d = &s->datum;`, `z = y;` for a global pointer y, `d = get_s();`): that object.
    if (auto Target = pointedMemory(V, Escaping))
      return Target;
    // A fresh allocation whose pointer was handed to a thread (escapedAllocation): from then
    // on, the object that thread's parameter points to.
    if (std::find(Escaping.begin(), Escaping.end(), V) != Escaping.end() &&
        escapedAllocation(V))
      return MemoryRef{allocationKey(V), "*" + V->getNameAsString(), false, V, -1};
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<MemoryRef>
AstPatterns::pointedMemory(const VarDecl *V, const std::vector<const VarDecl *> &Escaping) const {
  std::vector<const Expr *> Values;
  PointerHop Hop;
  if (!Hop.allowed() || !assignedValues(V, Values) || Values.empty())
    return std::nullopt;
  std::optional<MemoryRef> Target;
  for (const Expr *Value : Values) {
    const Expr *E = Value->IgnoreParenCasts();
    std::optional<MemoryRef> M;
    if (const auto *A = dyn_cast<UnaryOperator>(E); A && A->getOpcode() == UO_AddrOf) {
      M = sharedMemory(A->getSubExpr(), Escaping);
    } else if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
      const auto *W = dyn_cast<VarDecl>(D->getDecl());
      if (W && W->hasGlobalStorage() && W->getType()->isPointerType() &&
          W->getTLSKind() == VarDecl::TLS_None)
        M = MemoryRef{"*" + varKey(W), "*" + W->getNameAsString(), false, nullptr, -1};
      else if (W && W != V && W->hasLocalStorage() && parameterIndex(W) < 0)
        M = pointedMemory(W, Escaping);
    } else if (const FunctionDecl *F = externalAccessor(E)) {
      M = MemoryRef{"*" + returnedObjectRoot(F), "*" + F->getNameAsString() + "()", false,
                    nullptr, -1};
    }
    if (!M || (Target && Target->Key != M->Key))
      return std::nullopt;
    if (!Target)
      Target = M;
  }
  return Target;
}

namespace {

std::string indexStep(const Expr *Index) {
  if (const auto *L = dyn_cast<IntegerLiteral>(Index->IgnoreParenImpCasts()))
    return "[" + std::to_string(L->getValue().getZExtValue()) + "]";
  return "[*]";
}

}  // namespace

std::string AstPatterns::objectPath(const Expr *E, const VarDecl **Root) {
  E = stripWrappers(E);
  if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(D->getDecl());
    if (!V)
      return "";
    if (V->getType()->isReferenceType()) {
      if (int I = parameterIndex(V); I >= 0)
        return "param#" + std::to_string(I);
      return V->hasLocalStorage() && V->getInit() ? objectPath(V->getInit(), Root) : "";
    }
    if (Root)
      *Root = V;
    if (V->hasGlobalStorage())
      return "g:" + varKey(V);
    return varKey(V);  // a local ("local:..."), shared only if it escapes
  }
  if (const auto *M = dyn_cast<MemberExpr>(E)) {
    if (const auto *Static = dyn_cast<VarDecl>(M->getMemberDecl()))
      return "g:" + varKey(Static);
    std::string Base = M->isArrow() ? pointeePath(M->getBase(), Root) : objectPath(M->getBase(), Root);
    return Base.empty() ? "" : Base + "." + M->getMemberDecl()->getNameAsString();
  }
  if (const auto *A = dyn_cast<ArraySubscriptExpr>(E)) {
    std::string Base = pointeePath(A->getBase(), Root);
    return Base.empty() ? "" : Base + indexStep(A->getIdx());
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref)
    return pointeePath(U->getSubExpr(), Root);
  return "";  // what a call returns, an overloaded `*`: not known
}

std::string AstPatterns::pointeePath(const Expr *E, const VarDecl **Root) {
  E = E->IgnoreParenCasts();
  if (isa<CXXThisExpr>(E))
    return "this";
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    return objectPath(U->getSubExpr(), Root);
  if (E->getType()->isArrayType())  // decayed: the array itself
    return objectPath(E, Root);
  if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(D->getDecl());
    if (!V)
      return "";
    if (V->getType()->isArrayType())
      return objectPath(E, Root);
    if (int I = parameterBehind(V); I >= 0)
      return "param#" + std::to_string(I);
    if (fresh::holdsAllocation(V)) {
      if (Root)
        *Root = V;  // allocated by this call of the function: each running instance has its own
      return "alloc:" + presumedPlace(V);
    }
    if (V->hasGlobalStorage())
      return "*g:" + varKey(V);  // whatever the global pointer points to, one object for all
    // A local whose every value points to one place (`pthread_mutex_t *m = &s->lock;`, or
    // `s = get_s();` after the declaration) points there.
    std::vector<const Expr *> Values;
    PointerHop Hop;
    if (!Hop.allowed() || !assignedValues(V, Values) || Values.empty())
      return "";  // a pointer variable may point anywhere
    const VarDecl *FirstRoot = nullptr;
    std::string Path = pointeePath(Values[0], &FirstRoot);
    for (size_t I = 1; I < Values.size() && !Path.empty(); ++I)
      if (pointeePath(Values[I]) != Path)
        Path.clear();
    if (!Path.empty() && Root)
      *Root = FirstRoot;
    return Path;
  }
  if (const FunctionDecl *F = externalAccessor(E))
    return returnedObjectRoot(F);
  if (const auto *M = dyn_cast<MemberExpr>(E); M && M->getType()->isArrayType())
    return objectPath(M, Root);
  return "";
}

std::string AstPatterns::fieldKey(const FieldDecl *F) { return memberKey(F); }

std::string AstPatterns::typeChain(const Expr *E) {
  std::vector<std::string> Steps;  // innermost first
  E = E->IgnoreParenImpCasts();
  while (const auto *M = dyn_cast<MemberExpr>(E)) {
    const auto *F = dyn_cast<FieldDecl>(M->getMemberDecl());
    if (!F || F->getParent()->isUnion())
      return "";  // a union's members overlap
    Steps.push_back(memberKey(F));
    if (M->isArrow())
      break;  // what a pointer points to may be a member of anything
    E = M->getBase()->IgnoreParenImpCasts();
  }
  std::string Chain;
  for (auto It = Steps.rbegin(); It != Steps.rend(); ++It)
    Chain += (Chain.empty() ? "" : ";") + *It;
  return Chain;
}

std::vector<AstPatterns::FieldPart> AstPatterns::fieldsOf(QualType T) const {
  constexpr unsigned kMaxDepth = 4, kMaxFields = 64;
  std::vector<FieldPart> Out;
  std::function<void(QualType, const std::string &, const std::string &, unsigned)> Open =
      [&](QualType Q, const std::string &Prefix, const std::string &ChainPrefix, unsigned Depth) {
        const RecordDecl *R = Q->getAsRecordDecl();
        if (!R || !R->getDefinition() || Depth > kMaxDepth)
          return;
        for (const FieldDecl *F : R->getDefinition()->fields()) {
          if (Out.size() >= kMaxFields || ignorableType(*this, F->getType()))
            continue;
          std::string Suffix = Prefix + "." + F->getNameAsString();
          std::string Chain = (ChainPrefix.empty() ? "" : ChainPrefix + ";") + memberKey(F);
          if (F->getType()->isRecordType()) {
            Open(F->getType(), Suffix, Chain, Depth + 1);
            continue;
          }
          Out.push_back({memberKey(F), F->getNameAsString(), Suffix, Chain});
        }
      };
  Open(T, "", "", 0);
  return Out;
}

ContainerAccess AstPatterns::containerCall(const CXXMethodDecl *Method) {
  static const std::array<std::string_view, 14> Containers = {
      "std::vector", "std::deque", "std::list", "std::forward_list", "std::map",
      "std::multimap", "std::set", "std::multiset", "std::unordered_map",
      "std::unordered_multimap", "std::unordered_set", "std::unordered_multiset",
      "std::basic_string", "std::array"};
  std::string Class = plainQualifiedName(Method->getParent());
  for (const char *Inline : {"std::__cxx11::", "std::__1::"})
    if (compat::startsWith(Class, Inline))
      Class = "std::" + Class.substr(std::string(Inline).size());
  if (std::find(Containers.begin(), Containers.end(), Class) == Containers.end())
    return ContainerAccess::NotAContainer;
  bool Map = Class.find("map") != std::string::npos;
  if (Method->getOverloadedOperator() == OO_Subscript)
    return Map ? ContainerAccess::Write : ContainerAccess::Slot;  // map[k] inserts
  if (!Method->getIdentifier()) {  // an operator: assignments (=, +=, ...) write
    switch (Method->getOverloadedOperator()) {
    case OO_Equal: case OO_PlusEqual: case OO_MinusEqual: case OO_StarEqual:
    case OO_SlashEqual: case OO_PercentEqual: case OO_CaretEqual: case OO_AmpEqual:
    case OO_PipeEqual: case OO_LessLessEqual: case OO_GreaterGreaterEqual:
      return ContainerAccess::Write;
    default:
      return ContainerAccess::Read;
    }
  }
  llvm::StringRef N = Method->getName();
  if (N == "at")
    return Map ? ContainerAccess::Read : ContainerAccess::Slot;
  static const std::array<std::string_view, 27> Writers = {
      "push_back", "push_front", "pop_back", "pop_front", "emplace", "emplace_back",
      "emplace_front", "emplace_hint", "insert", "insert_or_assign", "try_emplace", "erase",
      "clear", "resize", "reserve", "shrink_to_fit", "assign", "swap", "merge", "extract",
      "splice", "remove", "remove_if", "unique", "sort", "reverse", "append"};
  return std::find(Writers.begin(), Writers.end(), std::string_view(N.data(), N.size())) !=
                 Writers.end()
             ? ContainerAccess::Write
             : ContainerAccess::Read;
}

std::string AstPatterns::pointerSlot(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref)
    E = U->getSubExpr()->IgnoreParenCasts();
  if (const auto *M = dyn_cast<MemberExpr>(E))
    if (const auto *F = dyn_cast<FieldDecl>(M->getMemberDecl()))
      return memberKey(F);
  if (const auto *D = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(D->getDecl()); V && V->hasGlobalStorage())
      return "var:" + varKey(V);
  return "";
}

bool AstPatterns::isExactPath(const std::string &Path) {
  if (Path.empty() || Path.find("[*]") != std::string::npos)
    return false;
  return compat::startsWith(Path, "g:") || compat::startsWith(Path, "local:") ||
         compat::startsWith(Path, "alloc:");
}

std::string AstPatterns::functionTypeKey(const FunctionDecl *F) {
  const auto *M = dyn_cast<CXXMethodDecl>(F);
  if (!M || M->isStatic())
    return functionTypeKey(F->getType());
  return "member:" + M->getParent()->getQualifiedNameAsString() + ":" +
         functionTypeKey(F->getType());
}

std::string AstPatterns::functionTypeKey(QualType T) {
  T = T.getCanonicalType();
  if (const auto *MP = T->getAs<MemberPointerType>()) {
    const CXXRecordDecl *Class = MP->getClass()->getAsCXXRecordDecl();
    return "member:" + (Class ? Class->getQualifiedNameAsString() : std::string("?")) + ":" +
           functionTypeKey(MP->getPointeeType());
  }
  if (const auto *P = T->getAs<PointerType>())
    T = P->getPointeeType().getCanonicalType();
  if (const auto *FT = T->getAs<FunctionType>()) {
    std::string S = FT->getReturnType().getCanonicalType().getAsString() + " (";
    if (const auto *FP = dyn_cast<FunctionProtoType>(FT))
      for (unsigned I = 0; I < FP->getNumParams(); ++I)
        S += (I ? ", " : "") + FP->getParamType(I).getCanonicalType().getUnqualifiedType().getAsString();
    return S + ")";
  }
  return T.getAsString();
}

std::string AstPatterns::mutexKey(const Expr *E, std::string *Name) {
  E = stripWrappers(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref)
      return mutexKey(U->getSubExpr(), Name);
  if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
    if (Name)
      *Name = D->getDecl()->getNameAsString();
    if (const auto *V = dyn_cast<VarDecl>(D->getDecl()))
      return varKey(V);
    return D->getDecl()->getNameAsString();
  }
  if (const auto *M = dyn_cast<MemberExpr>(E)) {
    if (Name)
      *Name = M->getMemberDecl()->getNameAsString();
    if (const auto *V = dyn_cast<VarDecl>(M->getMemberDecl()))
      return varKey(V);
    return memberKey(M->getMemberDecl());
  }
  if (const auto *A = dyn_cast<ArraySubscriptExpr>(E))
    return mutexKey(A->getBase(), Name) + "[]";
  if (Name)
    *Name = "<mutex>";
  return "<unknown mutex>";
}

std::string AstPatterns::atomicKey(const Expr *E, std::string *Name) const {
  E = stripWrappers(E);
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf)
      E = U->getSubExpr()->IgnoreParenImpCasts();
  if (!isAtomicType(E->getType()))
    return "";
  return mutexKey(E, Name);
}

namespace {

bool literalValue(const Expr *E, bool Value) {
  E = E->IgnoreParenImpCasts();
  if (const auto *B = dyn_cast<CXXBoolLiteralExpr>(E))
    return B->getValue() == Value;
  if (const auto *I = dyn_cast<IntegerLiteral>(E))
    return I->getValue().getBoolValue() == Value;
  return false;
}

// `__sync_val_compare_and_swap(&flag, 0, 1)` (or a wrapper of that name, glog's
// `sync_val_compare_and_swap(&crashed, false, true)`): the one caller that finds the flag
// clear, seeing 0 returned, owns what follows, and no one ever clears it: a try-lock that is
// never released, so two claimers exclude each other as two holders of a mutex do.
bool claimsFlag(const CallExpr *Call, llvm::StringRef Name) {
  // C sees the builtin by its size: `__sync_val_compare_and_swap_4`.
  Name = Name.rtrim("0123456789");
  if (compat::endsWith(Name, "_"))
    Name = Name.drop_back();
  return compat::endsWith(Name, "sync_val_compare_and_swap") && Call->getNumArgs() == 3 &&
         literalValue(Call->getArg(1), false) && literalValue(Call->getArg(2), true);
}

}  // namespace

std::optional<LockOperation> AstPatterns::lockOperation(const CallExpr *Call) const {
  if (auto Declared = annotations::declaredTryLock(Call))
    return Declared;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const auto *Method = MC->getMethodDecl();
    const Expr *Object = MC->getImplicitObjectArgument();
    if (!Method || !Object || !Method->getIdentifier())
      return std::nullopt;
    llvm::StringRef N = Method->getName();
    LockOperation Op;
    if (isGuardType(Object->getType())) {
      const auto *D = dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts());
      Op.Guard = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
      if (!Op.Guard)
        return std::nullopt;
      bool Shared = recordName(Object->getType()) == "std::shared_lock";
      if (N == "lock")
        Op.Kind = Shared ? LockKind::AcquireShared : LockKind::Acquire;
      else if (N == "unlock")
        Op.Kind = LockKind::Release;
      else if (compat::startsWith(N, "try_lock"))
        Op.Kind = Shared ? LockKind::TryAcquireShared : LockKind::TryAcquire;
      else if (N == "release")
        Op.DropsGuard = true;
      else
        return std::nullopt;
      return Op;
    }
    if (!isLockable(Object->getType()))
      return std::nullopt;
    // A lock() that returns something (an awaitable, a guard) does not block here; an
    // awaited guard is read from the declaration that keeps it (awaitedGuard).
    if (!Method->getReturnType()->isVoidType() && !compat::startsWith(N, "try_"))
      return std::nullopt;
    Op.Mutexes.push_back(Object);
    if (N == "lock")
      Op.Kind = LockKind::Acquire;
    else if (N == "lock_shared")
      Op.Kind = LockKind::AcquireShared;
    else if (N == "unlock" || N == "unlock_shared")
      Op.Kind = LockKind::Release;
    else if (compat::startsWith(N, "try_lock_shared"))
      Op.Kind = LockKind::TryAcquireShared;
    else if (compat::startsWith(N, "try_lock"))
      Op.Kind = LockKind::TryAcquire;
    else
      return std::nullopt;
    return Op;
  }
  std::string Name = calleeName(Call);
  if (Name.empty() || Call->getNumArgs() == 0)
    return std::nullopt;
  LockOperation Op;
  Op.Mutexes.push_back(Call->getArg(0));
  if (Name == "pthread_mutex_lock" || Name == "pthread_spin_lock" ||
      Name == "pthread_rwlock_wrlock" || Name == "mtx_lock")
    Op.Kind = LockKind::Acquire;
  else if (Name == "pthread_rwlock_rdlock")
    Op.Kind = LockKind::AcquireShared;
  else if (Name == "pthread_mutex_unlock" || Name == "pthread_spin_unlock" ||
           Name == "pthread_rwlock_unlock" || Name == "mtx_unlock")
    Op.Kind = LockKind::Release;
  else if (Name == "pthread_mutex_trylock" || Name == "pthread_spin_trylock" ||
           Name == "pthread_rwlock_trywrlock" || Name == "mtx_trylock")
    Op.Kind = LockKind::TryAcquire;
  else if (Name == "pthread_rwlock_tryrdlock")
    Op.Kind = LockKind::TryAcquireShared;
  else if (claimsFlag(Call, Name))
    Op.Kind = LockKind::TryAcquire;
  else if (Name == "std::lock") {
    Op.Kind = LockKind::Acquire;
    for (unsigned I = 1; I < Call->getNumArgs(); ++I)
      Op.Mutexes.push_back(Call->getArg(I));
  } else
    return std::nullopt;
  return Op;
}

std::optional<GuardConstruction> AstPatterns::guardConstruction(const CXXConstructExpr *E) {
  if (!isGuardType(E->getType()))
    return std::nullopt;
  GuardConstruction G;
  G.Shared = recordName(E->getType()) == "std::shared_lock";
  for (const Expr *Arg : E->arguments()) {
    std::string Tag = recordName(Arg->getType());
    if (Tag == "std::defer_lock_t")
      G.Mode = GuardMode::Defers;
    else if (Tag == "std::adopt_lock_t")
      G.Mode = GuardMode::Adopts;
    else if (Tag == "std::try_to_lock_t" || compat::startsWith(Tag, "std::chrono"))
      continue;  // optimistic: the guarded code normally runs only when the lock was taken
    else if (isLockable(Arg->getType()))
      G.Mutexes.push_back(Arg);
  }
  return G;
}

namespace {

bool looksCallable(const Expr *E) {
  QualType T = E->getType().getNonReferenceType();
  if (T->isFunctionType() || T->isFunctionPointerType() || T->isMemberFunctionPointerType())
    return true;
  const auto *R = T->getAsCXXRecordDecl();
  if (!R || !R->hasDefinition())
    return false;
  for (const auto *M : R->getDefinition()->methods())
    if (M->getOverloadedOperator() == OO_Call)
      return true;
  return R->isLambda();
}

std::optional<ThreadStartCall> configuredStart(const Config &Cfg, const CallExpr *Call) {
  std::string Name = calleeName(Call);
  if (Name.empty())
    return std::nullopt;
  for (const auto &Api : Cfg.ThreadApis) {
    if (!matchesNamePattern(Api.Name, Name))
      continue;
    ThreadStartCall S{Name, nullptr, {}, nullptr, Api.Deferred, Api.Repeated};
    unsigned First = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
    for (unsigned I = First; I < Call->getNumArgs(); ++I) {
      bool Wanted = Api.CallableArg >= 0 ? static_cast<int>(I - First) == Api.CallableArg
                                         : looksCallable(Call->getArg(I));
      if (Wanted) {
        S.Callable = Call->getArg(I);
        for (unsigned J = I + 1; J < Call->getNumArgs(); ++J)
          S.Arguments.push_back(Call->getArg(J));
        return S;
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<GuardConstruction> AstPatterns::awaitedGuard(const VarDecl *V) const {
  if (!V->getInit() || !V->getType()->getAsCXXRecordDecl())
    return std::nullopt;
  const auto *Await = dyn_cast<CoawaitExpr>(stripWrappers(V->getInit()));
  if (!Await)
    return std::nullopt;
  // RAII: a guard that releases nothing when destroyed holds nothing.
  const CXXRecordDecl *GuardType = V->getType()->getAsCXXRecordDecl();
  if (!GuardType->hasDefinition() || GuardType->hasTrivialDestructor())
    return std::nullopt;
  const auto *Call = dyn_cast<CXXMemberCallExpr>(stripWrappers(Await->getOperand()));
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() || !Call->getImplicitObjectArgument())
    return std::nullopt;
  llvm::StringRef N = Method->getName();
  bool Configured = false;
  for (const auto &Pattern : Cfg.AsyncLockMethods)
    Configured = Configured || matchesNamePattern(Pattern, plainQualifiedName(Method));
  bool BuiltIn = N.contains("lock") && !N.contains("unlock") && !compat::startsWith(N, "try") &&
                 hasMethod(Method->getParent(), "unlock");
  if (!Configured && !BuiltIn)
    return std::nullopt;
  GuardConstruction G;
  G.Mutexes.push_back(Call->getImplicitObjectArgument());
  G.Shared = N.contains("shared");
  return G;
}

std::optional<ThreadStartCall> AstPatterns::threadStart(const Expr *E) const {
  if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
    if (!isThreadType(C->getType()) || C->getNumArgs() == 0 ||
        isThreadType(C->getArg(0)->getType()))
      return std::nullopt;
    ThreadStartCall S{recordName(C->getType()), C->getArg(0), {}, nullptr, false, false};
    for (unsigned I = 1; I < C->getNumArgs(); ++I)
      S.Arguments.push_back(C->getArg(I));
    return S;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call)
    return std::nullopt;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const auto *Method = MC->getMethodDecl();
    const Expr *Object = MC->getImplicitObjectArgument();
    if (Method && Method->getIdentifier() && Object && Call->getNumArgs() > 0 &&
        (Method->getName() == "emplace_back" || Method->getName() == "emplace")) {
      const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          Object->getType().getNonReferenceType()->getAsCXXRecordDecl());
      if (Spec && Spec->getTemplateArgs().size() > 0 &&
          Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
          isThreadType(Spec->getTemplateArgs()[0].getAsType()) &&
          !isThreadType(Call->getArg(0)->getType())) {
        ThreadStartCall S{"std::thread", Call->getArg(0), {}, Object, false, false};
        for (unsigned I = 1; I < Call->getNumArgs(); ++I)
          S.Arguments.push_back(Call->getArg(I));
        return S;
      }
    }
  }
  std::string Name = calleeName(Call);
  if (Name == "pthread_create" && Call->getNumArgs() == 4)
    return ThreadStartCall{Name, Call->getArg(2), {Call->getArg(3)}, Call->getArg(0), false,
                           false};
  if (Name == "thrd_create" && Call->getNumArgs() == 3)
    return ThreadStartCall{Name, Call->getArg(1), {Call->getArg(2)}, Call->getArg(0), false,
                           false};
  if (Name == "std::async" && Call->getNumArgs() > 0) {
    unsigned First = 0;
    if (recordName(Call->getArg(0)->getType()).empty() &&
        Call->getArg(0)->getType()->isEnumeralType()) {
      if (const auto *D = dyn_cast<DeclRefExpr>(stripWrappers(Call->getArg(0))))
        if (D->getDecl()->getName() == "deferred")
          return std::nullopt;  // runs inside get(), on the caller's thread
      First = 1;
    }
    if (Call->getNumArgs() <= First)
      return std::nullopt;
    ThreadStartCall S{Name, Call->getArg(First), {}, nullptr, false, false};
    for (unsigned I = First + 1; I < Call->getNumArgs(); ++I)
      S.Arguments.push_back(Call->getArg(I));
    return S;
  }
  return configuredStart(Cfg, Call);
}

const Expr *AstPatterns::joinedHandle(const CallExpr *Call) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const auto *Method = MC->getMethodDecl();
    const Expr *Object = MC->getImplicitObjectArgument();
    if (!Method || !Object || !Method->getIdentifier())
      return nullptr;
    llvm::StringRef N = Method->getName();
    QualType T = Object->IgnoreParenImpCasts()->getType();
    if (isThreadType(T) && N == "join")
      return Object;
    std::string R = recordName(T);
    if ((R == "std::future" || R == "std::shared_future") && (N == "get" || N == "wait"))
      return Object;
    return nullptr;
  }
  std::string Name = calleeName(Call);
  if ((Name == "pthread_join" || Name == "thrd_join") && Call->getNumArgs() >= 1)
    return Call->getArg(0);
  return nullptr;
}

const DeclRefExpr *AstPatterns::nameWrittenOrAddressed(const Stmt *S) {
  const Expr *Target = nullptr;
  if (const auto *B = dyn_cast<BinaryOperator>(S); B && B->isAssignmentOp())
    Target = B->getLHS();
  else if (const auto *U = dyn_cast<UnaryOperator>(S);
           U && (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf))
    Target = U->getSubExpr();
  return Target ? dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts()) : nullptr;
}

const VarDecl *AstPatterns::handleVariable(const Expr *E) {
  while (E) {
    E = stripWrappers(E);
    if (const auto *U = dyn_cast<UnaryOperator>(E)) {
      E = U->getSubExpr();
    } else if (const auto *A = dyn_cast<ArraySubscriptExpr>(E)) {
      E = A->getBase();
    } else if (const auto *O = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (O->getNumArgs() == 0)
        return nullptr;
      E = O->getArg(0);
    } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      E = MC->getImplicitObjectArgument();  // threads.back()
    } else if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
      return dyn_cast<VarDecl>(D->getDecl());
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

bool AstPatterns::isCallOnce(const CallExpr *Call) {
  std::string Name = calleeName(Call);
  return Name == "std::call_once" || Name == "pthread_once";
}

bool AstPatterns::svcompAtomic(const FunctionDecl *F) {
  return F && F->getIdentifier() && compat::startsWith(F->getName(), "__VERIFIER_atomic_") &&
         F->getName() != "__VERIFIER_atomic_begin" && F->getName() != "__VERIFIER_atomic_end";
}

std::optional<std::string> AstPatterns::onceFlag(const CallExpr *Call) {
  const Expr *E = Call->getArg(0)->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenImpCasts();
  else if (E->getType()->isPointerType() ||
           (isa<UnaryOperator>(E) && cast<UnaryOperator>(E)->getOpcode() == UO_Deref))
    return std::nullopt;
  if (const auto *D = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(D->getDecl()); V && V->hasGlobalStorage())
      return varKey(V);
  if (const auto *M = dyn_cast<MemberExpr>(E))
    if (const auto *F = dyn_cast<FieldDecl>(M->getMemberDecl()); F && F->getParent())
      return "field:" + F->getParent()->getQualifiedNameAsString() + "::" + F->getNameAsString();
  return std::string();
}

std::optional<AstPatterns::ConditionWait> AstPatterns::conditionWait(const CallExpr *Call) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *M = MC->getMethodDecl();
    if (M && M->getIdentifier() && compat::startsWith(M->getName(), "wait") && MC->getNumArgs() > 0)
      return ConditionWait{nullptr, MC->getArg(0)};
    return std::nullopt;
  }
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (Callee && Callee->getIdentifier() && Call->getNumArgs() >= 2 &&
      (Callee->getName().contains("cond_wait") || Callee->getName().contains("cond_timedwait")))
    return ConditionWait{Call->getArg(1), nullptr};
  return std::nullopt;
}

bool AstPatterns::isAtomicLoad(const Expr *E, std::string *Key) const {
  if (const auto *A = dyn_cast<AtomicExpr>(E)) {  // C11 atomic_load() expands to a builtin
    if (A->getOp() != AtomicExpr::AO__c11_atomic_load && A->getOp() != AtomicExpr::AO__atomic_load_n)
      return false;
    *Key = atomicKey(A->getPtr(), nullptr);
    return !Key->empty();
  }
  const auto *MC = dyn_cast<CXXMemberCallExpr>(E);
  if (MC && MC->getMethodDecl()) {
    const Expr *Object = MC->getImplicitObjectArgument();
    bool Load = isa<CXXConversionDecl>(MC->getMethodDecl()) ||
                (MC->getMethodDecl()->getIdentifier() && MC->getMethodDecl()->getName() == "load");
    if (Load && Object && isAtomicType(Object->getType())) {
      *Key = atomicKey(Object, nullptr);
      return !Key->empty();
    }
    return false;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    std::string Name = calleeName(Call);
    if ((Name == "atomic_load" || Name == "atomic_load_explicit") && Call->getNumArgs() > 0) {
      *Key = atomicKey(Call->getArg(0), nullptr);
      return !Key->empty();
    }
  }
  if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E))
    if (Cast->getCastKind() == CK_AtomicToNonAtomic || Cast->getCastKind() == CK_LValueToRValue)
      if (Cast->getSubExpr()->getType()->isAtomicType()) {
        *Key = atomicKey(Cast->getSubExpr(), nullptr);
        return !Key->empty();
      }
  return false;
}

const Expr *AstPatterns::atomicStoreValue(const Expr *E, std::string *Key,
                                          std::string *Name) const {
  if (const auto *A = dyn_cast<AtomicExpr>(E)) {
    if (A->getOp() != AtomicExpr::AO__c11_atomic_store && A->getOp() != AtomicExpr::AO__atomic_store_n)
      return nullptr;
    *Key = atomicKey(A->getPtr(), Name);
    return A->getVal1();
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const auto *M = MC->getMethodDecl();
    const Expr *Object = MC->getImplicitObjectArgument();
    if (M && M->getIdentifier() && M->getName() == "store" && Object && MC->getNumArgs() > 0 &&
        isAtomicType(Object->getType())) {
      *Key = atomicKey(Object, Name);
      return MC->getArg(0);
    }
    return nullptr;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
        isAtomicType(Op->getArg(0)->getType())) {
      *Key = atomicKey(Op->getArg(0), Name);
      return Op->getArg(1);
    }
    return nullptr;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->getOpcode() == BO_Assign && B->getLHS()->getType()->isAtomicType()) {
      *Key = atomicKey(B->getLHS(), Name);
      return B->getRHS();
    }
    return nullptr;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    std::string Callee = calleeName(Call);
    if ((Callee == "atomic_store" || Callee == "atomic_store_explicit") &&
        Call->getNumArgs() > 1) {
      *Key = atomicKey(Call->getArg(0), Name);
      return Call->getArg(1);
    }
  }
  return nullptr;
}

const FunctionDecl *AstPatterns::resolveCallable(const Expr *E) {
  E = stripWrappers(E);
  if (!E)
    return nullptr;
  if (const auto *L = dyn_cast<LambdaExpr>(E))
    return L->getCallOperator();
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf)
      return resolveCallable(U->getSubExpr());
  if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *F = dyn_cast<FunctionDecl>(D->getDecl()))
      return F;
    if (const auto *V = dyn_cast<VarDecl>(D->getDecl()))
      if (const Expr *Init = V->getInit())
        if (const auto *F = resolveCallable(Init))
          return F;
  }
  if (const auto *C = dyn_cast<CXXConstructExpr>(E)) {
    // A copy, or a wrapper built from the callable (std::function<void()> from a lambda).
    if (C->getNumArgs() == 1)
      if (const FunctionDecl *Inner = resolveCallable(C->getArg(0)))
        return Inner;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (calleeName(Call) == "std::bind" && Call->getNumArgs() > 0)
      return resolveCallable(Call->getArg(0));
  QualType T = E->getType().getNonReferenceType();
  if (const auto *R = T->getAsCXXRecordDecl(); R && R->hasDefinition())
    for (const auto *M : R->getDefinition()->methods())
      if (M->getOverloadedOperator() == OO_Call)
        return M;
  return nullptr;
}

}  // namespace racecheck
