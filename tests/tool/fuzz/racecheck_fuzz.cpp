// racecheck_fuzz.cpp: a libFuzzer target for racecheck, from source text to every output.
//
// An input is one flags byte and then the text of one C or C++ file:
//   bit 0  the file is C (-std=gnu11), else C++ (-std=c++20)
//   bit 1  library mode (--library)
//   bit 2  report unused NOLINT comments (--report-unused-nolint)
// Each input goes the command line's way: written to a file, parsed by the same
// TranslationUnitRunner, its facts through JSON and back, the concurrency model, every rule, the
// NOLINT and unused-NOLINT pass, and the text, JSON and SARIF printers. The seed corpus is the
// fixture corpus (run_fuzz.sh makes it). The custom mutator edits whole lines, so most mutants
// still parse: it drops, repeats, swaps or inserts lines (the inserted ones lock, unlock, start
// or join threads, write shared variables or carry NOLINT comments), or flips the flags, and
// otherwise leaves the bytes to libFuzzer's own mutations.
#include "analysis/ConcurrencyModel.h"
#include "analysis/UnknownCallbacks.h"
#include "checks/Rule.h"
#include "checks/UnusedNolintCheck.h"
#include "driver/Suppressions.h"
#include "extract/TranslationUnitRunner.h"
#include "model/Config.h"
#include "model/FactsJson.h"
#include "report/Output.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <stdlib.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace racecheck;

extern "C" size_t LLVMFuzzerMutate(uint8_t *Data, size_t Size, size_t MaxSize);

namespace {

enum Flag : uint8_t { kC = 1, kLibrary = 2, kUnusedNolint = 4 };

struct Workspace {
  std::string Folder;  // private, made once; each input overwrites the same two files
  std::unique_ptr<TranslationUnitRunner> Cpp, C;
};

Workspace &workspace() {
  static Workspace W = [] {
    Workspace W;
    llvm::SmallString<128> Dir;
    llvm::sys::path::system_temp_directory(true, Dir);
    std::string Pattern = std::string(Dir.str()) + "/racecheck-fuzz-XXXXXX";
    if (!mkdtemp(Pattern.data())) {  // mode 0700: a folder of our own
      llvm::errs() << "racecheck_fuzz: cannot make a temporary folder\n";
      std::abort();
    }
    W.Folder = Pattern;
    std::string Error;
    W.Cpp = TranslationUnitRunner::create("", {"-std=c++20", "-pthread"}, true, Error);
    W.C = TranslationUnitRunner::create("", {"-std=gnu11", "-pthread"}, true, Error);
    if (!W.Cpp || !W.C) {
      llvm::errs() << "racecheck_fuzz: " << Error << "\n";
      std::abort();
    }
    return W;
  }();
  return W;
}

// Facts -> JSON -> facts must give the same JSON: --dump-facts is a contract.
void roundTrip(const TranslationUnitFacts &Unit) {
  llvm::json::Value Json = factsToJson(Unit);
  TranslationUnitFacts Back;
  std::string Error;
  if (!factsFromJson(Json, Back, Error) || factsToJson(Back) != Json) {
    llvm::errs() << "racecheck_fuzz: facts do not survive JSON: " << Error << "\n";
    std::abort();
  }
}

void analyse(uint8_t Flags, const std::string &Source) {
  Workspace &W = workspace();
  std::string File = W.Folder + ((Flags & kC) ? "/input.c" : "/input.cpp");
  std::ofstream(File, std::ios::binary | std::ios::trunc) << Source;
  Config Cfg = Config::defaults();
  Cfg.Library = Flags & kLibrary;
  std::vector<TranslationUnitFacts> Units{((Flags & kC) ? W.C : W.Cpp)->analyse(File, Cfg)};
  roundTrip(Units.front());
  dropCallbacksIntoKnownCode(Units);  // as the command line and the clang-tidy plugin do

  ConcurrencyModel Model(Units);
  RunResult Result;
  SourceLines Lines;
  std::set<std::pair<std::string, unsigned>> Used;
  for (Finding &F : runRules(Model, "")) {
    if (unsigned Line = suppressingLine(F, Lines))
      Used.emplace(F.Pos.File, Line);
    else
      Result.Findings.push_back(std::move(F));
  }
  if (Flags & kUnusedNolint)
    UnusedNolintCheck().report(racecheckNolints(File, Lines), Used, "", Result.Findings);
  for (const std::string &E : Units.front().Errors)
    Result.Errors.push_back({File, E});

  PathStyle Paths(W.Folder);
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  printText(Result, Paths, Lines, OS);
  printJson(Result, Paths, OS);
  printSarif(Result, Paths, "file://" + W.Folder + "/", OS);
}

// Lines a mutation may insert: the statements racecheck's facts are made of.
const char *const kSnippets[] = {
    "m.lock();",
    "m.unlock();",
    "std::lock_guard<std::mutex> g(m);",
    "std::unique_lock<std::mutex> lk(m); lk.unlock(); lk.lock();",
    "std::thread t(work); t.join();",
    "std::thread t2([&] { counter++; }); t2.detach();",
    "counter = counter + 1;",
    "if (counter > 0) counter = 0;",
    "a.store(a.load() + 1);",
    "pthread_mutex_lock(&m);",
    "pthread_mutex_unlock(&m);",
    "pthread_create(&t, NULL, work, NULL); pthread_join(t, NULL);",
    "co_await std::suspend_always{};",
    "// NOLINT(racecheck-*)",
    "// NOLINTNEXTLINE(racecheck-unsynchronized-write)",
    "// NOLINTBEGIN(racecheck-*)",
    "// NOLINTEND(racecheck-*)",
    "}",
    "{",
};

std::vector<std::string> splitLines(const std::string &Text) {
  std::vector<std::string> Lines;
  size_t Start = 0;
  for (size_t N; (N = Text.find('\n', Start)) != std::string::npos; Start = N + 1)
    Lines.push_back(Text.substr(Start, N - Start));
  Lines.push_back(Text.substr(Start));
  return Lines;
}

// One line-level edit of Source, chosen by Rng.
void mutateLines(std::string &Source, std::minstd_rand &Rng) {
  std::vector<std::string> Lines = splitLines(Source);
  auto Pick = [&](size_t N) { return static_cast<size_t>(Rng() % N); };
  size_t I = Pick(Lines.size()), J = Pick(Lines.size());
  switch (Pick(4)) {
  case 0:
    Lines.erase(Lines.begin() + I);
    break;
  case 1:
    Lines.insert(Lines.begin() + I, Lines[J]);
    break;
  case 2:
    std::swap(Lines[I], Lines[J]);
    break;
  default:
    Lines.insert(Lines.begin() + I, kSnippets[Pick(std::size(kSnippets))]);
  }
  Source.clear();
  for (size_t K = 0; K < Lines.size(); ++K)
    Source += (K ? "\n" : "") + Lines[K];
}

}  // namespace

// Clang's libraries are not instrumented, racecheck's code is, and LLVM's BumpPtrAllocator is
// inline header code that poisons a new slab only where it is compiled with AddressSanitizer.
// When racecheck's copy opens a slab of the ASTContext (Redeclarable::getPrevious allocating
// through `new (Ctx)`), Clang's copy then hands out the rest of it without unpoisoning, and
// racecheck reading those nodes is reported as use-after-poison (docs/fuzzing.md). Manual
// poisoning is therefore off; every other check of AddressSanitizer stays on.
extern "C" const char *__asan_default_options() { return "allow_user_poisoning=0"; }

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  workspace();
  // Registered after the workspace exists, so it runs before the workspace is destroyed.
  std::atexit([] { llvm::sys::fs::remove_directories(workspace().Folder); });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size == 0)
    return 0;
  analyse(Data[0], std::string(reinterpret_cast<const char *>(Data) + 1, Size - 1));
  return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *Data, size_t Size, size_t MaxSize,
                                          unsigned int Seed) {
  std::minstd_rand Rng(Seed);
  if (Size == 0 || Rng() % 4 == 0)
    return LLVMFuzzerMutate(Data, Size, MaxSize);
  uint8_t Flags = Data[0];
  if (Rng() % 8 == 0)
    Flags ^= static_cast<uint8_t>(1u << (Rng() % 3));
  std::string Source(reinterpret_cast<const char *>(Data) + 1, Size - 1);
  mutateLines(Source, Rng);
  if (Source.size() + 1 > MaxSize)
    return LLVMFuzzerMutate(Data, Size, MaxSize);
  Data[0] = Flags;
  std::copy(Source.begin(), Source.end(), Data + 1);
  return Source.size() + 1;
}
