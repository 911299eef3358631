// FunctionFactsBuilder.cpp: see FunctionFactsBuilder.h.
#include "extract/FunctionFactsBuilder.h"

#include "compat/ClangCompat.h"
#include "extract/Annotations.h"
#include "extract/ExprWrappers.h"
#include "extract/FreshObjects.h"
#include "extract/SourcePositions.h"
#include "extract/PointerSources.h"

#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

using namespace clang;

namespace racecheck {
namespace {

// Names as a reader would write them: without "(anonymous namespace)::".
std::string readableName(const NamedDecl *D) {
  std::string N = D->getQualifiedNameAsString();
  const std::string Anon = "(anonymous namespace)::";
  for (size_t At; (At = N.find(Anon)) != std::string::npos;)
    N.erase(At, Anon.size());
  return N;
}

// ---- lock state along a path ------------------------------------------------------------------

struct HeldState {
  HeldLock Lock;
  unsigned Count = 1;  // recursive_mutex may be locked more than once
  MutexSym Sym;        // how a caller names it, for this function's lock summary
  bool Restored = false;  // released and taken again here: held on entry, no net effect
  bool operator==(const HeldState &O) const {
    return Lock.Mutex == O.Lock.Mutex && Lock.Shared == O.Lock.Shared &&
           Lock.Epoch == O.Lock.Epoch && Count == O.Count && Restored == O.Restored;
  }
};

struct GuardState {
  std::vector<MutexSym> Mutexes;
  bool Owns = false;
  bool Shared = false;
  bool operator==(const GuardState &O) const {
    return Mutexes == O.Mutexes && Owns == O.Owns && Shared == O.Shared;
  }
};

struct FlowState {
  bool Reached = false;
  std::map<std::string, HeldState> Locks;
  std::map<const VarDecl *, GuardState> Guards;
  std::set<unsigned> Running;
  unsigned Suspension = 0;
  std::map<std::string, MutexSym> Released;  // released here without being taken here first
  // For each running thread, the locks (key -> epoch) held without a break since it started.
  std::map<unsigned, std::map<std::string, unsigned>> Covering;
  std::set<std::string> History;  // mutexes taken before this point on every path
  // Mutexes held in a condition wait before this point on some path (key -> the name
  // Access::WaitedOn uses).
  std::map<std::string, std::string> Waited;
  bool operator==(const FlowState &O) const {
    return Reached == O.Reached && Locks == O.Locks && Guards == O.Guards &&
           Running == O.Running && Suspension == O.Suspension && Released == O.Released &&
           Covering == O.Covering && History == O.History && Waited == O.Waited;
  }
};

// What both maps agree on.
std::map<std::string, unsigned> common(const std::map<std::string, unsigned> &A,
                                       const std::map<std::string, unsigned> &B) {
  std::map<std::string, unsigned> R;
  for (const auto &[Key, Epoch] : A)
    if (auto It = B.find(Key); It != B.end() && It->second == Epoch)
      R[Key] = Epoch;
  return R;
}

// Locks must be held on every incoming path; threads may be running on any.
FlowState merge(const FlowState &A, const FlowState &B) {
  if (!A.Reached)
    return B;
  if (!B.Reached)
    return A;
  FlowState R;
  R.Reached = true;
  for (const auto &[Key, Held] : A.Locks) {
    auto It = B.Locks.find(Key);
    if (It == B.Locks.end())
      continue;
    HeldState H = Held;
    H.Count = std::min(Held.Count, It->second.Count);
    H.Lock.Shared = Held.Lock.Shared || It->second.Lock.Shared;
    H.Lock.Epoch = std::max(Held.Lock.Epoch, It->second.Lock.Epoch);
    R.Locks[Key] = H;
  }
  for (const auto &[Var, Guard] : A.Guards) {
    auto It = B.Guards.find(Var);
    if (It == B.Guards.end())
      continue;
    GuardState G = Guard;
    G.Owns = Guard.Owns && It->second.Owns;
    R.Guards[Var] = G;
  }
  R.Running = A.Running;
  R.Running.insert(B.Running.begin(), B.Running.end());
  // Released on every path, as locks count as taken only when taken on every path: wrappers
  // unlock on their error paths before they bail out (`pthread_mutex_unlock(m); quit();`).
  for (const auto &[Key, Sym] : A.Released)
    if (B.Released.count(Key))
      R.Released[Key] = Sym;
  R.Suspension = std::max(A.Suspension, B.Suspension);
  // A thread started on one path only keeps what that path holds; on both, what both hold.
  R.Covering = A.Covering;
  for (const auto &[Id, Held] : B.Covering) {
    auto It = R.Covering.find(Id);
    if (It == R.Covering.end())
      R.Covering[Id] = Held;
    else
      It->second = common(It->second, Held);
  }
  for (const std::string &Key : A.History)
    if (B.History.count(Key))
      R.History.insert(Key);
  R.Waited = A.Waited;
  R.Waited.insert(B.Waited.begin(), B.Waited.end());
  return R;
}

// A thread's covering locks end where the lock is released or taken anew (a condition wait).
void pruneCovering(FlowState &St) {
  for (auto &[Id, Held] : St.Covering)
    for (auto It = Held.begin(); It != Held.end();) {
      auto L = St.Locks.find(It->first);
      It = L == St.Locks.end() || L->second.Lock.Epoch != It->second ? Held.erase(It) : std::next(It);
    }
}

// Global mutexes taken before, for Access::LockedBefore.
std::vector<std::string> lockedBefore(const FlowState &St) {
  std::vector<std::string> Out;
  for (const std::string &Key : St.History)
    if (compat::startsWith(Key, "g:") && Key.find("[*]") == std::string::npos)
      Out.push_back(Key);
  return Out;
}

// Mutexes this function waited on before, for Access::WaitedOn: a wait on some path. (Not
// required on every path: a wait loop whose condition holds at once still read the state under
// the mutex, and a lock macro made of a for loop, mythread_sync, looks unlocked on its
// impossible paths.)
std::vector<std::string> waitedOn(const FlowState &St) {
  std::vector<std::string> Out;
  for (const auto &[Key, Name] : St.Waited)
    Out.push_back(Name);
  return Out;
}

HeldLock heldLockOf(const HeldState &Held) {
  HeldLock H = Held.Lock;
  H.Coarse = Held.Sym.Coarse.empty() ? H.Mutex : Held.Sym.Coarse;
  H.Exact = AstPatterns::isExactPath(Held.Sym.Path) && Held.Sym.Path == H.Mutex;
  if (compat::startsWith(Held.Sym.Path, "param#") || compat::startsWith(Held.Sym.Path, "this"))
    H.Path = Held.Sym.Path;
  return H;
}

Lockset locksetOf(const FlowState &S) {
  Lockset L;
  for (const auto &[Key, Held] : S.Locks)
    L.push_back(heldLockOf(Held));
  return L;
}

// ---- what the body contains, found before the flow analysis -----------------------------------

template <typename Fn> void forEachNode(const Stmt *S, const Fn &Visit) {
  if (!S)
    return;
  Visit(S);
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {  // its body is a function of its own
    for (const Expr *Init : L->capture_inits())
      forEachNode(Init, Visit);
    return;
  }
  for (const Stmt *Child : S->children())
    forEachNode(Child, Visit);
}

struct BodyIndex {
  std::vector<const VarDecl *> Escaping;
  std::map<const Stmt *, unsigned> StartIds;
  std::map<unsigned, const VarDecl *> StartHandle;
  // Starts whose handle is kept in a structure (`&fifo->consumers[i]`): where, as handleSlot
  // names it. A join of the same slot in this function joins them.
  std::map<unsigned, std::string> StartKeptIn;
  std::map<unsigned, llvm::APSInt> StartSlot;  // `pthread_create(&tids[0], ...)`: the 0
  std::set<unsigned> RepeatedStarts;
  std::map<const Stmt *, std::set<const VarDecl *>> LoopJoins;
  std::map<const Stmt *, std::set<std::string>> LoopKeptJoins;  // as LoopJoins, by slot
  std::map<const VarDecl *, const VarDecl *> RangeContainer;
  std::map<const Stmt *, const IfStmt *> ConditionNodes;
  std::set<const LambdaExpr *> HandedOffLambdas;  // run elsewhere: threads, call_once
  // Starts made only when a local flag that never changes is true (or false), as in
  // `if (threaded) pthread_create(...); ... if (threaded) pthread_join(...)`.
  std::map<unsigned, std::pair<const VarDecl *, bool>> StartFlag;
  std::set<const VarDecl *> Reassigned;  // locals written after their declaration
};

// SV-COMP's convention for code that runs without interleaving (the code between
// __VERIFIER_atomic_begin() and __VERIFIER_atomic_end(), and every function named
// __VERIFIER_atomic_*): as if under one global mutex.
const char *const kSvcompAtomic = "__VERIFIER_atomic";

// The constant index of a handle in an array (`&tids[1]`, `tids[1]`), if it has one.
std::optional<llvm::APSInt> constantSlot(const Expr *Handle, const ASTContext &Context) {
  const Expr *E = Handle->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenImpCasts();
  const auto *A = dyn_cast<ArraySubscriptExpr>(E);
  if (!A)
    return std::nullopt;
  Expr::EvalResult R;
  if (!A->getIdx()->EvaluateAsInt(R, Context))
    return std::nullopt;
  return R.Val.getInt();
}

// Where a thread handle is kept when it outlives the function (ThreadStart::HandleSlot).
std::string handleSlot(const Expr *Handle) {
  const Expr *E = Handle;
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
      E = U->getSubExpr();
    else if (const auto *A = dyn_cast<ArraySubscriptExpr>(E))
      E = A->getBase();
    else
      break;
  }
  if (const auto *M = dyn_cast_or_null<MemberExpr>(E)) {
    const auto *Field = dyn_cast<FieldDecl>(M->getMemberDecl());
    if (Field && Field->getParent())
      return "field:" + Field->getParent()->getQualifiedNameAsString() + "::" +
             Field->getNameAsString();
  }
  if (const auto *D = dyn_cast_or_null<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(D->getDecl()); V && !V->hasLocalStorage())
      return "g:" + V->getQualifiedNameAsString();
  return "";
}

// `v`, `!v`, `v != 0`, `v == 0` on a local: the local, and the value of the condition when v
// is nonzero.
const VarDecl *flagTested(const Expr *Cond, bool &TrueWhenSet) {
  TrueWhenSet = true;
  const Expr *E = Cond ? Cond->IgnoreParenImpCasts() : nullptr;
  while (E) {
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_LNot) {
      TrueWhenSet = !TrueWhenSet;
      E = U->getSubExpr()->IgnoreParenImpCasts();
    } else if (const auto *B = dyn_cast<BinaryOperator>(E);
               B && (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE) &&
               isa<IntegerLiteral>(B->getRHS()->IgnoreParenImpCasts()) &&
               cast<IntegerLiteral>(B->getRHS()->IgnoreParenImpCasts())->getValue() == 0) {
      TrueWhenSet = B->getOpcode() == BO_EQ ? !TrueWhenSet : TrueWhenSet;
      E = B->getLHS()->IgnoreParenImpCasts();
    } else {
      break;
    }
  }
  const auto *D = dyn_cast_or_null<DeclRefExpr>(E);
  const auto *V = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
  return V && V->hasLocalStorage() && !V->getType()->isReferenceType() ? V : nullptr;
}

bool isLoop(const Stmt *S) {
  return isa<ForStmt>(S) || isa<WhileStmt>(S) || isa<DoStmt>(S) || isa<CXXForRangeStmt>(S);
}

const Expr *skipValueWrappers(const Expr *E) { return skipWrappers(E, kTemporaries | kCopies); }

// `pthread_create(&t, NULL, work, q)` with `int *q = malloc(..)`: the allocation q holds.
const VarDecl *handedAllocation(const Expr *Arg) {
  const auto *D = dyn_cast<DeclRefExpr>(Arg->IgnoreParenCasts());
  const auto *V = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
  return V && AstPatterns::escapedAllocation(V) ? V : nullptr;
}

// `&x` and `std::ref(x)` hand x itself to the callee.
const VarDecl *addressedVariable(const Expr *E) {
  E = skipValueWrappers(E)->IgnoreParenCasts();  // `(void *)&x` for a pthread argument
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    E = U->getSubExpr()->IgnoreParenImpCasts();
  else if (const auto *C = dyn_cast<CallExpr>(E)) {
    const auto *F = C->getDirectCallee();
    if (!F || !F->getIdentifier() || (F->getName() != "ref" && F->getName() != "cref") ||
        C->getNumArgs() != 1)
      return nullptr;
    E = C->getArg(0)->IgnoreParenImpCasts();
  } else
    return nullptr;
  if (const auto *D = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(D->getDecl());
  return nullptr;
}

class BodyWalker {
public:
  BodyWalker(const AstPatterns &P, FunctionFactsBuilder &B, ASTContext &Ctx,
             const FunctionDecl *F, const Stmt *Body)
      : Patterns(P), Builder(B), Context(Ctx), SM(Ctx.getSourceManager()), Function(F),
        Body(Body), Parents(const_cast<Stmt *>(Body)) {}

  FunctionFacts run();
  LockSummary summarize();
  LockSummary conditionalWrapper();

private:
  bool solve();
  MutexSym classifyMutex(const Expr *E);
  int paramBehind(const VarDecl *V) const;
  int pointeeParam(const Expr *E) const;
  int lvalueParam(const Expr *E) const;
  bool perInstance(const Expr *Arg, const Stmt *Start) const;
  // The path of a local pointer set from an allocation inside the innermost loop around the
  // start (a new object every iteration), or "".
  std::string freshInLoop(const Expr *Arg, const Stmt *Start) const;
  std::vector<MutexSym>
  applySummary(const FunctionDecl *Callee, const Expr *Object, llvm::ArrayRef<const Expr *> Args,
               const Stmt *At, FlowState &St, bool AcquiresOnly);
  void indexBody();
  void indexThreadStart(const Stmt *S, const ThreadStartCall &Start);
  const VarDecl *handleOfStart(const Stmt *S, const ThreadStartCall &Start);
  bool insideLoop(const Stmt *S) const;

  void transfer(const CFGBlock &B, FlowState &S, bool Record, FlowState *OnTrue,
                FlowState *OnFalse);
  void visit(const Stmt *S, FlowState &St, bool Record);
  void visitDecl(const DeclStmt *D, FlowState &St, bool Record);
  void visitCall(const CallExpr *C, FlowState &St, bool Record);
  void visitMemberAccessCall(const CallExpr *C, const FlowState &St, bool Record);
  void visitPlainCall(const CallExpr *C, const FlowState &St);
  void visitIndirectCall(const CallExpr *C, const FlowState &St);
  std::string pathOf(const Expr *E, bool Pointee) const;
  std::vector<std::pair<unsigned, std::string>> argumentPaths(const FunctionDecl *Callee,
                                                              llvm::ArrayRef<const Expr *> Args,
                                                              unsigned Skip);
  void visitThreadStart(const Stmt *S, const ThreadStartCall &Start, FlowState &St, bool Record);
  void applyLock(const LockOperation &Op, const Stmt *At, FlowState &St);
  void acquire(FlowState &St, const std::string &Key, const std::string &Name, bool Shared,
               unsigned Epoch, MutexSym Sym = {});
  void release(FlowState &St, const std::string &Key, MutexSym Sym = {});
  void join(const VarDecl *Handle, FlowState &St, std::optional<llvm::APSInt> Slot = {});
  void joinKept(const std::string &KeptIn, FlowState &St);
  bool startedHere(const VarDecl *Handle, const std::string &KeptIn) const;
  void noteEnd(unsigned Id, const FlowState &St);
  bool bailsOut(const Stmt *S) const;
  void finishStarts(const FlowState &AtExit);
  void destroy(const VarDecl *V, FlowState &St);
  void branchOnTryLock(const CFGBlock &B, const FlowState &St, FlowState *OnTrue,
                       FlowState *OnFalse);
  void branchOnStartFlag(const CFGBlock &B, FlowState *OnTrue, FlowState *OnFalse);
  void enterLockingLoop(const CFGBlock &B, FlowState *OnTrue);
  void recordFields(const Expr *LValue, const Access &Whole);
  bool recordRelease(const Expr *Arg, const FlowState &St);
  bool recordMemoryCall(const clang::CallExpr *C, const FlowState &St);
  void noteWait(const HeldState &Held, FlowState &St);
  void recordAccess(const Expr *LValue, AccessKind K, const FlowState &St);
  void checkAtomicStore(const Stmt *S, const FlowState &St);
  void noteAtomicTaint(const VarDecl *V, const Expr *Value, const FlowState &St);
  const Expr *findAtomicLoad(const Expr *Value, const std::string &Key, SourcePos *Pos);
  void matchChecksWithActs();
  std::vector<std::pair<unsigned, std::string>> bindArguments(const FunctionDecl *Callee,
                                                              llvm::ArrayRef<const Expr *> Args,
                                                              bool FirstIsObject);

  SourcePos pos(SourceLocation L);
  unsigned epochAt(const Stmt *S) { return SM.getFileOffset(SM.getExpansionLoc(S->getBeginLoc())) + 1; }

  const AstPatterns &Patterns;
  FunctionFactsBuilder &Builder;
  ASTContext &Context;
  SourceManager &SM;
  const FunctionDecl *Function;
  const Stmt *Body;
  ParentMap Parents;
  BodyIndex Index;
  FunctionFacts Facts;
  std::unique_ptr<CFG> Graph;
  std::vector<const CFGBlock *> Order;
  std::vector<FlowState> In, OutTrue, OutFalse;
  SourcePositions Positions{SM};

  struct ConditionRead {
    const IfStmt *If;
    std::string Var;
    SourcePos Pos;
    FlowState State;
  };
  struct WriteRecord {
    const Stmt *Node;
    std::string Var, VarName;
    SourcePos Pos;
    FlowState State;
  };
  std::vector<ConditionRead> ConditionReads;
  std::vector<WriteRecord> Writes;
  struct Taint {
    std::string Atomic;
    SourcePos LoadPos;
  };
  std::map<const VarDecl *, Taint> Tainted;
  // Locals holding a decision about shared state (`enough = balance >= amount`), so that
  // `if (enough)` counts as a check of `balance`, made where `enough` was computed.
  std::map<const VarDecl *, std::vector<ConditionRead>> Decisions;
  void noteDecision(const VarDecl *V, const Expr *Value, const FlowState &St);
  void useDecision(const Expr *Read);
  const Stmt *CurrentNode = nullptr;
  bool Recording = false;  // the last pass, which writes the facts down
  bool TryLocking = false;  // applying a try-lock that succeeded (LockAcquire::Try)
  std::map<unsigned, std::map<std::string, unsigned>> CoveredAtEnd;  // per start, see noteEnd
};

SourcePos BodyWalker::pos(SourceLocation L) { return Positions(L); }

bool BodyWalker::insideLoop(const Stmt *S) const {
  for (const Stmt *P = Parents.getParent(S); P; P = Parents.getParent(P))
    if (isLoop(P))
      return true;
  return false;
}

void BodyWalker::indexBody() {
  if (const auto *M = dyn_cast<CXXMethodDecl>(Function); M && M->getParent()->isLambda()) {
    compat::CaptureFieldMap Fields;
    FieldDecl *ThisField = nullptr;
    M->getParent()->getCaptureFields(Fields, ThisField);
    for (const auto &[Captured, Field] : Fields)
      if (Field->getType()->isReferenceType())
        if (const auto *V = dyn_cast<VarDecl>(Captured))
          Index.Escaping.push_back(V);
  }
  auto Visit = [&](const Stmt *S) {
    if (const auto *L = dyn_cast<LambdaExpr>(S)) {
      for (const LambdaCapture &C : L->captures())
        if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
          if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar()))
            Index.Escaping.push_back(V);
    } else if (const auto *If = dyn_cast<IfStmt>(S)) {
      forEachNode(If->getCond(), [&](const Stmt *C) { Index.ConditionNodes[C] = If; });
    } else if (const auto *R = dyn_cast<CXXForRangeStmt>(S)) {
      if (const VarDecl *C = AstPatterns::handleVariable(R->getRangeInit()))
        Index.RangeContainer[R->getLoopVariable()] = C;
    }
    if (const DeclRefExpr *D = AstPatterns::nameWrittenOrAddressed(S))
      if (const auto *V = dyn_cast<VarDecl>(D->getDecl()))
        Index.Reassigned.insert(V);
    if (const auto *E = dyn_cast<Expr>(S)) {
      if (auto Start = Builder.threadStartAt(E))
        indexThreadStart(S, *Start);
      if (const auto *C = dyn_cast<CallExpr>(E)) {
        if (AstPatterns::isCallOnce(C) && C->getNumArgs() > 1)
          if (const auto *L = dyn_cast<LambdaExpr>(skipValueWrappers(C->getArg(1))))
            Index.HandedOffLambdas.insert(L);
        if (const Expr *H = Builder.joinedHandleAt(C)) {
          const VarDecl *V = AstPatterns::handleVariable(H);
          std::string KeptIn = V ? "" : handleSlot(H);
          for (const Stmt *P = Parents.getParent(S); P && (V || !KeptIn.empty());
               P = Parents.getParent(P))
            if (isLoop(P) && V) {
              auto It = Index.RangeContainer.find(V);
              Index.LoopJoins[P].insert(It == Index.RangeContainer.end() ? V : It->second);
            } else if (isLoop(P)) {
              Index.LoopKeptJoins[P].insert(KeptIn);
            }
        }
      }
    }
  };
  forEachNode(Body, Visit);
  // A constructor's member initialisers run before its body (`worker_([this] { run(); })`):
  // the CFG walks them first (BuildOptions::AddInitializers), so they are indexed too.
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Function))
    for (const CXXCtorInitializer *I : Ctor->inits())
      if (I->isWritten() && I->getInit())
        forEachNode(I->getInit(), Visit);
}

void BodyWalker::indexThreadStart(const Stmt *S, const ThreadStartCall &Start) {
  unsigned Id = static_cast<unsigned>(Index.StartIds.size()) + 1;
  Index.StartIds[S] = Id;
  if (const auto *L = dyn_cast<LambdaExpr>(skipValueWrappers(Start.Callable)))
    Index.HandedOffLambdas.insert(L);
  // A registered callable in a loop runs several times; a started thread in a loop is found
  // repeated by the flow analysis instead (it may be joined in the same iteration).
  if (Start.Repeated || (Start.Deferred && insideLoop(S)))
    Index.RepeatedStarts.insert(Id);
  if (const VarDecl *H = handleOfStart(S, Start))
    Index.StartHandle[Id] = H;
  else if (Start.Handle && !handleSlot(Start.Handle).empty())
    Index.StartKeptIn[Id] = handleSlot(Start.Handle);
  if (Start.Handle)
    if (auto K = constantSlot(Start.Handle, Context))
      Index.StartSlot[Id] = *K;
  // The innermost `if` on a local flag around the start (checked for reassignment later, when
  // the whole body has been indexed).
  for (const Stmt *Child = S, *P = Parents.getParent(S); P; Child = P, P = Parents.getParent(P)) {
    const auto *If = dyn_cast<IfStmt>(P);
    if (!If || Child == If->getCond())
      continue;
    bool TrueWhenSet;
    if (const VarDecl *V = flagTested(If->getCond(), TrueWhenSet)) {
      bool InThen = Child == If->getThen();
      Index.StartFlag[Id] = {V, InThen == TrueWhenSet};
      break;
    }
  }
  for (const Expr *Arg : Start.Arguments) {
    if (const VarDecl *V = addressedVariable(Arg); V && V->hasLocalStorage())
      Index.Escaping.push_back(V);
    if (const VarDecl *V = handedAllocation(Arg))
      Index.Escaping.push_back(V);
  }
}


// The variable that will own the new thread: `std::thread t(...)`, `v.emplace_back(...)`,
// `t = std::thread(...)`, `pthread_create(&t, ...)`, `auto f = std::async(...)`.
const VarDecl *BodyWalker::handleOfStart(const Stmt *S, const ThreadStartCall &Start) {
  if (Start.Handle)
    return AstPatterns::handleVariable(Start.Handle);
  const Stmt *Child = S;
  for (const Stmt *P = Parents.getParent(S); P; Child = P, P = Parents.getParent(P)) {
    if (const auto *D = dyn_cast<DeclStmt>(P)) {
      for (const Decl *Dc : D->decls())
        if (const auto *V = dyn_cast<VarDecl>(Dc); V && V->getInit() &&
                                                   skipValueWrappers(V->getInit()) ==
                                                       skipValueWrappers(cast<Expr>(Child)))
          return V;
      for (const Decl *Dc : D->decls())
        if (const auto *V = dyn_cast<VarDecl>(Dc))
          return V;
      return nullptr;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(P))
      return AstPatterns::handleVariable(MC->getImplicitObjectArgument());
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P); Op && Op->getNumArgs() > 0)
      return AstPatterns::handleVariable(Op->getArg(0));
    if (!isa<Expr>(P) || isa<CallExpr>(P))
      return nullptr;
  }
  return nullptr;
}

// ---- transfer functions -----------------------------------------------------------------------

// A condition wait with Held locked: the code after it waited for state that mutex guards
// (Access::WaitedOn). A whole mutex variable's type-level name would merge every global mutex,
// so its own key is used instead.
void BodyWalker::noteWait(const HeldState &Held, FlowState &St) {
  const std::string &Coarse = Held.Sym.Coarse;
  St.Waited[Held.Lock.Mutex] =
      Coarse.empty() || compat::startsWith(Coarse, "mutex:") ? Held.Lock.Mutex : Coarse;
}

void BodyWalker::acquire(FlowState &St, const std::string &Key, const std::string &Name,
                         bool Shared, unsigned Epoch, MutexSym Sym) {
  auto It = St.Locks.find(Key);
  if (It != St.Locks.end()) {
    ++It->second.Count;
    return;
  }
  if (Sym.Key.empty()) {
    Sym.Key = Key;
    Sym.Name = Name;
  }
  HeldState H;
  H.Lock = HeldLock{Key, Name, Shared, Epoch};
  H.Sym = Sym;
  H.Restored = St.Released.erase(Key) > 0;
  if (Recording && CurrentNode)  // racecheck-lock-order: what was held when it was taken
    Facts.Acquires.push_back({heldLockOf(H), pos(CurrentNode->getBeginLoc()), locksetOf(St),
                              {St.Running.begin(), St.Running.end()}, TryLocking});
  St.Locks[Key] = H;
  St.History.insert(Key);
}

void BodyWalker::release(FlowState &St, const std::string &Key, MutexSym Sym) {
  auto It = St.Locks.find(Key);
  // A critical section a thread runs inside ends at the first unlock of its mutex (one unlock
  // of a mutex locked twice included), or at the unlock of a mutex racecheck cannot tell apart.
  for (auto &[Id, Held] : St.Covering) {
    if (It == St.Locks.end())
      Held.clear();
    else
      Held.erase(Key);
  }
  // `unlock(&m[i])` may release whichever element of m is held.
  if (It == St.Locks.end() && Sym.Path.find("[*]") != std::string::npos) {
    for (auto H = St.Locks.begin(); H != St.Locks.end();)
      H = H->second.Sym.Coarse == Sym.Coarse ? St.Locks.erase(H) : std::next(H);
    return;
  }
  if (It == St.Locks.end()) {
    // Through a local pointer racecheck cannot follow (`m = &a; if (x) m = &b; unlock(m);`):
    // it may be any mutex held here, so none is known to be held any more.
    if (Sym.Root == MutexSym::kFixed && Sym.Path.empty() &&
        compat::startsWith(Sym.Coarse, "*local:"))
      St.Locks.clear();
    if (Sym.Key.empty()) {
      Sym.Key = Key;
      Sym.Name = Key;
    }
    St.Released[Key] = Sym;  // the caller's lock: part of this function's summary
    return;
  }
  if (--It->second.Count == 0)
    St.Locks.erase(It);
}

// ---- lock summaries: mutexes named relative to parameters and `this` ---------------------------

int BodyWalker::paramBehind(const VarDecl *V) const {
  if (const auto *P = dyn_cast<ParmVarDecl>(V))
    return P->getDeclContext() == Function ? static_cast<int>(P->getFunctionScopeIndex()) : -1;
  // A local that only copies a parameter (`struct slot *s = arg;`).
  if (V->hasLocalStorage() && V->getInit())
    if (const auto *D = dyn_cast<DeclRefExpr>(V->getInit()->IgnoreParenCasts()))
      if (const auto *P = dyn_cast<ParmVarDecl>(D->getDecl()); P && P->getDeclContext() == Function)
        return static_cast<int>(P->getFunctionScopeIndex());
  return -1;
}

// The parameter p whose object a pointer expression points into (`p`, `&p->part`), or -1.
int BodyWalker::pointeeParam(const Expr *E) const {
  E = E->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
    return lvalueParam(U->getSubExpr());
  if (const auto *D = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(D->getDecl()); V && V->getType()->isPointerType())
      return paramBehind(V);
  return -1;
}

// The parameter p such that the lvalue E is *p or a part of it (not memory a field points to).
int BodyWalker::lvalueParam(const Expr *E) const {
  E = E->IgnoreParenImpCasts();
  while (const auto *M = dyn_cast<MemberExpr>(E)) {
    if (M->isArrow())
      return pointeeParam(M->getBase());
    E = M->getBase()->IgnoreParenImpCasts();
  }
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref)
    return pointeeParam(U->getSubExpr());
  if (const auto *D = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(D->getDecl()); V && V->getType()->isReferenceType())
      return paramBehind(V);
  return -1;
}

// The mutex E denotes (`m`, `&m`, `p`, `&p->mu`): its identity, type-level key and path.
}  // namespace

MutexSym nameMutex(const Expr *E) {
  // A local pointer whose every value names one mutex (`m = &s->mutex;` after the
  // declaration) is that mutex, named as its value names it (a field's mutex by its field).
  if (const auto *D = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts())) {
    const auto *V = dyn_cast<VarDecl>(D->getDecl());
    std::vector<const Expr *> Values;
    PointerHop Hop;
    if (V && !isa<ParmVarDecl>(V) && Hop.allowed() && assignedValues(V, Values) &&
        !Values.empty()) {
      MutexSym S = nameMutex(Values[0]);
      bool One = !S.Path.empty() || !compat::startsWith(S.Coarse, "mutex:");  // named, or a field
      for (const Expr *Value : Values) {
        MutexSym T = nameMutex(Value);
        One = One && T.Key == S.Key && T.Coarse == S.Coarse && T.Path == S.Path;
      }
      if (One) {
        S.Name = V->getNameAsString();
        return S;
      }
    }
  }
  MutexSym S;
  std::string Key = AstPatterns::mutexKey(E, &S.Name);
  const Expr *Bare = E->IgnoreParenImpCasts();
  S.Path = Bare->getType()->isPointerType() ? AstPatterns::pointeePath(Bare)
                                            : AstPatterns::objectPath(Bare);
  // Whole mutex variables of one type may be the same object when reached through pointers;
  // fields and array elements keep their declaration's name.
  const Expr *Named = Bare;
  while (const auto *U = dyn_cast<UnaryOperator>(Named))
    Named = U->getSubExpr()->IgnoreParenImpCasts();
  bool Field = isa<MemberExpr>(Named) || isa<ArraySubscriptExpr>(Named);
  QualType T = Bare->getType()->isPointerType() ? Bare->getType()->getPointeeType() : Bare->getType();
  S.Coarse = Field ? Key : "mutex:" + T.getUnqualifiedType().getAsString();
  if (const auto *A = dyn_cast<ArraySubscriptExpr>(Named))
    S.Coarse = Key;  // "m[]": one key for the whole array
  // Through a pointer variable whose target is not known (`pthread_mutex_lock(q)`): that
  // variable's mutex, distinct from every other one.
  if (const auto *D = dyn_cast<DeclRefExpr>(Named); D && S.Path.empty() &&
                                                    Bare->getType()->isPointerType())
    if (const auto *V = dyn_cast<VarDecl>(D->getDecl()))
      S.Coarse = "*" + AstPatterns::varKey(V);
  bool Relative = compat::startsWith(S.Path, "param#") || compat::startsWith(S.Path, "this");
  S.Key = AstPatterns::isExactPath(S.Path) || Relative ? S.Path : S.Coarse;
  return S;
}

namespace {

// How a caller would name the mutex E denotes: through a parameter, `this`, or by its key.
MutexSym BodyWalker::classifyMutex(const Expr *E) {
  MutexSym S = nameMutex(E);
  E = skipAddressOfAndDeref(E);
  if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *P = dyn_cast<ParmVarDecl>(D->getDecl()); P && P->getDeclContext() == Function)
      S.Root = static_cast<int>(P->getFunctionScopeIndex());
  } else if (const auto *This = dyn_cast<CXXThisExpr>(E)) {
    S.Root = MutexSym::kThis;
    S.Key = "this";
    S.Coarse = "this:" + This->getType()->getPointeeType().getAsString();
    S.Path = "this";
    S.Name = "*this";
  } else if (const auto *M = dyn_cast<MemberExpr>(E)) {
    const auto *F = dyn_cast<FieldDecl>(M->getMemberDecl());
    if (F && isa<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts())) {
      S.Root = MutexSym::kThis;
      S.Inner = "." + F->getNameAsString();
      // A guard's constructor: `MutexLock(Mutex *m) : m_(m) { m_->Lock(); }` locks *m.
      if (const auto *C = dyn_cast<CXXConstructorDecl>(Function))
        for (const CXXCtorInitializer *I : C->inits())
          if (I->getMember() == F && I->getInit())
            if (const auto *D = dyn_cast<DeclRefExpr>(I->getInit()->IgnoreParenCasts()))
              if (const auto *P = dyn_cast<ParmVarDecl>(D->getDecl());
                  P && P->getDeclContext() == Function) {
                S.Root = static_cast<int>(P->getFunctionScopeIndex());
                S.Inner.clear();
                S.Path = "param#" + std::to_string(S.Root);
                S.Key = S.Path;
              }
    }
  }
  return S;
}

// Applies a callee's lock effects at a call, binding its parameters to Args and `this` to
// Object. Returns the mutexes it acquired (key, name).
std::vector<MutexSym>
BodyWalker::applySummary(const FunctionDecl *Callee, const Expr *Object,
                         llvm::ArrayRef<const Expr *> Args, const Stmt *At, FlowState &St,
                         bool AcquiresOnly) {
  std::vector<MutexSym> Acquired;
  const LockSummary &Summary = Builder.lockSummary(Callee);
  for (int Pass = 0; Pass < 2; ++Pass) {  // releases first, then acquisitions
    for (const LockEffect &E : Summary) {
      if (E.Acquire != (Pass == 1) || (AcquiresOnly && !E.Acquire))
        continue;
      MutexSym Bound = E.Mutex;
      if (E.Mutex.Root != MutexSym::kFixed) {
        const Expr *Arg = E.Mutex.Root == MutexSym::kThis
                              ? Object
                              : (static_cast<size_t>(E.Mutex.Root) < Args.size()
                                     ? Args[E.Mutex.Root]
                                     : nullptr);
        if (!Arg)
          continue;
        if (isa<CXXThisExpr>(Arg->IgnoreParenImpCasts()) && E.Mutex.Root == MutexSym::kThis) {
          Bound.Root = MutexSym::kThis;  // same object: the callee's own name for it
        } else {
          Bound = classifyMutex(Arg);
          // The wrapper's own mutex inside the object passed: one per object, so the key
          // follows the object (`s->mu` + ".mu_"), not the wrapper class's field.
          Bound.Inner += E.Mutex.Inner;
          Bound.Key += E.Mutex.Inner;
          Bound.Coarse += E.Mutex.Inner;
          if (!Bound.Path.empty())
            Bound.Path += E.Mutex.Inner;
        }
      }
      if (E.Acquire) {
        acquire(St, Bound.Key, Bound.Name, E.Shared, epochAt(At), Bound);
        Acquired.push_back(Bound);
      } else {
        release(St, Bound.Key, Bound);
      }
    }
  }
  return Acquired;
}

std::string BodyWalker::freshInLoop(const Expr *Arg, const Stmt *Start) const {
  const auto *Ref = dyn_cast<DeclRefExpr>(Arg->IgnoreParenCasts());
  const auto *V = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  std::string Path = V ? AstPatterns::pointeePath(Arg) : "";
  if (Path.rfind("alloc:", 0) != 0)
    return "";
  const Stmt *Loop = Parents.getParent(Start);
  while (Loop && !isLoop(Loop))
    Loop = Parents.getParent(Loop);
  if (!Loop)
    return "";
  SourceLocation At = SM.getExpansionLoc(V->getLocation());
  bool Inside = !SM.isBeforeInTranslationUnit(At, SM.getExpansionLoc(Loop->getBeginLoc())) &&
                SM.isBeforeInTranslationUnit(At, SM.getExpansionLoc(Loop->getEndLoc()));
  return Inside ? Path : "";
}

bool BodyWalker::perInstance(const Expr *Arg, const Stmt *Start) const {
  // `&slots[i]` or `slots + i`, i the counter of the one loop around the start.
  const Expr *IndexExpr = nullptr;
  Arg = Arg->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(Arg); U && U->getOpcode() == UO_AddrOf) {
    if (const auto *A = dyn_cast<ArraySubscriptExpr>(U->getSubExpr()->IgnoreParenImpCasts()))
      IndexExpr = A->getIdx();
  } else if (const auto *B = dyn_cast<BinaryOperator>(Arg);
             B && B->getOpcode() == BO_Add && B->getLHS()->getType()->isPointerType()) {
    IndexExpr = B->getRHS();
  }
  const auto *Ref = IndexExpr ? dyn_cast<DeclRefExpr>(IndexExpr->IgnoreParenImpCasts()) : nullptr;
  const auto *Counter = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Counter)
    return false;
  const ForStmt *Loop = nullptr;
  for (const Stmt *P = Parents.getParent(Start); P; P = Parents.getParent(P)) {
    if (!isLoop(P))
      continue;
    if (Loop)
      return false;  // an outer loop could hand the same slot out again while it runs
    Loop = dyn_cast<ForStmt>(P);
    if (!Loop)
      return false;
  }
  if (!Loop || !Loop->getInc())
    return false;
  // The counter changes only in the loop's increment, by one step each iteration.
  auto Writes = [&](const Stmt *S) {
    bool Found = false;
    forEachNode(S, [&](const Stmt *N) {
      const Expr *Target = nullptr;
      if (const auto *U = dyn_cast<UnaryOperator>(N); U && U->isIncrementDecrementOp())
        Target = U->getSubExpr();
      else if (const auto *B = dyn_cast<BinaryOperator>(N); B && B->isAssignmentOp())
        Target = B->getLHS();
      if (const auto *D = Target ? dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts()) : nullptr)
        Found = Found || D->getDecl() == Counter;
    });
    return Found;
  };
  const auto *Inc = dyn_cast<UnaryOperator>(Loop->getInc()->IgnoreParenImpCasts());
  return Inc && Inc->isIncrementDecrementOp() && Writes(Inc) && !Writes(Loop->getBody());
}

void BodyWalker::applyLock(const LockOperation &Op, const Stmt *At, FlowState &St) {
  if (Op.Kind == LockKind::TryAcquire || Op.Kind == LockKind::TryAcquireShared)
    return;  // decided at the branch on its result
  std::vector<MutexSym> Mutexes;
  bool Shared = Op.Kind == LockKind::AcquireShared;
  if (Op.Guard) {
    auto It = St.Guards.find(Op.Guard);
    if (It == St.Guards.end())
      return;
    GuardState &G = It->second;
    Mutexes = G.Mutexes;
    Shared = Shared || G.Shared;
    if (Op.DropsGuard) {
      G.Owns = false;
      return;
    }
    G.Owns = Op.Kind != LockKind::Release;
  } else {
    for (const Expr *M : Op.Mutexes) {
      MutexSym Sym = classifyMutex(M);
      if (Op.Kind == LockKind::Release)
        release(St, Sym.Key, Sym);
      else
        acquire(St, Sym.Key, Sym.Name, Shared, epochAt(At), Sym);
    }
    return;
  }
  for (const MutexSym &M : Mutexes) {
    if (Op.Kind == LockKind::Release)
      release(St, M.Key, M);
    else
      acquire(St, M.Key, M.Name, Shared, epochAt(At), M);
  }
}

// True when S is followed, in its own nested block, by a return or a call that does not
// return: an error path (`if (..) { join(terminator); return 1; }`) rather than a teardown.
bool BodyWalker::bailsOut(const Stmt *S) const {
  const Stmt *Child = S;
  const Stmt *P = Parents.getParent(S);
  while (P && !isa<CompoundStmt>(P)) {
    Child = P;
    P = Parents.getParent(P);
  }
  const auto *Block = dyn_cast_or_null<CompoundStmt>(P);
  if (!Block || Block == Body)
    return false;  // the function's own last return ends every path, teardowns included
  bool After = false;
  for (const Stmt *Item : Block->body()) {
    if (Item == Child) {
      After = true;
      continue;
    }
    if (!After)
      continue;
    if (isa<ReturnStmt>(Item))
      return true;
    if (const auto *Call = dyn_cast<CallExpr>(Item))
      if (const FunctionDecl *F = Call->getDirectCallee(); F && F->isNoReturn())
        return true;
  }
  return false;
}

// Joins the threads whose handle is Handle; with Slot, only the one stored at that constant
// index (`pthread_join(tids[0], ...)` leaves `tids[1]` and the ones a loop started running).
void BodyWalker::join(const VarDecl *Handle, FlowState &St, std::optional<llvm::APSInt> Slot) {
  if (!Handle)
    return;
  auto It = Index.RangeContainer.find(Handle);
  const VarDecl *Owner = It == Index.RangeContainer.end() ? Handle : It->second;
  for (const auto &[Id, H] : Index.StartHandle) {
    if (Slot) {
      auto Started = Index.StartSlot.find(Id);
      if (Started == Index.StartSlot.end() || !llvm::APSInt::isSameValue(Started->second, *Slot))
        continue;
    }
    if (H == Owner || H == Handle) {
      if (Recording && St.Running.count(Id))
        noteEnd(Id, St);
      St.Running.erase(Id);
      St.Covering.erase(Id);
    }
  }
}

// A join of a handle kept in a structure (`pthread_join(fifo->consumers[i], ..)`) ends the
// starts of this function that stored their handle in the same slot.
void BodyWalker::joinKept(const std::string &KeptIn, FlowState &St) {
  if (KeptIn.empty())
    return;
  for (const auto &[Id, Slot] : Index.StartKeptIn) {
    if (Slot != KeptIn)
      continue;
    if (Recording && St.Running.count(Id))
      noteEnd(Id, St);
    St.Running.erase(Id);
    St.Covering.erase(Id);
  }
}

// Whether a thread this function starts keeps its handle in Handle (or in the slot KeptIn).
bool BodyWalker::startedHere(const VarDecl *Handle, const std::string &KeptIn) const {
  if (!Handle)
    return std::any_of(Index.StartKeptIn.begin(), Index.StartKeptIn.end(),
                       [&](const auto &S) { return !KeptIn.empty() && S.second == KeptIn; });
  auto Owned = Index.RangeContainer.find(Handle);
  const VarDecl *Owner = Owned == Index.RangeContainer.end() ? Handle : Owned->second;
  return std::any_of(Index.StartHandle.begin(), Index.StartHandle.end(),
                     [&](const auto &S) { return S.second == Owner || S.second == Handle; });
}

// The thread Id stops running here (joined, or `main` returns): what still covers it.
void BodyWalker::noteEnd(unsigned Id, const FlowState &St) {
  auto Now = St.Covering.find(Id);
  std::map<std::string, unsigned> Held;
  if (Now != St.Covering.end())
    Held = Now->second;
  auto [It, First] = CoveredAtEnd.try_emplace(Id, Held);
  if (!First)
    It->second = common(It->second, Held);
}

void BodyWalker::destroy(const VarDecl *V, FlowState &St) {
  auto G = St.Guards.find(V);
  if (G != St.Guards.end()) {
    if (G->second.Owns)
      for (const MutexSym &M : G->second.Mutexes)
        release(St, M.Key, M);
    St.Guards.erase(G);
    return;
  }
  // jthread (and containers of them) and std::async futures join when destroyed.
  QualType T = V->getType();
  std::string Spelled = T.getAsString();
  if (Spelled.find("jthread") != std::string::npos || Spelled.find("future") != std::string::npos)
    join(V, St);
}

void BodyWalker::visitDecl(const DeclStmt *D, FlowState &St, bool Record) {
  for (const Decl *Dc : D->decls()) {
    const auto *V = dyn_cast<VarDecl>(Dc);
    if (!V || !V->getInit())
      continue;
    const Expr *Init = skipValueWrappers(V->getInit());
    std::optional<GuardConstruction> G = Patterns.awaitedGuard(V);
    const auto *C = dyn_cast<CXXConstructExpr>(Init);
    if (C && !G)
      G = AstPatterns::guardConstruction(C);
    if (G) {
      GuardState GS;
      GS.Shared = G->Shared;
      GS.Owns = G->Mode != GuardMode::Defers;
      // `unique_lock(m, std::try_to_lock)` (or a timeout) never waits: LockAcquire::Try.
      TryLocking = C && std::any_of(C->arg_begin(), C->arg_end(), [](const Expr *A) {
        std::string T = A->getType().getCanonicalType().getAsString();
        return T.find("try_to_lock_t") != std::string::npos ||
               T.find("std::chrono::") != std::string::npos;
      });
      for (const Expr *M : G->Mutexes) {
        MutexSym Sym = classifyMutex(M);
        GS.Mutexes.push_back(Sym);
        if (G->Mode == GuardMode::Locks ||
            (G->Mode == GuardMode::Adopts && !St.Locks.count(Sym.Key)))
          acquire(St, Sym.Key, Sym.Name, G->Shared, epochAt(D), Sym);
      }
      TryLocking = false;
      St.Guards[V] = GS;
    } else if (const CXXConstructorDecl *Ctor = C ? C->getConstructor() : nullptr) {
      // A guard class of the user's: its constructor takes a mutex (through wrappers, as
      // leveldb's MutexLock), its destructor gives one back; it holds for the variable's life.
      std::vector<const Expr *> Args(C->arg_begin(), C->arg_end());
      auto Acquired = applySummary(Ctor, nullptr, Args, D, St, true);
      const CXXRecordDecl *Class = Ctor->getParent();
      const CXXDestructorDecl *Dtor = Class ? Class->getDestructor() : nullptr;
      bool Releases = false;
      if (Dtor)
        for (const LockEffect &E : Builder.lockSummary(Dtor))
          Releases = Releases || !E.Acquire;
      if (!Acquired.empty() && Releases) {
        GuardState GS;
        GS.Owns = true;
        GS.Mutexes = Acquired;
        St.Guards[V] = GS;
      }
    }
    if (Record && V->hasLocalStorage()) {
      noteAtomicTaint(V, V->getInit(), St);
      noteDecision(V, V->getInit(), St);
    }
  }
}

void BodyWalker::visit(const Stmt *S, FlowState &St, bool Record) {
  CurrentNode = S;
  if (isa<CoawaitExpr>(S) || isa<CoyieldExpr>(S)) {
    St.Suspension = epochAt(S);
    return;
  }
  if (const auto *D = dyn_cast<DeclStmt>(S))
    return visitDecl(D, St, Record);
  if (const auto *E = dyn_cast<Expr>(S)) {
    if (Index.StartIds.count(S))
      if (auto Start = Builder.threadStartAt(E)) {
        visitThreadStart(S, *Start, St, Record);
        // A project's own submit function (a pool's `POOL_add`, configured in ThreadApis) is
        // also code the submitter runs: its queue bookkeeping is the caller's work.
        if (const auto *C = dyn_cast<CallExpr>(S))
          if (const FunctionDecl *Callee = C->getDirectCallee();
              Callee && !SM.isInSystemHeader(SM.getExpansionLoc(Callee->getLocation())))
            visitCall(C, St, Record);
        return;
      }
  }
  if (const auto *C = dyn_cast<CallExpr>(S))
    return visitCall(C, St, Record);
  if (!Record)
    return;
  if (isa<AtomicExpr>(S))
    return checkAtomicStore(S, St);
  if (const auto *B = dyn_cast<BinaryOperator>(S)) {
    if (B->isAssignmentOp()) {
      recordAccess(B->getLHS(), AccessKind::Write, St);
      checkAtomicStore(S, St);
      if (const auto *D = dyn_cast<DeclRefExpr>(B->getLHS()->IgnoreParenImpCasts()))
        if (const auto *V = dyn_cast<VarDecl>(D->getDecl()); V && V->hasLocalStorage()) {
          noteAtomicTaint(V, B->getRHS(), St);
          noteDecision(V, B->getRHS(), St);
        }
    }
  } else if (const auto *U = dyn_cast<UnaryOperator>(S)) {
    if (U->isIncrementDecrementOp())
      recordAccess(U->getSubExpr(), AccessKind::Write, St);
  } else if (const auto *Cast = dyn_cast<ImplicitCastExpr>(S)) {
    if (Cast->getCastKind() == CK_LValueToRValue) {
      recordAccess(Cast->getSubExpr(), AccessKind::Read, St);
      useDecision(Cast->getSubExpr());
    }
  } else if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    if (!Index.HandedOffLambdas.count(L)) {  // called here, most likely (algorithms, helpers)
      CallSite Site;
      Site.Callee = AstPatterns::functionKey(L->getCallOperator());
      Site.Pos = pos(L->getBeginLoc());
      Site.Locks = locksetOf(St);
      Site.LockedBefore = lockedBefore(St);
      Site.WaitedOn = waitedOn(St);
      Site.Running.assign(St.Running.begin(), St.Running.end());
      Facts.Calls.push_back(Site);
    }
  }
}

void BodyWalker::visitCall(const CallExpr *C, FlowState &St, bool Record) {
  if (auto Op = Patterns.lockOperation(C))
    return applyLock(*Op, C, St);
  if (const FunctionDecl *F = C->getDirectCallee(); F && F->getIdentifier()) {
    if (F->getName() == "__VERIFIER_atomic_begin")
      return acquire(St, kSvcompAtomic, kSvcompAtomic, false, epochAt(C), MutexSym{});
    if (F->getName() == "__VERIFIER_atomic_end")
      return release(St, kSvcompAtomic, MutexSym{});
  }
  if (const Expr *H = Builder.joinedHandleAt(C)) {
    const VarDecl *Handle = AstPatterns::handleVariable(H);
    std::string Slot = handleSlot(H);
    if (!startedHere(Handle, Slot) && Recording && !Slot.empty() && !bailsOut(C))
      Facts.KeptThreadJoins.push_back({pos(C->getBeginLoc()), Slot});
    if (!Handle)
      return joinKept(Slot, St);
    return join(Handle, St, constantSlot(H, Context));
  }
  // A wait for a count of running jobs to reach zero ends every job started before it. Only
  // seen when the waiting function is defined in this unit.
  if (const FunctionDecl *Callee = C->getDirectCallee(); Callee && Builder.waitsForAllJobs(Callee))
    St.Running.clear();
  // A condition wait releases the mutex and takes it again before it returns.
  if (auto Wait = AstPatterns::conditionWait(C)) {
    if (Wait->Mutex) {
      MutexSym M = classifyMutex(Wait->Mutex);
      if (auto It = St.Locks.find(M.Key); It != St.Locks.end())
        noteWait(It->second, St);
    } else if (const auto *D = dyn_cast<DeclRefExpr>(Wait->Lock->IgnoreParenImpCasts())) {
      if (auto G = St.Guards.find(dyn_cast<VarDecl>(D->getDecl())); G != St.Guards.end())
        for (const MutexSym &M : G->second.Mutexes)
          if (auto It = St.Locks.find(M.Key); It != St.Locks.end()) {
            It->second.Lock.Epoch = epochAt(C);
            noteWait(It->second, St);
          }
    }
  }
  if (const FunctionDecl *Callee = C->getDirectCallee()) {
    const Expr *Object = nullptr;
    std::vector<const Expr *> Args(C->arg_begin(), C->arg_end());
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
      Object = MC->getImplicitObjectArgument();
    } else if (isa<CXXOperatorCallExpr>(C) && isa<CXXMethodDecl>(Callee) && !Args.empty()) {
      Object = Args.front();
      Args.erase(Args.begin());
    }
    applySummary(Callee, Object, Args, C, St, false);
  }
  if (!Record)
    return;
  checkAtomicStore(C, St);
  if (AstPatterns::isCallOnce(C) && C->getNumArgs() > 1) {
    if (const FunctionDecl *Once = AstPatterns::resolveCallable(C->getArg(1))) {
      CallSite Site;
      Site.Callee = AstPatterns::functionKey(Once);
      Site.Pos = pos(C->getBeginLoc());
      Site.Locks = locksetOf(St);
      Site.LockedBefore = lockedBefore(St);
      Site.WaitedOn = waitedOn(St);
      Site.Running.assign(St.Running.begin(), St.Running.end());
      // Through a pointer to a flag, the callable runs once for a flag that may differ per call.
      std::optional<std::string> Flag = AstPatterns::onceFlag(C);
      Site.OnceInit = true;
      Site.OnceFlagUnknown = !Flag.has_value();
      Site.OnceControl = Flag.value_or("");
      Facts.Calls.push_back(Site);
    }
    return;
  }
  const FunctionDecl *Callee = C->getDirectCallee();
  if (!Callee)
    return visitIndirectCall(C, St);
  if (recordMemoryCall(C, St))
    return;
  if (SM.isInSystemHeader(Callee->getLocation()))
    return visitMemberAccessCall(C, St, Record);
  // Defined in another unit, or not at all: the model follows it if some unit defines it.
  visitPlainCall(C, St);
}

// `memset(&s, 0, sizeof s)`, `memcpy(&dst, &src, n)`, `bzero(buf, n)`: a write of the object
// the destination names (every field of a struct) and a read of the source's. Only objects
// named in the call (`&x`, an array) are seen; what a plain pointer points to is not known.
bool BodyWalker::recordMemoryCall(const CallExpr *C, const FlowState &St) {
  const FunctionDecl *F = C->getDirectCallee();
  if (!F || !F->getIdentifier())
    return false;
  std::string Name = F->getName().str();
  if (Name.rfind("__builtin_", 0) == 0)
    Name = Name.substr(10);
  if ((Name == "free" || Name == "realloc") && C->getNumArgs() >= 1)
    return recordRelease(C->getArg(0), St);
  bool Copy = Name == "memcpy" || Name == "memmove";
  if (!Copy && Name != "memset" && Name != "bzero" && Name != "explicit_bzero")
    return false;
  if (C->getNumArgs() < 2)
    return false;
  auto Object = [](const Expr *Arg) -> const Expr * {
    const Expr *E = Arg->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
      return U->getSubExpr();
    return E->getType()->isArrayType() ? E : nullptr;
  };
  if (const Expr *Dst = Object(C->getArg(0)))
    recordAccess(Dst, AccessKind::Write, St);
  if (Copy)
    if (const Expr *Src = Object(C->getArg(1)))
      recordAccess(Src, AccessKind::Read, St);
  return true;
}

// `free(q)` of an allocation handed to a thread (`int *q = malloc(..); pthread_create(.., q)`)
// writes the whole object, as Goblint counts it: the thread may still be using it. Other frees
// are not accesses (most are of objects no other thread holds any more).
bool BodyWalker::recordRelease(const Expr *Arg, const FlowState &St) {
  const Expr *Pointer = Arg->IgnoreParenCasts();
  const VarDecl *V = handedAllocation(Pointer);
  if (!V || std::find(Index.Escaping.begin(), Index.Escaping.end(), V) == Index.Escaping.end() ||
      Pointer->getType()->getPointeeType()->isIncompleteType())
    return true;
  // `*q`, made for the access record: the object q points to.
  auto *Object = UnaryOperator::Create(
      Context, const_cast<Expr *>(Pointer), UO_Deref, Pointer->getType()->getPointeeType(),
      VK_LValue, OK_Ordinary, Pointer->getExprLoc(), false, FPOptionsOverride());
  recordAccess(Object, AccessKind::Write, St);
  return true;
}

// A call through a function pointer (`ops->run(x)`, `(*fp)()`): every function of the
// pointer's type whose address is taken somewhere may be the callee.
void BodyWalker::visitIndirectCall(const CallExpr *C, const FlowState &St) {
  const Expr *Target = C->getCallee();
  if (!Target || isa<CXXPseudoDestructorExpr>(Target->IgnoreParenImpCasts()))
    return;
  CallSite Site;
  // `(this->*send_)()`, `(obj.*pmf)(x)`: a pointer to a member function of obj's class.
  const auto *PtrMem = dyn_cast<BinaryOperator>(Target->IgnoreParens());
  if (PtrMem && PtrMem->isPtrMemOp()) {
    Site.IndirectType = AstPatterns::functionTypeKey(PtrMem->getRHS()->getType());
    Site.IndirectSlot = AstPatterns::pointerSlot(PtrMem->getRHS());
    const Expr *Object = PtrMem->getLHS();
    Site.OnThis = isa<CXXThisExpr>(Object->IgnoreParenImpCasts());
    std::string P = pathOf(Object, PtrMem->getOpcode() == BO_PtrMemI);
    if (!P.empty())
      Site.ArgPaths.emplace_back(CallSite::kThisArg, P);
  } else if (Target->getType()->isFunctionPointerType()) {
    Site.IndirectType = AstPatterns::functionTypeKey(Target->getType());
    Site.IndirectSlot = AstPatterns::pointerSlot(Target);
  } else {
    return;
  }
  Site.Pos = pos(C->getBeginLoc());
  Site.Locks = locksetOf(St);
  Site.LockedBefore = lockedBefore(St);
  Site.WaitedOn = waitedOn(St);
  Site.Running.assign(St.Running.begin(), St.Running.end());
  for (unsigned I = 0; I < C->getNumArgs(); ++I)
    if (C->getArg(I)->getType()->isPointerType()) {
      std::string P = pathOf(C->getArg(I), true);
      if (!P.empty())
        Site.ArgPaths.emplace_back(I, P);
    }
  Facts.Calls.push_back(Site);
}

// A call into the standard library on a shared object: a const method reads it, others write.
void BodyWalker::visitMemberAccessCall(const CallExpr *C, const FlowState &St, bool) {
  const Expr *Object = nullptr;
  const CXXMethodDecl *Method = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
    Object = MC->getImplicitObjectArgument();
    Method = MC->getMethodDecl();
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(C); Op && Op->getNumArgs() > 0) {
    Method = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
    Object = Op->getArg(0);
  }
  if (!Object || !Method || Method->isStatic())
    return;
  if (Object->getType()->isPointerType())
    return;
  switch (AstPatterns::containerCall(Method)) {
  case ContainerAccess::NotAContainer:
    break;
  case ContainerAccess::Slot:
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(C); Op && Op->getNumArgs() > 1 &&
                                                           !isa<IntegerLiteral>(Op->getArg(1)->IgnoreParenImpCasts()))
      return;  // per-slot accesses, as for built-in arrays
    return recordAccess(Object, AccessKind::Read, St);
  case ContainerAccess::Read:
    return recordAccess(Object, AccessKind::Read, St);
  case ContainerAccess::Write:
    return recordAccess(Object, AccessKind::Write, St);
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(C); Op &&
                                                        Op->getOperator() == OO_Subscript &&
                                                        Op->getNumArgs() > 1 &&
                                                        !isa<IntegerLiteral>(Op->getArg(1)->IgnoreParenImpCasts()))
    return;  // per-slot writes, as for built-in arrays
  recordAccess(Object, Method->isConst() ? AccessKind::Read : AccessKind::Write, St);
}

std::vector<std::pair<unsigned, std::string>>
BodyWalker::bindArguments(const FunctionDecl *Callee, llvm::ArrayRef<const Expr *> Args,
                          bool FirstIsObject) {
  std::vector<std::pair<unsigned, std::string>> Bound;
  unsigned Skip = FirstIsObject ? 1 : 0;
  for (unsigned I = Skip; I < Args.size() && I - Skip < Callee->getNumParams(); ++I) {
    QualType PT = Callee->getParamDecl(I - Skip)->getType();
    const Expr *Arg = Args[I];
    const Expr *Named = nullptr;
    if (const VarDecl *V = addressedVariable(Arg)) {
      (void)V;
      Named = skipValueWrappers(Arg)->IgnoreParenCasts();
      if (const auto *U = dyn_cast<UnaryOperator>(Named))
        Named = U->getSubExpr();
      else if (const auto *Ref = dyn_cast<CallExpr>(Named))
        Named = Ref->getArg(0);
    } else if (PT->isReferenceType()) {
      Named = Arg;
    } else if (const VarDecl *V = handedAllocation(Arg);
               V && std::find(Index.Escaping.begin(), Index.Escaping.end(), V) !=
                        Index.Escaping.end()) {
      Bound.emplace_back(I - Skip, AstPatterns::allocationKey(V));
      continue;
    }
    if (!Named)
      continue;
    if (auto M = Patterns.sharedMemory(Named, Index.Escaping))
      if (M->Param < 0)
        Bound.emplace_back(I - Skip, M->Key);
  }
  return Bound;
}

// An object path, with "frame:" before a local of this very function (not one captured from
// an enclosing function): every running instance of the function has its own.
std::string BodyWalker::pathOf(const Expr *E, bool Pointee) const {
  const VarDecl *Root = nullptr;
  std::string P = Pointee ? AstPatterns::pointeePath(E, &Root) : AstPatterns::objectPath(E, &Root);
  if (!P.empty() && Root && Root->hasLocalStorage() && Root->getParentFunctionOrMethod() == Function)
    return "frame:" + P;
  // A local of the enclosing function, captured by a lambda: whose frame it is depends on where
  // the lambda runs (ConcurrencyModel::place).
  if (!P.empty() && Root && Root->hasLocalStorage() && !Root->isStaticLocal())
    return "capture:" + P;
  return P;
}

// What each argument points or refers to, as an object path in this function.
std::vector<std::pair<unsigned, std::string>>
BodyWalker::argumentPaths(const FunctionDecl *Callee, llvm::ArrayRef<const Expr *> Args,
                          unsigned Skip) {
  std::vector<std::pair<unsigned, std::string>> Paths;
  for (unsigned I = Skip; I < Args.size() && I - Skip < Callee->getNumParams(); ++I) {
    QualType PT = Callee->getParamDecl(I - Skip)->getType();
    std::string P;
    const Expr *Arg = skipValueWrappers(Args[I]);
    if (const auto *Ref = dyn_cast<CallExpr>(Arg); Ref && addressedVariable(Arg))
      P = pathOf(Ref->getArg(0), false);  // std::ref(x)
    else if (PT->isReferenceType())
      P = pathOf(Arg, false);
    else if (PT->isPointerType() || Arg->getType()->isPointerType())
      P = pathOf(Arg, true);
    if (!P.empty())
      Paths.emplace_back(I - Skip, P);
  }
  return Paths;
}

void BodyWalker::visitPlainCall(const CallExpr *C, const FlowState &St) {
  const FunctionDecl *Callee = C->getDirectCallee();
  CallSite Site;
  Site.Callee = AstPatterns::functionKey(Callee);
  Site.Pos = pos(C->getBeginLoc());
  Site.Locks = locksetOf(St);
  Site.LockedBefore = lockedBefore(St);
  Site.WaitedOn = waitedOn(St);
  Site.Running.assign(St.Running.begin(), St.Running.end());
  std::vector<const Expr *> Args(C->arg_begin(), C->arg_end());
  bool OperatorMethod = isa<CXXOperatorCallExpr>(C) && isa<CXXMethodDecl>(Callee);
  Site.BoundArgs = bindArguments(Callee, Args, OperatorMethod);
  Site.ArgPaths = argumentPaths(Callee, Args, OperatorMethod ? 1 : 0);
  if (OperatorMethod && !Args.empty())
    Site.ArgPaths.emplace_back(CallSite::kThisArg, pathOf(Args.front(), false));
  for (unsigned I = OperatorMethod ? 1 : 0; I < Args.size(); ++I) {
    unsigned P = I - (OperatorMethod ? 1 : 0);
    if (P >= Callee->getNumParams())
      break;
    int Q = Callee->getParamDecl(P)->getType()->isReferenceType() ? lvalueParam(Args[I])
                                                                   : pointeeParam(Args[I]);
    if (Q >= 0)
      Site.ParamArgs.emplace_back(P, static_cast<unsigned>(Q));
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
    const Expr *Object = MC->getImplicitObjectArgument();
    if (Object)
      Site.ObjectParam = Object->getType()->isPointerType() ? pointeeParam(Object)
                                                            : lvalueParam(Object);
    if (Object) {
      std::string P = pathOf(Object, Object->getType()->isPointerType());
      if (!P.empty())
        Site.ArgPaths.emplace_back(CallSite::kThisArg, P);
    }
    if (Object && isa<CXXThisExpr>(Object->IgnoreParenImpCasts()))
      Site.OnThis = true;
    else if (Object)
      if (const auto *D = dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts()))
        if (const auto *V = dyn_cast<VarDecl>(D->getDecl()))
          Site.ObjectIsLocal = V->hasLocalStorage() && !V->getType()->isReferenceType() &&
                               std::find(Index.Escaping.begin(), Index.Escaping.end(), V) ==
                                   Index.Escaping.end();
  }
  Facts.Calls.push_back(Site);
}

void BodyWalker::visitThreadStart(const Stmt *S, const ThreadStartCall &Start, FlowState &St,
                                  bool Record) {
  unsigned Id = Index.StartIds[S];
  const FunctionDecl *Entry = AstPatterns::resolveCallable(Start.Callable);
  if (Record && Entry) {
    ThreadStart T;
    T.Id = Id;
    T.Entry = AstPatterns::functionKey(Entry);
    if (isa<CXXMethodDecl>(Entry) && cast<CXXMethodDecl>(Entry)->getParent()->isLambda()) {
      SourcePos At = pos(Entry->getBeginLoc());
      T.EntryName = "lambda at " + llvm::sys::path::filename(At.File).str() + ":" +
                    std::to_string(At.Line);
    } else {
      T.EntryName = readableName(Entry);
    }
    T.Api = Start.Api;
    if (Start.Handle)
      T.HandleSlot = handleSlot(Start.Handle);
    T.Pos = pos(S->getBeginLoc());
    T.Repeated = Index.RepeatedStarts.count(Id) > 0 || St.Running.count(Id) > 0;
    T.Deferred = Start.Deferred;
    T.HandedTo = Start.HandedTo;
    T.RunningBefore.assign(St.Running.begin(), St.Running.end());
    T.LocksAtStart = locksetOf(St);
    bool MemberPointer = isa<CXXMethodDecl>(Entry) && !cast<CXXMethodDecl>(Entry)->isStatic() &&
                         !cast<CXXMethodDecl>(Entry)->getParent()->isLambda() &&
                         cast<CXXMethodDecl>(Entry)->getOverloadedOperator() != OO_Call;
    T.BoundArgs = bindArguments(Entry, Start.Arguments, MemberPointer);
    T.ArgPaths = argumentPaths(Entry, Start.Arguments, MemberPointer ? 1 : 0);
    if (MemberPointer && !Start.Arguments.empty()) {
      const Expr *Object = Start.Arguments.front();
      std::string P = Object->IgnoreParenImpCasts()->getType()->isPointerType()
                          ? pathOf(Object, true)
                          : pathOf(skipValueWrappers(Object), false);
      if (!P.empty())
        T.ArgPaths.emplace_back(CallSite::kThisArg, P);
    }
    // A lambda that captures `this` (`std::thread([this] { run(); })`): its body's `this` is
    // the starter's object.
    const auto *Method = dyn_cast<CXXMethodDecl>(Entry);
    if (Method && Method->getParent()->isLambda() &&
        std::any_of(Method->getParent()->captures().begin(), Method->getParent()->captures().end(),
                    [](const LambdaCapture &C) { return C.capturesThis(); }))
      T.ArgPaths.emplace_back(CallSite::kThisArg, "this");
    if (T.Repeated)
      for (unsigned I = MemberPointer ? 1 : 0; I < Start.Arguments.size(); ++I) {
        std::string Fresh = freshInLoop(Start.Arguments[I], S);
        if (!Fresh.empty())
          T.HandedOver.push_back(Fresh);
        if (!Fresh.empty() || perInstance(Start.Arguments[I], S))
          T.OwnArgs.push_back(I - (MemberPointer ? 1 : 0));
      }
    Facts.Starts.push_back(T);
  }
  if (!Start.Deferred && !Start.JoinedInside) {
    St.Running.insert(Id);
    auto &Held = St.Covering[Id];
    Held.clear();
    for (const auto &[Key, H] : St.Locks)
      Held[Key] = H.Lock.Epoch;
  }
}

// Which starts are joined on every path, and which locks cover them until then. When `main`
// returns the process ends, so a thread still running there ends with it.
void BodyWalker::finishStarts(const FlowState &AtExit) {
  bool Main = Function->isMain();
  std::set<unsigned> Outliving;
  if (AtExit.Reached)
    for (unsigned Id : AtExit.Running) {
      if (Main)
        noteEnd(Id, AtExit);
      else
        Outliving.insert(Id);
    }
  for (ThreadStart &T : Facts.Starts) {
    auto End = CoveredAtEnd.find(T.Id);
    if (!AtExit.Reached || End == CoveredAtEnd.end() || Outliving.count(T.Id))
      continue;
    T.JoinedHere = true;
    for (const HeldLock &L : T.LocksAtStart) {
      auto It = End->second.find(L.Mutex);
      if (It == End->second.end() || It->second != L.Epoch)
        continue;
      HeldLock Inherited = L;
      Inherited.Inherited = true;
      T.HeldUntilJoin.push_back(Inherited);
    }
  }
}

// ---- accesses ---------------------------------------------------------------------------------

void BodyWalker::recordAccess(const Expr *LValue, AccessKind K, const FlowState &St) {
  auto M = Patterns.sharedMemory(LValue, Index.Escaping);
  if (!M)
    return;
  SourceLocation Loc = LValue->IgnoreParenImpCasts()->getExprLoc();
  if (const auto *ME = dyn_cast<MemberExpr>(LValue->IgnoreParenImpCasts()))
    Loc = ME->getMemberLoc();
  if (SM.isInSystemHeader(SM.getExpansionLoc(Loc)))
    return;
  Access A;
  A.Var = M->Key;
  A.VarName = M->Name;
  A.Kind = K;
  A.Pos = pos(Loc);
  A.Locks = locksetOf(St);
  A.LockedBefore = lockedBefore(St);
  A.WaitedOn = waitedOn(St);
  A.Running.assign(St.Running.begin(), St.Running.end());
  A.ViaThis = M->ViaThis;
  A.Param = M->Param;
  A.Path = pathOf(LValue, false);
  A.TypeChain = AstPatterns::typeChain(LValue);
  Facts.Accesses.push_back(A);
  recordFields(LValue, A);
  const Stmt *Node = LValue->IgnoreParenImpCasts();
  if (K == AccessKind::Read) {
    auto It = Index.ConditionNodes.find(Node);
    if (It != Index.ConditionNodes.end())
      ConditionReads.push_back({It->second, M->Key, A.Pos, St});
  } else {
    Writes.push_back({Node, M->Key, M->Name, A.Pos, St});
  }
}

// A C struct read or written as a whole (`s = other;`, `other = s;`) reads or writes every
// field: one access per field, so that it meets `s.x` written by another thread.
void BodyWalker::recordFields(const Expr *LValue, const Access &Whole) {
  QualType T = LValue->getType();
  if (Context.getLangOpts().CPlusPlus || !T->isRecordType())
    return;
  for (const AstPatterns::FieldPart &F : Patterns.fieldsOf(T)) {
    Access A = Whole;
    A.Var = F.Key;
    A.VarName = Whole.VarName + F.Suffix;
    A.Path = Whole.Path.empty() ? "" : Whole.Path + F.Suffix;
    A.TypeChain = Whole.TypeChain.empty() ? "" : Whole.TypeChain + ";" + F.Chain;
    Facts.Accesses.push_back(A);
  }
}

const Expr *BodyWalker::findAtomicLoad(const Expr *Value, const std::string &Key,
                                       SourcePos *Pos) {
  const Expr *Found = nullptr;
  forEachNode(Value, [&](const Stmt *S) {
    const auto *E = dyn_cast<Expr>(S);
    if (Found || !E)
      return;
    std::string Loaded;
    if (Patterns.isAtomicLoad(E, &Loaded) && Loaded == Key) {
      Found = E;
      *Pos = pos(E->getBeginLoc());
    } else if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
      auto It = Tainted.find(dyn_cast<VarDecl>(D->getDecl()));
      if (It != Tainted.end() && It->second.Atomic == Key) {
        Found = E;
        *Pos = It->second.LoadPos;
      }
    }
  });
  return Found;
}

void BodyWalker::noteAtomicTaint(const VarDecl *V, const Expr *Value, const FlowState &) {
  // A load of the atomic, or a local already holding a value computed from one.
  bool Found = false;
  forEachNode(Value, [&](const Stmt *S) {
    const auto *E = dyn_cast<Expr>(S);
    std::string Key;
    if (Found || !E)
      return;
    if (Patterns.isAtomicLoad(E, &Key)) {
      Found = true;
      Tainted[V] = Taint{Key, pos(E->getBeginLoc())};
    } else if (const auto *D = dyn_cast<DeclRefExpr>(E)) {
      auto It = Tainted.find(dyn_cast<VarDecl>(D->getDecl()));
      if (It != Tainted.end() && It->first != V) {
        Found = true;
        Tainted[V] = It->second;
      }
    }
  });
  if (!Found)
    Tainted.erase(V);
}

void BodyWalker::checkAtomicStore(const Stmt *S, const FlowState &St) {
  std::string Key, Name;
  const Expr *Value = Patterns.atomicStoreValue(cast<Expr>(S), &Key, &Name);
  if (!Value || Key.empty())
    return;
  SourcePos LoadPos;
  if (!findAtomicLoad(Value, Key, &LoadPos))
    return;
  AtomicRmwSite Site;
  Site.Var = Key;
  Site.VarName = Name;
  Site.LoadPos = LoadPos;
  Site.StorePos = pos(S->getBeginLoc());
  Site.Locks = locksetOf(St);
  Facts.AtomicRmws.push_back(Site);
}

void BodyWalker::noteDecision(const VarDecl *V, const Expr *Value, const FlowState &St) {
  std::vector<ConditionRead> Sources;
  forEachNode(Value, [&](const Stmt *S) {
    const auto *Cast = dyn_cast<ImplicitCastExpr>(S);
    if (!Cast || Cast->getCastKind() != CK_LValueToRValue)
      return;
    if (auto M = Patterns.sharedMemory(Cast->getSubExpr(), Index.Escaping))
      Sources.push_back({nullptr, M->Key, pos(Cast->getSubExpr()->getExprLoc()), St});
  });
  if (Sources.empty())
    Decisions.erase(V);
  else
    Decisions[V] = std::move(Sources);
}

void BodyWalker::useDecision(const Expr *Read) {
  const auto *D = dyn_cast<DeclRefExpr>(Read->IgnoreParenImpCasts());
  if (!D)
    return;
  auto Source = Decisions.find(dyn_cast<VarDecl>(D->getDecl()));
  auto If = Index.ConditionNodes.find(D);
  if (Source == Decisions.end() || If == Index.ConditionNodes.end())
    return;
  for (ConditionRead R : Source->second) {
    R.If = If->second;
    ConditionReads.push_back(R);
  }
}

// ---- check-then-act ---------------------------------------------------------------------------

void BodyWalker::matchChecksWithActs() {
  for (const WriteRecord &W : Writes) {
    const Stmt *Child = W.Node;
    for (const Stmt *P = Parents.getParent(Child); P; Child = P, P = Parents.getParent(P)) {
      const auto *If = dyn_cast<IfStmt>(P);
      if (!If || If->getThen() != Child)
        continue;
      const ConditionRead *Check = nullptr;
      for (const ConditionRead &R : ConditionReads)
        if (R.If == If && R.Var == W.Var)
          Check = &R;
      if (!Check)
        continue;
      std::string Reason;
      // A mutex held from the check to the act without a break (an awaited async-mutex guard)
      // keeps other tasks out across the co_await.
      bool HeldThroughout = false;
      for (const auto &[Key, Held] : Check->State.Locks) {
        auto It = W.State.Locks.find(Key);
        HeldThroughout = HeldThroughout || (It != W.State.Locks.end() && !Held.Lock.Shared &&
                                            It->second.Lock.Epoch == Held.Lock.Epoch);
      }
      if (Check->State.Suspension != W.State.Suspension && !HeldThroughout &&
          Function->getBody() && isa<CoroutineBodyStmt>(Function->getBody()))
        Reason = "co_await";
      for (const auto &[Key, Held] : Check->State.Locks) {
        auto It = W.State.Locks.find(Key);
        if (Reason.empty() && It != W.State.Locks.end() && It->second.Lock.Epoch != Held.Lock.Epoch)
          Reason = "relock:" + Held.Lock.Name;
      }
      if (Reason.empty() && Check->State.Locks.empty() && !W.State.Locks.empty())
        Reason = "unlocked-check:" + W.State.Locks.begin()->second.Lock.Name;
      if (!Reason.empty())
        Facts.CheckThenActs.push_back(
            {W.Var, W.VarName, Check->Pos, W.Pos, Reason, locksetOf(W.State)});
      break;  // the innermost check of this variable decides
    }
  }
}

// ---- driving the flow analysis ----------------------------------------------------------------

void BodyWalker::branchOnTryLock(const CFGBlock &B, const FlowState &St, FlowState *OnTrue,
                                 FlowState *OnFalse) {
  const Stmt *Cond = B.getTerminatorCondition();
  const auto *E = dyn_cast_or_null<Expr>(Cond);
  if (!E || B.succ_size() != 2)
    return;
  bool HeldWhenTrue = true;
  E = E->IgnoreParenImpCasts();
  while (true) {
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_LNot) {
      HeldWhenTrue = !HeldWhenTrue;
      E = U->getSubExpr()->IgnoreParenImpCasts();
    } else if (const auto *Bin = dyn_cast<BinaryOperator>(E);
               Bin && (Bin->getOpcode() == BO_EQ || Bin->getOpcode() == BO_NE)) {
      // pthread_mutex_trylock(&m) == 0: zero means it was taken.
      HeldWhenTrue = Bin->getOpcode() == BO_EQ ? !HeldWhenTrue : HeldWhenTrue;
      E = Bin->getLHS()->IgnoreParenImpCasts();
    } else {
      break;
    }
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  auto Op = Call ? Patterns.lockOperation(Call) : std::nullopt;
  if (!Op || (Op->Kind != LockKind::TryAcquire && Op->Kind != LockKind::TryAcquireShared))
    return;
  if (!isa<CXXMemberCallExpr>(Call))
    HeldWhenTrue = !HeldWhenTrue;  // C: nonzero means failure
  FlowState Held = St;
  LockOperation Acquire = *Op;
  Acquire.Kind = Op->Kind == LockKind::TryAcquire ? LockKind::Acquire : LockKind::AcquireShared;
  TryLocking = true;
  applyLock(Acquire, Call, Held);
  TryLocking = false;
  *OnTrue = HeldWhenTrue ? Held : St;
  *OnFalse = HeldWhenTrue ? St : Held;
}

// On the branches of `if (flag)`, a start made only with the flag the other way did not
// happen.
void BodyWalker::branchOnStartFlag(const CFGBlock &B, FlowState *OnTrue, FlowState *OnFalse) {
  if (Index.StartFlag.empty() || B.succ_size() != 2)
    return;
  bool TrueWhenSet;
  const VarDecl *V = flagTested(dyn_cast_or_null<Expr>(B.getTerminatorCondition()), TrueWhenSet);
  if (!V || Index.Reassigned.count(V))
    return;
  for (const auto &[Id, Flag] : Index.StartFlag) {
    if (Flag.first != V)
      continue;
    // Flag.second: the flag was set when the start ran. The true branch has it set iff
    // TrueWhenSet.
    FlowState *NotStarted = Flag.second == TrueWhenSet ? OnFalse : OnTrue;
    NotStarted->Running.erase(Id);
    NotStarted->Covering.erase(Id);
  }
}

// A scoped-lock macro made of a for loop (xz's `mythread_sync(m)`):
//   for (unsigned i = 0; i ? (unlock(&m), 0) : (lock(&m), 1); i = 1) { body }
// The condition's two arms merge before the loop decides, so the flow analysis alone sees the
// body unlocked; the body is entered only after the arm that locks.
void BodyWalker::enterLockingLoop(const CFGBlock &B, FlowState *OnTrue) {
  const auto *For = dyn_cast_or_null<ForStmt>(B.getTerminatorStmt());
  const auto *Arms =
      For && For->getCond() ? dyn_cast<ConditionalOperator>(For->getCond()->IgnoreParenImpCasts())
                            : nullptr;
  if (!Arms)
    return;
  for (const Expr *Arm : {Arms->getTrueExpr(), Arms->getFalseExpr()}) {
    FlowState Entered = *OnTrue;
    forEachNode(Arm, [&](const Stmt *S) {
      if (const auto *C = dyn_cast<CallExpr>(S))
        visitCall(C, Entered, false);
    });
    bool Locks = std::any_of(Entered.Locks.begin(), Entered.Locks.end(), [&](const auto &Held) {
      return !OnTrue->Locks.count(Held.first);
    });
    if (Locks) {
      *OnTrue = Entered;
      return;
    }
  }
}

void BodyWalker::transfer(const CFGBlock &B, FlowState &St, bool Record, FlowState *OnTrue,
                          FlowState *OnFalse) {
  for (const CFGElement &E : B) {
    if (auto S = E.getAs<CFGStmt>())
      visit(S->getStmt(), St, Record);
    else if (auto D = E.getAs<CFGAutomaticObjDtor>())
      destroy(D->getVarDecl(), St);
    if (!St.Covering.empty())
      pruneCovering(St);
  }
  if (const Stmt *T = B.getTerminatorStmt()) {
    auto It = Index.LoopJoins.find(T);
    if (It != Index.LoopJoins.end())
      for (const VarDecl *V : It->second)
        join(V, St);
    auto Kept = Index.LoopKeptJoins.find(T);
    if (Kept != Index.LoopKeptJoins.end())
      for (const std::string &Slot : Kept->second)
        joinKept(Slot, St);
  }
  *OnTrue = St;
  *OnFalse = St;
  branchOnTryLock(B, St, OnTrue, OnFalse);
  branchOnStartFlag(B, OnTrue, OnFalse);
  enterLockingLoop(B, OnTrue);
}

bool BodyWalker::solve() {
  indexBody();
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Options.AddImplicitDtors = true;
  Options.AddInitializers = true;
  Graph = CFG::buildCFG(Function, const_cast<Stmt *>(Body), &Context, Options);
  if (!Graph)
    return false;
  // Reverse post-order, so most blocks see their predecessors first.
  std::vector<bool> Seen(Graph->getNumBlockIDs());
  std::function<void(const CFGBlock *)> Dfs = [&](const CFGBlock *B) {
    Seen[B->getBlockID()] = true;
    for (const auto &S : B->succs())
      if (const CFGBlock *N = S.getReachableBlock(); N && !Seen[N->getBlockID()])
        Dfs(N);
    Order.push_back(B);
  };
  Dfs(&Graph->getEntry());
  std::reverse(Order.begin(), Order.end());

  unsigned N = Graph->getNumBlockIDs();
  In.assign(N, FlowState());
  OutTrue.assign(N, FlowState());
  OutFalse.assign(N, FlowState());
  auto EdgeState = [&](const CFGBlock *From, const CFGBlock *To) {
    unsigned I = 0;
    for (const auto &S : From->succs()) {
      if (S.getReachableBlock() == To)
        return I == 1 ? OutFalse[From->getBlockID()] : OutTrue[From->getBlockID()];
      ++I;
    }
    return OutTrue[From->getBlockID()];
  };
  for (int Round = 0; Round < 40; ++Round) {
    bool Changed = false;
    for (const CFGBlock *B : Order) {
      FlowState Entry;
      if (B == &Graph->getEntry()) {
        Entry.Reached = true;
        if (AstPatterns::svcompAtomic(Function))
          acquire(Entry, kSvcompAtomic, kSvcompAtomic, false, 0, MutexSym{});
      }
      for (const auto &P : B->preds())
        if (const CFGBlock *PB = P.getReachableBlock(); PB && OutTrue[PB->getBlockID()].Reached)
          Entry = merge(Entry, EdgeState(PB, B));
      if (!(Entry == In[B->getBlockID()]) || Round == 0) {
        Changed = Changed || !(Entry == In[B->getBlockID()]);
        In[B->getBlockID()] = Entry;
        if (!Entry.Reached)
          continue;
        FlowState St = Entry;
        transfer(*B, St, false, &OutTrue[B->getBlockID()], &OutFalse[B->getBlockID()]);
      }
    }
    if (!Changed && Round > 0)
      break;
  }
  return true;
}

// The net effect on mutexes at the exit: taken and still held, or a caller's lock released.
LockSummary BodyWalker::summarize() {
  LockSummary Summary;
  if (!solve())
    return Summary;
  const FlowState &AtExit = In[Graph->getExit().getBlockID()];
  if (!AtExit.Reached)
    return Summary;
  for (const auto &[Key, Held] : AtExit.Locks)
    if (!Held.Restored)
      Summary.push_back({true, Held.Lock.Shared, Held.Sym});
  for (const auto &[Key, Sym] : AtExit.Released)
    Summary.push_back({false, false, Sym});
  if (Summary.empty())
    return conditionalWrapper();
  return Summary;
}

// A wrapper whose one lock operation is skipped on some path (glog's Mutex::Lock:
// `if (is_safe_ && pthread_rwlock_wrlock(&mutex_) != 0) abort();`, not locking before threads
// exist) still means to lock: it is summarised as if it always did. Not so for a body that also
// waits on a condition, where an unlock on one path is an error path (pbzip2's wrappers).
LockSummary BodyWalker::conditionalWrapper() {
  std::vector<std::pair<const CallExpr *, LockOperation>> Ops;
  bool Waits = false;
  forEachNode(Body, [&](const Stmt *S) {
    const auto *C = dyn_cast<CallExpr>(S);
    if (!C)
      return;
    if (auto Op = Patterns.lockOperation(C))
      Ops.emplace_back(C, *Op);
    if (const FunctionDecl *F = C->getDirectCallee(); F && F->getIdentifier() &&
                                                      F->getName().contains("wait"))
      Waits = true;
  });
  LockSummary Summary;
  if (Ops.size() != 1 || Waits || Ops[0].second.Guard || Ops[0].second.Mutexes.size() != 1)
    return Summary;
  const LockOperation &Op = Ops[0].second;
  MutexSym Sym = classifyMutex(Op.Mutexes[0]);
  if (Sym.Root == MutexSym::kFixed && !compat::startsWith(Sym.Key, "g:"))
    return Summary;  // a local mutex: no effect a caller could see
  if (Op.Kind == LockKind::Acquire || Op.Kind == LockKind::AcquireShared)
    Summary.push_back({true, Op.Kind == LockKind::AcquireShared, Sym});
  else if (Op.Kind == LockKind::Release)
    Summary.push_back({false, false, Sym});
  return Summary;
}

FunctionFacts BodyWalker::run() {
  if (!solve())
    return Facts;
  Recording = true;
  for (const CFGBlock *B : Order) {
    if (!In[B->getBlockID()].Reached)
      continue;
    FlowState St = In[B->getBlockID()];
    FlowState T, F;
    transfer(*B, St, true, &T, &F);
  }
  const FlowState &AtExit = In[Graph->getExit().getBlockID()];
  Facts.LeaksThreads = !AtExit.Reached || !AtExit.Running.empty();
  finishStarts(AtExit);
  matchChecksWithActs();
  return Facts;
}

}  // namespace

std::optional<FunctionFacts> FunctionFactsBuilder::build(const FunctionDecl *F) {
  const Stmt *Body = F->getBody();
  if (!Body)
    return std::nullopt;
  BodyWalker Walker(Patterns, *this, Context, F, Body);
  FunctionFacts Facts = Walker.run();
  Facts.Key = AstPatterns::functionKey(F);
  Facts.Name = readableName(F);
  if (const auto *M = dyn_cast<CXXMethodDecl>(F); M && M->getParent()->isLambda()) {
    const auto *Outer = dyn_cast<FunctionDecl>(M->getParent()->getDeclContext());
    Facts.Name = Outer ? "lambda in " + readableName(Outer) : "lambda";
  }
  Facts.IsCoroutine = isa<CoroutineBodyStmt>(Body);
  Facts.Type = AstPatterns::functionTypeKey(F);
  SourceManager &SM = Context.getSourceManager();
  PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(F->getLocation()));
  if (P.isValid())
    Facts.Pos = SourcePos{P.getFilename(), P.getLine(), P.getColumn()};
  return Facts;
}

const LockSummary &FunctionFactsBuilder::lockSummary(const FunctionDecl *F) {
  static const LockSummary None;
  // Thread-safety annotations (ACQUIRE/RELEASE) are the function's contract, body or not.
  if (F)
    if (auto Declared = annotations::declaredLockSummary(F))
      return Summaries.try_emplace(F->getCanonicalDecl(), std::move(*Declared)).first->second;
  if (const FunctionSummary *Other = external(F))
    return Other->Locks;
  const FunctionDecl *Def = nullptr;
  if (!F || !F->hasBody(Def) || !Def || Def->isDependentContext() ||
      Context.getSourceManager().isInSystemHeader(Def->getLocation()))
    return None;
  auto [It, Inserted] = Summaries.try_emplace(Def);
  if (!Inserted)
    return It->second;  // known, or being computed (recursion: no effect assumed)
  // Wrappers are small, and only a body that locks or calls can have an effect.
  unsigned Nodes = 0;
  bool Candidate = false;
  forEachNode(Def->getBody(), [&](const Stmt *S) {
    ++Nodes;
    Candidate = Candidate || isa<CallExpr>(S) || isa<CXXConstructExpr>(S);
  });
  if (!Candidate || Nodes > 600)
    return It->second;
  BodyWalker Walker(Patterns, *this, Context, Def, Def->getBody());
  LockSummary Summary = Walker.summarize();
  // try_emplace's iterator stays valid: std::map does not move its nodes.
  It->second = std::move(Summary);
  return It->second;
}

}  // namespace racecheck

namespace racecheck {

// The definition of F when it is small enough to summarise and outside system headers.
const FunctionDecl *FunctionFactsBuilder::smallBody(const FunctionDecl *F) const {
  const FunctionDecl *Def = nullptr;
  if (!F || !F->hasBody(Def) || !Def || Def->isDependentContext() ||
      Context.getSourceManager().isInSystemHeader(Def->getLocation()))
    return nullptr;
  unsigned Nodes = 0;
  forEachNode(Def->getBody(), [&](const Stmt *) { ++Nodes; });
  return Nodes > 600 ? nullptr : Def;
}

namespace {
int ownParameter(const FunctionDecl *F, const Expr *E) {
  if (!E)
    return -1;
  E = E->IgnoreParenCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_Deref)
    E = U->getSubExpr()->IgnoreParenCasts();
  if (const auto *D = dyn_cast<DeclRefExpr>(E))
    if (const auto *P = dyn_cast<ParmVarDecl>(D->getDecl()); P && P->getDeclContext() == F)
      return static_cast<int>(P->getFunctionScopeIndex());
  return -1;
}
}  // namespace

const StartWrapper &FunctionFactsBuilder::startWrapper(const FunctionDecl *F) {
  static const StartWrapper None;
  if (const FunctionSummary *Other = external(F))
    return Other->Start;
  const FunctionDecl *Def = smallBody(F);
  if (!Def)
    return None;
  auto [It, Inserted] = StartWrappers.try_emplace(Def);
  if (!Inserted)
    return It->second;  // known, or being computed (recursion: not a wrapper)
  StartWrapper W;
  ParentMap Parents(const_cast<Stmt *>(Def->getBody()));
  forEachNode(Def->getBody(), [&](const Stmt *S) {
    if (const auto *C = dyn_cast<CallExpr>(S); C && joinedHandleAt(C))
      W.Joins = true;
    const auto *E = dyn_cast<Expr>(S);
    if (W.Callable >= 0 || !E)
      return;
    std::optional<ThreadStartCall> Start = threadStartAt(E);
    if (!Start)
      return;
    int Callable = ownParameter(Def, Start->Callable);
    if (Callable < 0)
      return;
    W.Callable = Callable;
    W.Api = Start->Api;
    for (const Stmt *P = Parents.getParent(S); P; P = Parents.getParent(P))
      W.InLoop = W.InLoop || isLoop(P);
    W.Handle = ownParameter(Def, Start->Handle);
    for (const Expr *A : Start->Arguments) {
      int P = ownParameter(Def, A);
      if (P < 0)
        break;  // handed something of its own: the routine's later parameters are unknown
      W.Args.push_back(P);
    }
  });
  // try_emplace's iterator stays valid: std::map does not move its nodes.
  It->second = std::move(W);
  return It->second;
}

int FunctionFactsBuilder::joinWrapper(const FunctionDecl *F) {
  if (const FunctionSummary *Other = external(F))
    return Other->Joins;
  const FunctionDecl *Def = smallBody(F);
  if (!Def)
    return -1;
  auto [It, Inserted] = JoinWrappers.try_emplace(Def, -1);
  if (!Inserted)
    return It->second;
  int Joined = -1;
  forEachNode(Def->getBody(), [&](const Stmt *S) {
    if (const auto *C = dyn_cast<CallExpr>(S); C && Joined < 0)
      Joined = ownParameter(Def, joinedHandleAt(C));
  });
  It->second = Joined;
  return Joined;
}

bool FunctionFactsBuilder::externalAllocator(const FunctionDecl *F) {
  const FunctionSummary *Other = external(F);
  return Other && Other->ReturnsFresh;
}

bool FunctionFactsBuilder::waitsForAllJobs(const FunctionDecl *F) {
  if (const FunctionSummary *Other = external(F))
    return Other->WaitsForAllJobs;
  const FunctionDecl *Def = smallBody(F);
  if (!Def)
    return false;
  auto [It, Inserted] = CountdownWaits.try_emplace(Def, false);
  if (!Inserted)
    return It->second;
  // `count != 0`, `count > 0` or `0 < count`, the count a field reached through a pointer.
  auto CountNotZero = [](const Expr *E) {
    const auto *B = dyn_cast<BinaryOperator>(E->IgnoreParenImpCasts());
    if (!B || (B->getOpcode() != BO_NE && B->getOpcode() != BO_GT && B->getOpcode() != BO_LT))
      return false;
    auto Zero = [](const Expr *X) {
      const auto *L = dyn_cast<IntegerLiteral>(X->IgnoreParenImpCasts());
      return L && L->getValue() == 0;
    };
    auto Count = [](const Expr *X) {
      const auto *M = dyn_cast<MemberExpr>(X->IgnoreParenImpCasts());
      return M && M->isArrow();
    };
    return (B->getOpcode() != BO_LT && Count(B->getLHS()) && Zero(B->getRHS())) ||
           (B->getOpcode() == BO_LT && Zero(B->getLHS()) && Count(B->getRHS())) ||
           (B->getOpcode() == BO_NE && Zero(B->getLHS()) && Count(B->getRHS()));
  };
  bool Found = false;
  forEachNode(Def->getBody(), [&](const Stmt *S) {
    const auto *W = dyn_cast<WhileStmt>(S);
    if (Found || !W || !CountNotZero(W->getCond()))
      return;
    forEachNode(W->getBody(), [&](const Stmt *N) {
      if (const auto *C = dyn_cast<CallExpr>(N); C && AstPatterns::conditionWait(C))
        Found = true;
    });
  });
  // A teardown that waits first (`COVER_best_destroy` calling `COVER_best_wait`).
  forEachNode(Def->getBody(), [&](const Stmt *S) {
    if (const auto *C = dyn_cast<CallExpr>(S); C && !Found && C->getDirectCallee() &&
                                               C->getDirectCallee() != F)
      Found = waitsForAllJobs(C->getDirectCallee());
  });
  // try_emplace's iterator stays valid: std::map does not move its nodes.
  It->second = Found;
  return Found;
}

const FunctionSummary *FunctionFactsBuilder::external(const FunctionDecl *F) {
  if (!F || F->hasBody() || F->getBuiltinID() != 0 || !F->isExternallyVisible() ||
      Context.getSourceManager().isInSystemHeader(F->getLocation()))
    return nullptr;
  std::string Key = AstPatterns::functionKey(F);
  ExternalCallees.insert(Key);
  if (!External)
    return nullptr;
  auto It = External->find(Key);
  return It == External->end() ? nullptr : &It->second;
}

FunctionSummary FunctionFactsBuilder::summaryOf(const FunctionDecl *F) {
  FunctionSummary S;
  if (!F->isExternallyVisible() || F->isInlined())
    return S;  // not callable from another unit, or defined in every unit that calls it
  S.Locks = lockSummary(F);
  S.Start = startWrapper(F);
  S.Joins = joinWrapper(F);
  S.WaitsForAllJobs = waitsForAllJobs(F);
  S.ReturnsFresh = fresh::isAllocator(F);
  return S;
}

std::optional<ThreadStartCall> FunctionFactsBuilder::threadStartAt(const Expr *E) {
  if (auto Start = Patterns.threadStart(E)) {
    // A configured API names only its callable; when its body is here and hands a parameter
    // on as the thread handle, that argument is the handle.
    if (const auto *C = dyn_cast<CallExpr>(E); C && !Start->Handle && C->getDirectCallee() &&
                                               !isa<CXXMethodDecl>(C->getDirectCallee())) {
      const StartWrapper &W = startWrapper(C->getDirectCallee());
      if (W.Handle >= 0 && static_cast<unsigned>(W.Handle) < C->getNumArgs())
        Start->Handle = C->getArg(W.Handle);
    }
    return Start;
  }
  const auto *C = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = C ? C->getDirectCallee() : nullptr;
  if (!Callee || isa<CXXMethodDecl>(Callee))
    return std::nullopt;
  const StartWrapper &W = startWrapper(Callee);
  if (W.Callable < 0 || static_cast<unsigned>(W.Callable) >= C->getNumArgs())
    return callbackHandedAway(C);
  ThreadStartCall S;
  S.Api = readableName(Callee) + " (" + W.Api + ")";
  S.Callable = C->getArg(W.Callable);
  for (int P : W.Args) {
    if (static_cast<unsigned>(P) >= C->getNumArgs())
      break;
    S.Arguments.push_back(C->getArg(P));
  }
  if (W.Handle >= 0 && static_cast<unsigned>(W.Handle) < C->getNumArgs())
    S.Handle = C->getArg(W.Handle);
  S.JoinedInside = W.Joins;
  S.Repeated = W.InLoop;
  return S;
}

// `register_dev(on_event)`, `unknown(worker)`: a function of this unit handed to a function
// with no body here that is the user's own (declared outside system headers) or not declared at
// all. Library functions (qsort, atexit, signal) are left alone: their contracts are known not
// to call back on other threads.
std::optional<ThreadStartCall> FunctionFactsBuilder::callbackHandedAway(const CallExpr *C) {
  const FunctionDecl *Callee = C->getDirectCallee();
  if (!Callee || Callee->isDefined() || Callee->getBuiltinID() ||
      Context.getSourceManager().isInSystemHeader(
          Context.getSourceManager().getExpansionLoc(Callee->getLocation())))
    return std::nullopt;
  for (const Expr *Arg : C->arguments()) {
    const Expr *E = Arg->IgnoreParenCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
      E = U->getSubExpr()->IgnoreParenCasts();
    const auto *D = dyn_cast<DeclRefExpr>(E);
    const auto *F = D ? dyn_cast<FunctionDecl>(D->getDecl()) : nullptr;
    if (!F || !F->isDefined() || isa<CXXMethodDecl>(F))
      continue;
    ThreadStartCall S;
    S.Api = "callback handed to '" + readableName(Callee) + "'";
    S.Callable = Arg;
    S.Repeated = true;
    S.HandedTo = AstPatterns::functionKey(Callee);
    return S;
  }
  return std::nullopt;
}

const Expr *FunctionFactsBuilder::joinedHandleAt(const CallExpr *C) {
  if (const Expr *H = AstPatterns::joinedHandle(C))
    return H;
  const FunctionDecl *Callee = C->getDirectCallee();
  if (!Callee || isa<CXXMethodDecl>(Callee))
    return nullptr;
  int P = joinWrapper(Callee);
  return P >= 0 && static_cast<unsigned>(P) < C->getNumArgs() ? C->getArg(P) : nullptr;
}

}  // namespace racecheck
