// RacecheckTidyModule.cpp: racecheck's rules as a clang-tidy plugin.
//
//   clang-tidy --load=libracecheck_tidy.so --checks='-*,racecheck-*' file.cpp -- <flags>
//
// Each rule becomes a clang-tidy check of the same id, so NOLINT, .clang-tidy, --export-fixes
// and run-clang-tidy work as for any other check. clang-tidy sees one translation unit at a
// time, so here the rules reason within that unit only; the racecheck command merges units.
#include "analysis/ConcurrencyModel.h"
#include "analysis/UnknownCallbacks.h"
#include "checks/Rule.h"
#include "extract/ExtractFacts.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <map>
#include <memory>

using namespace clang;
using namespace clang::tidy;

namespace racecheck {
namespace {

// Every enabled rule needs the same facts; extract them once per translation unit. Callbacks
// into code the unit defines are dropped by the same function the command line calls
// (driver/main.cpp), so the plugin's model is the one racecheck builds from this unit alone.
const std::vector<TranslationUnitFacts> &factsFor(ASTContext &Context) {
  static const ASTContext *Last = nullptr;
  static std::vector<TranslationUnitFacts> Units;
  if (Last != &Context) {
    Units.assign(1, TranslationUnitFacts{});
    Units[0].Functions = extractFacts(Context, Config::defaults(), Units[0].GuardedFields);
    dropCallbacksIntoKnownCode(Units);
    Last = &Context;
  }
  return Units;
}

class RuleAsTidyCheck : public ClangTidyCheck {
public:
  RuleAsTidyCheck(llvm::StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context), Id(Name.str()) {}

  void registerMatchers(ast_matchers::MatchFinder *Finder) override {
    Finder->addMatcher(ast_matchers::translationUnitDecl().bind("unit"), this);
  }

  void check(const ast_matchers::MatchFinder::MatchResult &Result) override {
    ASTContext &Context = *Result.Context;
    ConcurrencyModel Model(factsFor(Context));
    // The rule's id is a glob list that enables this rule alone; runRules is the command
    // line's own path, so a race met once per thread start is reported once here too.
    std::vector<Finding> Findings = runRules(Model, Id);
    SourceManager &SM = Context.getSourceManager();
    for (const Finding &F : Findings) {
      SourceLocation Loc = locationOf(SM, F.Pos);
      if (Loc.isInvalid() || !SM.isInMainFile(Loc))
        continue;
      diag(Loc, escape(F.Message));
      for (const Note &N : F.Notes)
        if (SourceLocation NL = locationOf(SM, N.Pos); NL.isValid())
          diag(NL, escape(N.Message), DiagnosticIDs::Note);
    }
  }

private:
  static SourceLocation locationOf(SourceManager &SM, const SourcePos &P) {
    auto File = SM.getFileManager().getFile(P.File);
    if (!File)
      return {};
    return SM.translateFileLineCol(*File, P.Line, P.Column);
  }
  static std::string escape(const std::string &Message) {
    std::string Out;
    for (char C : Message)
      Out += C == '%' ? std::string("%%") : std::string(1, C);
    return Out;
  }

  std::string Id;  // "racecheck-unsynchronized-write"
};

class RacecheckModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    for (const RuleInfo &C : allRules()) {
      if (!makeRule(C.Id)->readsModel())
        continue;  // under clang-tidy, NOLINT comments are clang-tidy's own business
      Factories.registerCheckFactory(C.Id, [](llvm::StringRef Name, ClangTidyContext *Context) {
        return std::make_unique<RuleAsTidyCheck>(Name, Context);
      });
    }
  }
};

}  // namespace
}  // namespace racecheck

static clang::tidy::ClangTidyModuleRegistry::Add<racecheck::RacecheckModule>
    RacecheckModuleRegistration("racecheck-module", "racecheck's race-condition rules.");
