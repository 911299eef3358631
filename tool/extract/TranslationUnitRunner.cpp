// TranslationUnitRunner.cpp: see TranslationUnitRunner.h.
#include "extract/TranslationUnitRunner.h"

#include "extract/Annotations.h"
#include "extract/AstPatterns.h"
#include "extract/ExtractFacts.h"
#include "extract/EscapingCaptures.h"
#include "extract/FunctionFactsBuilder.h"
#include "extract/FreshObjects.h"
#include "extract/GuardedWrites.h"
#include "extract/UnloopedWaits.h"
#include "compat/ClangCompat.h"
#include "model/Paths.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <algorithm>
#include <map>
#include <set>

using namespace clang;

namespace racecheck {

std::string clangResourceDir() { return RACECHECK_CLANG_RESOURCE_DIR; }

namespace {

// Collects facts for every function defined outside system headers.
class FactsVisitor : public RecursiveASTVisitor<FactsVisitor> {
public:
  FactsVisitor(ASTContext &Ctx, const Config &Cfg, std::vector<FunctionFacts> &Out,
               const SummaryTable *External = nullptr)
      : Ctx(Ctx), Cfg(Cfg), Patterns(Cfg), Builder(Patterns, Ctx, External), Out(Out) {}

  SummaryTable Summaries;  // of the functions defined here that other units may call
  const std::set<std::string> &externalCallees() const { return Builder.externalCallees(); }

  std::vector<GuardedField> Guarded;  // GUARDED_BY fields of the unit's classes

  bool VisitCXXRecordDecl(CXXRecordDecl *R) {
    if (R->isThisDeclarationADefinition() && !R->isDependentContext() &&
        !Ctx.getSourceManager().isInSystemHeader(R->getLocation()))
      for (GuardedField &G : annotations::guardedFields(R))
        Guarded.push_back(std::move(G));
    return true;
  }

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitFunctionDecl(FunctionDecl *F) {
    if (const auto *M = dyn_cast<CXXMethodDecl>(F); M && M->getParent()->isLambda())
      return true;  // reached through VisitLambdaExpr
    add(F);
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *L) {
    add(L->getCallOperator());
    return true;
  }

  // A function named other than as the callee of a call has its address taken.
  bool VisitCallExpr(CallExpr *C) {
    if (const auto *D = dyn_cast_or_null<DeclRefExpr>(
            C->getCallee() ? C->getCallee()->IgnoreParenImpCasts() : nullptr))
      Callees.insert(D);
    return true;
  }
  // A method named by a DeclRefExpr is a static one's address or `&C::m`, a pointer to member.
  bool VisitDeclRefExpr(DeclRefExpr *D) {
    if (const auto *F = dyn_cast<FunctionDecl>(D->getDecl()); F && !Callees.count(D))
      AddressTaken.insert(F->getCanonicalDecl());
    return true;
  }

  // `s->fn = f;`, `fp = f;`, `struct ops o = {f};`, `void (*g)(void) = f;`: the slot f goes to.
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->getOpcode() == BO_Assign)
      noteSlot(AstPatterns::pointerSlot(B->getLHS()), B->getRHS());
    return true;
  }
  bool VisitVarDecl(VarDecl *V) {
    if (V->hasGlobalStorage() && V->getInit())
      noteSlot("var:" + AstPatterns::varKey(V), V->getInit());
    return true;
  }
  bool VisitInitListExpr(InitListExpr *L) {
    const InitListExpr *Semantic = L->isSemanticForm() ? L : L->getSemanticForm();
    const RecordDecl *R = Semantic && Semantic->getType()->isRecordType()
                              ? Semantic->getType()->getAsRecordDecl()
                              : nullptr;
    if (!R || !R->getDefinition())
      return true;
    unsigned I = 0;
    for (const FieldDecl *F : R->getDefinition()->fields()) {
      if (I >= Semantic->getNumInits())
        break;
      noteSlot(AstPatterns::fieldKey(F), Semantic->getInit(I));
      ++I;
    }
    return true;
  }

  // Marks the functions whose address was taken; those defined elsewhere get a stub.
  void finish() {
    std::map<std::string, FunctionFacts *> ByKey;
    for (FunctionFacts &F : Out)
      ByKey[F.Key] = &F;
    for (const FunctionDecl *F : AddressTaken) {
      if (Ctx.getSourceManager().isInSystemHeader(F->getLocation()))
        continue;
      std::string Key = AstPatterns::functionKey(F);
      std::vector<std::string> Slots(SlotsOf[F].begin(), SlotsOf[F].end());
      auto It = ByKey.find(Key);
      if (It != ByKey.end()) {
        It->second->AddressTaken = true;
        It->second->AddressSlots = Slots;
        continue;
      }
      FunctionFacts Stub;
      Stub.Key = Key;
      Stub.Name = F->getQualifiedNameAsString();
      Stub.Type = AstPatterns::functionTypeKey(F);
      Stub.AddressTaken = true;
      Stub.DeclarationOnly = true;
      Stub.AddressSlots = Slots;
      Out.push_back(std::move(Stub));
    }
  }

private:
  void add(const FunctionDecl *F) {
    if (!F->doesThisDeclarationHaveABody() || F->isDependentContext() || !Seen.insert(F).second)
      return;
    if (Ctx.getSourceManager().isInSystemHeader(F->getLocation()))
      return;
    if (auto Facts = Builder.build(F)) {
      annotations::addRequiredLocks(annotations::requiredLocks(F), *Facts);
      annotations::describeApi(F, Cfg, *Facts);
      findUnloopedWaits(F, Ctx, *Facts);     // racecheck-wait-without-loop
      findGuardedWrites(F, Ctx, *Facts);     // racecheck-double-checked-locking
      findEscapingCaptures(F, Ctx, *Facts);  // racecheck-capture-by-reference
      if (FunctionSummary S = Builder.summaryOf(F); !S.empty())
        Summaries[Facts->Key] = std::move(S);
      Out.push_back(std::move(*Facts));
    }
  }

  ASTContext &Ctx;
  const Config &Cfg;
  AstPatterns Patterns;
  FunctionFactsBuilder Builder;
  // Allocators of other units, for extract/FreshObjects while this unit is walked.
  fresh::ExternalAllocators Allocators{
      [this](const FunctionDecl *F) { return Builder.externalAllocator(F); }};
  std::vector<FunctionFacts> &Out;
  std::set<const FunctionDecl *> Seen;
  std::set<const DeclRefExpr *> Callees;
  std::set<const FunctionDecl *> AddressTaken;
  std::map<const FunctionDecl *, std::set<std::string>> SlotsOf;

  void noteSlot(const std::string &Slot, const Expr *Value) {
    if (Slot.empty() || !Value)
      return;
    const Expr *E = Value->IgnoreParenCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(E); U && U->getOpcode() == UO_AddrOf)
      E = U->getSubExpr()->IgnoreParenCasts();
    if (const auto *D = dyn_cast<DeclRefExpr>(E))
      if (const auto *F = dyn_cast<FunctionDecl>(D->getDecl()))
        SlotsOf[F->getCanonicalDecl()].insert(Slot);
  }
};

class FactsConsumer : public ASTConsumer {
public:
  FactsConsumer(const Config &Cfg, TranslationUnitFacts &Out, const SummaryTable *External)
      : Cfg(Cfg), Out(Out), External(External) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return;
    extractUnitFacts(Ctx, Cfg, Out, External);
  }

private:
  const Config &Cfg;
  TranslationUnitFacts &Out;
  const SummaryTable *External;
};

constexpr const char *kPreludePath = "/__racecheck__/prelude.h";

class FactsAction : public ASTFrontendAction {
public:
  FactsAction(const Config &Cfg, TranslationUnitFacts &Out, const SummaryTable *External,
              std::vector<std::string> *Inputs)
      : Cfg(Cfg), Out(Out), External(External), Inputs(Inputs) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &, StringRef) override {
    return std::make_unique<FactsConsumer>(Cfg, Out, External);
  }
  // Every file the parse read, for the facts cache; the prelude is part of racecheck itself.
  void EndSourceFileAction() override {
    if (!Inputs)
      return;
    SourceManager &SM = getCompilerInstance().getSourceManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      std::string Path = compat::readFilePath(It->first, SM.getFileManager());
      if (Path != kPreludePath)
        Inputs->push_back(std::move(Path));
    }
    std::sort(Inputs->begin(), Inputs->end());
    Inputs->erase(std::unique(Inputs->begin(), Inputs->end()), Inputs->end());
  }

private:
  const Config &Cfg;
  TranslationUnitFacts &Out;
  const SummaryTable *External;
  std::vector<std::string> *Inputs;
};

class FactsActionFactory : public tooling::FrontendActionFactory {
public:
  FactsActionFactory(const Config &Cfg, TranslationUnitFacts &Out, const SummaryTable *External,
                     std::vector<std::string> *Inputs)
      : Cfg(Cfg), Out(Out), External(External), Inputs(Inputs) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<FactsAction>(Cfg, Out, External, Inputs);
  }

private:
  const Config &Cfg;
  TranslationUnitFacts &Out;
  const SummaryTable *External;
  std::vector<std::string> *Inputs;
};

// Keeps the compiler's own warnings quiet and remembers the first few errors, so a file that
// does not parse is reported in one clear line instead of a wall of compiler output.
class ErrorCollector : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level, const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error || Messages.size() >= 3)
      return;
    llvm::SmallString<128> Text;
    Info.FormatDiagnostic(Text);
    std::string Where;
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      PresumedLoc P = Info.getSourceManager().getPresumedLoc(Info.getLocation());
      if (P.isValid())
        Where = std::string(llvm::sys::path::filename(P.getFilename())) + ":" +
                std::to_string(P.getLine()) + ": ";
    }
    Messages.push_back(Where + std::string(Text.str()));
  }
  std::vector<std::string> Messages;
};


class ClangRunner : public TranslationUnitRunner {
public:
  ClangRunner(std::unique_ptr<tooling::CompilationDatabase> Db, std::vector<std::string> Extra,
              bool AutoDetect)
      : Db(std::move(Db)), Extra(std::move(Extra)), AutoDetect(AutoDetect) {}

  std::vector<std::string> allFiles() const override {
    std::vector<std::string> Files;
    if (Db)
      for (const auto &F : Db->getAllFiles())
        Files.push_back(absolutePath(F));
    return Files;
  }

  std::string commandLine(const std::string &File) const override {
    std::unique_ptr<tooling::CompilationDatabase> Detected;
    std::string Out;
    for (const tooling::CompileCommand &C :
         database(absolutePath(File), Detected).getCompileCommands(absolutePath(File))) {
      Out += C.Directory + "\n" + C.Filename + "\n";
      for (const std::string &A : C.CommandLine)
        Out += A + "\n";
    }
    Out += "--\n";
    for (const std::string &A : Extra)
      Out += A + "\n";
    return Out;
  }

  TranslationUnitFacts analyse(const std::string &File, const Config &Cfg,
                               const SummaryTable *External,
                               std::vector<std::string> *Inputs) const override {
    TranslationUnitFacts Result;
    Result.File = absolutePath(File);
    std::unique_ptr<tooling::CompilationDatabase> Detected;
    const tooling::CompilationDatabase *Use = &database(Result.File, Detected);
    // ClangTool changes into each command's "directory". With the process-wide real file
    // system that is a chdir, and -j workers would resolve relative paths in each other's
    // folders; a physical file system of this worker's own keeps its working directory apart.
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> OwnFileSystem(
        llvm::vfs::createPhysicalFileSystem().release());
    tooling::ClangTool Tool(*Use, {Result.File}, std::make_shared<PCHContainerOperations>(),
                            OwnFileSystem);
    std::vector<std::string> Begin = {"-resource-dir=" + clangResourceDir()};
    if (*compat::kPreludeHeader) {
      Tool.mapVirtualFile(kPreludePath, compat::kPreludeHeader);
      Begin.insert(Begin.end(), {"-include", kPreludePath});
    }
    Tool.appendArgumentsAdjuster(
        tooling::getInsertArgumentAdjuster(Begin, tooling::ArgumentInsertPosition::BEGIN));
    std::vector<std::string> End = Extra;
    End.push_back("-Wno-error");
    End.push_back("-Qunused-arguments");
    Tool.appendArgumentsAdjuster(
        tooling::getInsertArgumentAdjuster(End, tooling::ArgumentInsertPosition::END));
    ErrorCollector Errors;
    Tool.setDiagnosticConsumer(&Errors);
    FactsActionFactory Factory(Cfg, Result, External, Inputs);
    int Rc = Tool.run(&Factory);
    if (Errors.getNumErrors() > 0 || Rc != 0) {
      Result.Functions.clear();
      Result.GuardedFields.clear();
      Result.Summaries.clear();
      Result.ExternalCallees.clear();
      std::string Why = Errors.Messages.empty() ? "the compiler could not run on it"
                                                : Errors.Messages.front();
      Result.Errors.push_back("could not be parsed (" + std::to_string(Errors.getNumErrors()) +
                              " compiler error(s); first: " + Why + ")");
    }
    return Result;
  }

private:
  // The database for File: the one given, or (no -p, no `--`) one found upward from File, kept
  // alive in Holder.
  const tooling::CompilationDatabase &
  database(const std::string &File,
           std::unique_ptr<tooling::CompilationDatabase> &Holder) const {
    if (!AutoDetect)
      return *Db;
    std::string Ignored;
    Holder = tooling::CompilationDatabase::autoDetectFromSource(File, Ignored);
    if (Holder)
      Holder = tooling::inferMissingCompileCommands(std::move(Holder));
    else
      Holder = std::make_unique<tooling::FixedCompilationDatabase>(".", std::vector<std::string>{});
    return *Holder;
  }

  std::unique_ptr<tooling::CompilationDatabase> Db;
  std::vector<std::string> Extra;
  bool AutoDetect;
};

}  // namespace

std::vector<FunctionFacts> extractFacts(ASTContext &Context, const Config &Cfg) {
  std::vector<GuardedField> Ignored;
  return extractFacts(Context, Cfg, Ignored);
}

std::vector<FunctionFacts> extractFacts(ASTContext &Context, const Config &Cfg,
                                        std::vector<GuardedField> &Guarded) {
  TranslationUnitFacts Unit;
  extractUnitFacts(Context, Cfg, Unit, nullptr);
  Guarded = std::move(Unit.GuardedFields);
  return std::move(Unit.Functions);
}

void extractUnitFacts(ASTContext &Context, const Config &Cfg, TranslationUnitFacts &Unit,
                      const SummaryTable *External) {
  FactsVisitor V(Context, Cfg, Unit.Functions, External);
  V.TraverseDecl(Context.getTranslationUnitDecl());
  V.finish();
  Unit.GuardedFields = std::move(V.Guarded);
  Unit.Summaries = std::move(V.Summaries);
  Unit.ExternalCallees = V.externalCallees();
}

std::unique_ptr<TranslationUnitRunner>
TranslationUnitRunner::create(const std::string &BuildDir, const std::vector<std::string> &Extra,
                              bool HasDashDash, std::string &Error) {
  if (!BuildDir.empty()) {
    std::string Why;
    auto Db = tooling::CompilationDatabase::loadFromDirectory(BuildDir, Why);
    if (!Db) {
      Error = "cannot load a compilation database from '" + BuildDir + "': " + Why;
      return nullptr;
    }
    return std::make_unique<ClangRunner>(tooling::inferMissingCompileCommands(std::move(Db)),
                                         Extra, false);
  }
  if (HasDashDash)
    return std::make_unique<ClangRunner>(
        std::make_unique<tooling::FixedCompilationDatabase>(".", std::vector<std::string>{}),
        Extra, false);
  return std::make_unique<ClangRunner>(nullptr, Extra, true);
}

}  // namespace racecheck
