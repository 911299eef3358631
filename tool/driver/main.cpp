// main.cpp: racecheck's command line.
//
//   racecheck [-p <build dir>] [options] [files or directories...] [-- <compiler flags>]
//
// Exit codes: 0 no findings, 1 findings, 2 usage or configuration error, 3 a file could not be
// analysed (the others still are, and their findings are reported), 4 --merge was given shards
// that do not match it (another racecheck build, other settings, or sources that differ here).
#include "analysis/ConcurrencyModel.h"
#include "analysis/UnknownCallbacks.h"
#include "checks/Rule.h"
#include "extract/TranslationUnitRunner.h"
#include "compat/ClangCompat.h"
#include "driver/ConfigFile.h"
#include "driver/DiffBase.h"
#include "driver/FactsCache.h"
#include "driver/Rounds.h"
#include "driver/Shards.h"
#include "driver/Suppressions.h"
#include "model/FactsJson.h"
#include "model/Paths.h"
#include "report/ModelDump.h"
#include "report/Output.h"

#include "racelab/version.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <set>

using namespace racecheck;
namespace cl = llvm::cl;

namespace {

enum ExitCode { kClean = 0, kFindings = 1, kUsage = 2, kIncomplete = 3, kMismatch = 4 };

cl::OptionCategory Category("racecheck options");
cl::opt<std::string> BuildPath("p", cl::desc("Build directory holding compile_commands.json"),
                               cl::value_desc("dir"), cl::cat(Category));
cl::list<std::string> Sources(cl::Positional, cl::desc("[files or directories...]"),
                              cl::cat(Category));
cl::opt<std::string> Format("format", cl::desc("Output format: text, json or sarif"),
                            cl::init("text"), cl::cat(Category));
cl::opt<std::string> Checks("checks",
                            cl::desc("Comma-separated globs of rules to run, e.g. "
                                     "'-*,racecheck-check-then-act' (default: all)"),
                            cl::cat(Category));
cl::opt<bool> ListChecks("list-checks", cl::desc("List the rules and exit"), cl::cat(Category));
cl::opt<unsigned> Jobs("j", cl::desc("Translation units analysed in parallel"), cl::init(1), cl::Prefix,
                       cl::cat(Category));
cl::opt<std::string> SourceRoot("source-root",
                                cl::desc("The project's folder: findings are reported in every "
                                         "file under it, and it is the base of relative paths "
                                         "in JSON and SARIF (default: the deepest folder holding "
                                         "every analysed source file, and for paths the current "
                                         "directory)"),
                                cl::cat(Category));
cl::opt<std::string> HeaderFilter(
    "header-filter",
    cl::desc("Report findings only in the analysed files and in headers whose path matches this "
             "regular expression or contains this text (default: every file under the project "
             "folder, see --source-root, except third-party folders)"),
    cl::cat(Category));
cl::opt<bool> Library("library",
                      cl::desc("Library mode: every externally visible function and public "
                               "method may be called from clients' threads at once (as "
                               "EntryPoints: in .racecheck.yaml)"),
                      cl::cat(Category));
cl::opt<bool> ExitZero("exit-zero", cl::desc("Exit 0 even when there are findings"),
                       cl::cat(Category));
cl::opt<std::string> Baseline("baseline", cl::desc("Hide the findings recorded in this file"),
                              cl::cat(Category));
cl::opt<std::string> ExportBaseline("export-baseline",
                                    cl::desc("Write the current findings as a baseline file"),
                                    cl::cat(Category));
cl::opt<std::string> DiffBase(
    "diff-base",
    cl::desc("Report only findings that involve a line added or changed since this git "
             "revision (their location or one of their notes' is on one): git diff -U0 REF "
             "in the repository holding the project folder (see --source-root)"),
    cl::value_desc("REF"), cl::cat(Category));
cl::opt<std::string> ConfigPath("config-file",
                                cl::desc("Use this .racecheck.yaml instead of searching upward"),
                                cl::cat(Category));
cl::opt<bool> Quiet("quiet", cl::desc("No statistics on stderr"), cl::cat(Category));
cl::opt<bool> DumpFacts(
    "dump-facts",
    cl::desc("Print what was extracted from each file (accesses, locks, calls, thread starts) "
             "as JSON instead of findings, to see why a finding is or is not reported"),
    cl::cat(Category));
cl::opt<bool> DumpModel(
    "dump-model",
    cl::desc("Print every access as the whole-program model sees it (variable, object, "
             "context, locks), one per line, instead of findings: why two accesses do or do "
             "not pair"),
    cl::Hidden, cl::cat(Category));
cl::opt<std::string> CacheDir(
    "cache",
    cl::desc("Keep each unit's facts in this folder and reuse them while the unit, the headers "
             "it reads, its compile command, the settings and racecheck are unchanged (created "
             "if missing; it must be empty or a racecheck cache)"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<std::string> CacheMaxSize(
    "cache-max-size",
    cl::desc("After the run, remove the least recently used entries of the --cache folder until "
             "its entries take at most this much: a number of bytes, or with K, M or G "
             "(e.g. 2G); 0 empties it. Removes only racecheck's entry files, and only in a "
             "folder carrying racecheck's CACHEDIR.TAG"),
    cl::value_desc("size"), cl::cat(Category));
cl::opt<std::string> Shard(
    "shard",
    cl::desc("Analyse only shard I of N (from 0) of the units and write their facts with "
             "--facts-out instead of reporting; --merge reports"),
    cl::value_desc("I/N"), cl::cat(Category));
cl::opt<std::string> FactsOut(
    "facts-out",
    cl::desc("Write the facts of the units analysed (this --shard, or all) to "
             "DIR/racecheck-facts-I-of-N.facts instead of reporting"),
    cl::value_desc("dir"), cl::cat(Category));
cl::opt<bool> Merge(
    "merge",
    cl::desc("The arguments are folders (or files) of facts written by --shard ... --facts-out: "
             "read every shard, finish the analysis and report as one run would"),
    cl::cat(Category));
cl::opt<bool> ReportUnusedNolint(
    "report-unused-nolint",
    cl::desc("Also report NOLINT(racecheck-...) comments that suppressed no finding "
             "(as racecheck-unused-nolint)"),
    cl::cat(Category));

int usageError(const std::string &Message) {
  llvm::errs() << "racecheck: error: " << Message << "\n";
  return kUsage;
}

// --list-checks; with --format=markdown it prints docs/checks/README.md, the docs index.
void listChecks(bool Markdown) {
  if (Markdown) {
    llvm::outs() << "# racecheck rules\n\n"
                 << "Generated from `tool/checks/Checks.def` by `racecheck --list-checks "
                    "--format=markdown`;\nedit the registry, not this table.\n\n"
                 << "| rule | level | precision | summary |\n|---|---|---|---|\n";
    for (const RuleInfo &C : allRules())
      llvm::outs() << "| [" << C.Id << "](" << C.Name << ".md) | " << C.Level << " | "
                   << C.Precision << " | " << C.Summary << " |\n";
    return;
  }
  for (const RuleInfo &C : allRules())
    llvm::outs() << C.Id << "\n    " << C.Summary << " (" << C.DocPath << ")\n";
}

// Expands directories into the compilation database's files under them.
bool collectFiles(const TranslationUnitRunner &Runner, std::vector<std::string> &Files,
                  std::string &Error) {
  std::vector<std::string> Known = Runner.allFiles();
  if (Sources.empty()) {
    Files = Known;
    if (Files.empty())
      Error = "no input files (give files, or -p with a compile_commands.json)";
    return !Files.empty();
  }
  for (const std::string &S : Sources) {
    std::string Abs = absolutePath(S);
    if (llvm::sys::fs::is_directory(Abs)) {
      for (const std::string &K : Known)
        if (compat::startsWith(K, Abs + "/"))
          Files.push_back(K);
    } else if (llvm::sys::fs::exists(Abs)) {
      Files.push_back(Abs);
    } else {
      Error = "no such file: '" + S + "'";
      return false;
    }
  }
  if (Files.empty())
    Error = "no compile commands for the files under the given directories";
  return !Files.empty();
}

// Folders under the project that hold someone else's code; findings there are not reported by
// default (system headers never are: racecheck writes down no access in them).
bool inThirdPartyFolder(const std::string &File, const std::string &Root) {
  static const std::set<std::string> kNames = {"third_party", "third-party", "thirdparty",
                                               "3rdparty",    "3rd_party",   "external",
                                               "extern",      "vendor",      "_deps",
                                               "node_modules"};
  llvm::StringRef Rel = llvm::StringRef(File).substr(Root.size());
  for (auto It = llvm::sys::path::begin(Rel), End = llvm::sys::path::end(Rel); It != End; ++It)
    if (kNames.count(It->str()))
      return true;
  return false;
}

// The deepest folder holding every analysed file.
std::string commonFolder(const std::vector<std::string> &Files) {
  std::string Common;
  for (const std::string &F : Files) {
    std::string Dir = llvm::sys::path::parent_path(F).str();
    if (Common.empty()) {
      Common = Dir;
      continue;
    }
    while (!Common.empty() && Dir != Common && !compat::startsWith(Dir, Common + "/")) {
      std::string Up = llvm::sys::path::parent_path(Common).str();
      Common = Up == Common ? "" : Up;
    }
  }
  return Common.empty() ? "/" : Common;
}

bool reportable(const Finding &F, const std::set<std::string> &Analysed,
                const std::string &ProjectRoot) {
  if (Analysed.count(F.Pos.File))
    return true;
  if (!HeaderFilter.empty()) {
    if (F.Pos.File.find(HeaderFilter) != std::string::npos)
      return true;
    llvm::Regex Pattern(HeaderFilter);
    return Pattern.isValid() && Pattern.match(F.Pos.File);
  }
  std::string Root = ProjectRoot == "/" ? "" : ProjectRoot;
  return compat::startsWith(F.Pos.File, Root + "/") && !inThirdPartyFolder(F.Pos.File, Root);
}

}  // namespace

int main(int Argc, const char **Argv) {
  llvm::CrashRecoveryContext::Enable();
  std::vector<const char *> Args(Argv, Argv + Argc);
  std::vector<std::string> Extra;
  auto DashDash = std::find_if(Args.begin(), Args.end(),
                               [](const char *A) { return std::string(A) == "--"; });
  bool HasDashDash = DashDash != Args.end();
  if (HasDashDash) {
    for (auto It = DashDash + 1; It != Args.end(); ++It)
      Extra.emplace_back(*It);
    Args.erase(DashDash, Args.end());
  }
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "racecheck (racelab) " RACELAB_VERSION "\nbuilt with LLVM " LLVM_VERSION_STRING
          "\nClang resource directory: " RACECHECK_CLANG_RESOURCE_DIR "\n";
  });
  std::string ParseErrors;
  llvm::raw_string_ostream ErrStream(ParseErrors);
  if (!cl::ParseCommandLineOptions(static_cast<int>(Args.size()), Args.data(),
                                   "racecheck: finds race conditions in C and C++ code\n",
                                   &ErrStream)) {
    ErrStream.flush();
    llvm::errs() << ParseErrors;
    return usageError("bad command line (see --help)");
  }
  if (ListChecks) {
    listChecks(Format == "markdown");
    return kClean;
  }
  if (Format != "text" && Format != "json" && Format != "sarif")
    return usageError("unknown --format '" + Format + "' (expected text, json or sarif)");
  if (!Checks.empty()) {
    bool Any = false;
    for (const RuleInfo &C : allRules())
      Any = Any || ruleEnabled(Checks, C.Id);
    if (!Any)
      return usageError("--checks='" + Checks + "' enables no rule (see --list-checks)");
  }

  bool Sharded = !Shard.empty() || !FactsOut.empty();
  ShardHeader Header;
  if (Merge && Sharded)
    return usageError("--merge reads facts; it takes no --shard or --facts-out");
  if (Merge && Sources.empty())
    return usageError("--merge needs the folders (or files) the shards wrote with --facts-out");
  if (!Shard.empty() && FactsOut.empty())
    return usageError("--shard needs --facts-out DIR, the folder its facts go to");
  std::string Error;
  if (!Shard.empty() && !parseShard(Shard, Header.Index, Header.Count, Error))
    return usageError(Error);
  std::string VersionText = "racecheck (racelab) " RACELAB_VERSION ", LLVM " LLVM_VERSION_STRING;
  Header.Version = VersionText;
  Header.Settings = std::string("--library=") + (Library ? "true" : "false") + " --checks='" +
                    Checks.getValue() + "'";
  if (!CacheDir.empty() || Sharded || Merge) {
    Header.Identity = toolIdentity(VersionText, Argv[0], Error);
    if (Header.Identity.empty())
      return usageError(Error);
  }
  FactsCache Cache;
  if (!CacheDir.empty() && !Cache.open(CacheDir, Error))
    return usageError(Error);
  uint64_t CacheMaxBytes = 0;
  if (!CacheMaxSize.empty() && CacheDir.empty())
    return usageError("--cache-max-size bounds the --cache folder; give --cache DIR too");
  if (!CacheMaxSize.empty() && !parseByteSize(CacheMaxSize, CacheMaxBytes))
    return usageError("--cache-max-size needs a number of bytes, or one with K, M or G (as in "
                      "500M or 2G), got '" + CacheMaxSize + "'");

  auto Runner = TranslationUnitRunner::create(BuildPath, Extra, HasDashDash, Error);
  if (!Runner)
    return usageError(Error);
  std::vector<std::string> Files;
  std::vector<TranslationUnitFacts> Units;
  std::vector<std::string> ConfigHashes;
  std::map<std::string, std::string> ShardSources;
  auto Mismatch = [](const std::string &Message) {
    llvm::errs() << "racecheck: error: " << Message << "\n";
    return kMismatch;
  };
  if (Merge) {
    ShardsRead Read = readShards(Sources, Header, Jobs, Files, Units, ConfigHashes, ShardSources, Error);
    if (Read == ShardsRead::Mismatched)
      return Mismatch(Error);
    if (Read != ShardsRead::Ok)
      return usageError(Error);
  } else if (!collectFiles(*Runner, Files, Error)) {
    return usageError(Error);
  }
  ConfigFiles Configs;
  if (!Configs.prepare(ConfigPath, Files, Error))
    return usageError(Error);
  RoundSettings Settings;
  Settings.Jobs = Jobs;
  Settings.Progress = !Quiet;
  Settings.Library = Library;
  Settings.KeyPrefix = Header.Identity + "\n" + Header.Settings;
  Settings.Cache = CacheDir.empty() ? nullptr : &Cache;
  Settings.RecordInputs = Sharded;
  Rounds Analysis(*Runner, Configs, Settings);
  if (Merge) {
    for (size_t I = 0; I < Files.size(); ++I)
      if (ConfigHashes[I] != hashText(configText(Analysis.configOf(Files[I]))))
        return Mismatch("--merge: the .racecheck.yaml settings of '" + Files[I] +
                        "' are not those its shard analysed it with; merge in the same "
                        "checkout, with the same --config-file, as the shards");
    if (!sourcesUnchanged(ShardSources, Analysis.Hashes, Error))
      return Mismatch(Error);
  }

  std::string ProjectRoot =
      SourceRoot.empty() ? commonFolder(Files) : absolutePath(SourceRoot.getValue());
  ChangedLines Changed;  // read before the analysis, so a bad REF costs no parse
  if (!Sharded && !DiffBase.empty() && !Changed.load(DiffBase, ProjectRoot, Error))
    return usageError(Error);

  size_t SecondRound = 0;
  auto CacheStats = [&] {
    if (Quiet || CacheDir.empty())
      return;
    llvm::errs() << "racecheck: cache: " << Cache.Hits.load() << " unit(s) read from the cache, "
                 << Analysis.Parsed.load() << " parsed";
    if (Cache.Rejected.load())
      llvm::errs() << " (" << Cache.Rejected.load() << " unusable entr(ies) replaced)";
    llvm::errs() << "\n";
  };
  // After the rounds, which have read or written every entry this run uses.
  auto PruneCache = [&] {
    if (CacheMaxSize.empty())
      return;
    FactsCache::PruneResult Pruned;
    std::string Why;
    if (!Cache.prune(CacheMaxBytes, Pruned, Why)) {
      llvm::errs() << "racecheck: warning: " << Why << "\n";
      return;
    }
    if (!Quiet)
      llvm::errs() << "racecheck: cache: " << Pruned.Removed << " least recently used entr(ies) "
                   << "removed (" << Pruned.RemovedBytes / 1024 << " KiB), " << Pruned.Kept
                   << " kept (" << Pruned.KeptBytes / 1024 << " KiB)\n";
  };
  if (Sharded) {
    std::vector<size_t> Which = shardUnits(Files, Header.Index, Header.Count);
    Units.resize(Files.size());
    Analysis.roundOne(Files, Which, Units);
    ConfigHashes.resize(Files.size());
    for (size_t I : Which)
      ConfigHashes[I] = hashText(configText(Analysis.configOf(Files[I])));
    Header.Units = Files.size();
    Header.FilesHash = fileListHash(Files);
    for (size_t I : Which)
      for (const std::string &Path : Analysis.Inputs[I])
        Header.Sources.emplace(Path, Analysis.Hashes.of(Path));
    if (!writeShard(FactsOut, Header, Which, Files, Units, ConfigHashes, Error))
      return usageError(Error);
    CacheStats();
    PruneCache();
    if (!Quiet)
      llvm::errs() << "racecheck: shard " << Header.Index << "/" << Header.Count << ": "
                   << Which.size() << " of " << Files.size() << " file(s) analysed, facts in '"
                   << FactsOut << "' (racecheck --merge reports)\n";
    return kClean;
  }
  if (!Merge) {
    std::vector<size_t> All(Files.size());
    for (size_t I = 0; I < Files.size(); ++I)
      All[I] = I;
    Units.resize(Files.size());
    Analysis.roundOne(Files, All, Units);
  }
  SecondRound = Analysis.roundTwo(Files, Units);
  CacheStats();
  PruneCache();
  dropCallbacksIntoKnownCode(Units);
  if (DumpFacts) {
    llvm::json::Array Out;
    for (const TranslationUnitFacts &U : Units)
      Out.push_back(factsToJson(U));
    llvm::outs() << llvm::formatv("{0:2}", llvm::json::Value(std::move(Out))) << "\n";
    bool Failed = std::any_of(Units.begin(), Units.end(),
                              [](const TranslationUnitFacts &U) { return !U.Errors.empty(); });
    return Failed ? kIncomplete : kClean;
  }
  ConcurrencyModel Model(Units);
  if (DumpModel) {
    printModel(Model, llvm::outs());
    return kClean;
  }
  std::string Globs = Checks.empty() ? Configs.forFile(Files.front()).Checks : Checks;
  std::vector<Finding> All = runRules(Model, Globs);

  RunResult Result;
  for (const auto &U : Units)
    for (const auto &E : U.Errors)
      Result.Errors.push_back({U.File, E});
  std::set<std::string> Analysed(Files.begin(), Files.end());
  SourceLines Lines;
  unsigned ByNolint = 0, ByBaseline = 0;
  std::set<std::pair<std::string, unsigned>> UsedNolints;  // (file, comment line)
  for (Finding &F : All) {
    if (!reportable(F, Analysed, ProjectRoot))
      continue;
    if (unsigned Line = suppressingLine(F, Lines)) {
      ++ByNolint;
      UsedNolints.emplace(F.Pos.File, Line);
    } else {
      Result.Findings.push_back(std::move(F));
    }
  }
  if (ReportUnusedNolint && ruleEnabled(Globs, ruleId<UnusedNolintCheck>())) {
    std::vector<NolintComment> Comments;
    for (const std::string &File : Analysed)
      for (NolintComment &C : racecheckNolints(File, Lines))
        Comments.push_back(std::move(C));
    UnusedNolintCheck().report(Comments, UsedNolints, Globs, Result.Findings);
  }
  PathStyle Paths(absolutePath(SourceRoot.empty() ? "." : SourceRoot.getValue()));
  if (!ExportBaseline.empty() && !writeBaseline(ExportBaseline, Result.Findings, Paths, Error))
    return usageError(Error);
  if (!Baseline.empty() && !applyBaseline(Baseline, Result.Findings, Paths, ByBaseline, Error))
    return usageError(Error);
  unsigned ByDiff = 0;
  if (!DiffBase.empty()) {
    auto Unchanged = std::stable_partition(Result.Findings.begin(), Result.Findings.end(),
                                           [&](const Finding &F) { return Changed.involves(F); });
    ByDiff = static_cast<unsigned>(Result.Findings.end() - Unchanged);
    Result.Findings.erase(Unchanged, Result.Findings.end());
  }

  if (Format == "json")
    printJson(Result, Paths, llvm::outs());
  else if (Format == "sarif")
    printSarif(Result, Paths, "file://" + absolutePath(SourceRoot.empty() ? "." : SourceRoot.getValue()) + "/",
               llvm::outs());
  else
    printText(Result, Paths, Lines, llvm::outs());
  llvm::outs().flush();
  if (!Quiet) {
    llvm::errs() << "racecheck: " << Result.Findings.size() << " finding(s) in " << Files.size()
                 << " file(s)";
    if (ByNolint || ByBaseline)
      llvm::errs() << " (suppressed: " << ByNolint << " by NOLINT, " << ByBaseline
                   << " by baseline)";
    if (!DiffBase.empty())
      llvm::errs() << " (" << ByDiff << " more involve no line changed since " << DiffBase << ")";
    llvm::errs() << "\n";
    if (SecondRound > 0)
      llvm::errs() << "racecheck: " << SecondRound << " of " << Files.size()
                   << " file(s) analysed twice, with the summaries of functions other files "
                      "define\n";
    for (const FileError &E : Result.Errors)
      llvm::errs() << "racecheck: error: " << E.File << ": " << E.Message << "\n";
  }
  if (!Result.Errors.empty())
    return kIncomplete;
  return Result.Findings.empty() || ExitZero ? kClean : kFindings;
}
