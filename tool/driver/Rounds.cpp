// Rounds.cpp: see Rounds.h. Moved here from main.cpp (analyseAll), with the cache added.
#include "driver/Rounds.h"

#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <mutex>
#include <thread>

namespace racecheck {

Config Rounds::configOf(const std::string &File) const {
  Config Cfg = Configs.forFile(File);
  Cfg.Library = S.Library;
  return Cfg;
}

TranslationUnitFacts Rounds::analyse(const std::string &File, const SummaryTable *External,
                                     const std::set<std::string> &LookedUp,
                                     std::vector<std::string> &Inputs) {
  Config Cfg = configOf(File);
  TranslationUnitFacts Unit;
  std::string Key;
  if (S.Cache) {
    Key = hashText(S.KeyPrefix + "\n" + configText(Cfg) + Runner.commandLine(File) + File);
    if (External)  // round two: also the summaries it looked up in round one
      Key = hashText(Key + "\nround two\n" + summariesHash(*External, LookedUp));
    if (S.Cache->load(Key, Hashes, External, Unit, &Inputs))
      return Unit;
    Inputs.clear();
  }
  ++Parsed;
  llvm::CrashRecoveryContext Recovery;
  bool Ok = Recovery.RunSafely(
      [&] { Unit = Runner.analyse(File, Cfg, External, S.Cache || S.RecordInputs ? &Inputs : nullptr); });
  if (!Ok) {
    Unit = TranslationUnitFacts{};
    Unit.File = File;
    Unit.Errors.push_back("racecheck crashed while analysing this file; please report it");
  }
  if (S.Cache)
    S.Cache->store(Key, Unit, Inputs, Hashes, External);
  return Unit;
}

void Rounds::run(const std::vector<std::string> &Files, const std::vector<size_t> &Which,
                 const SummaryTable *External, std::vector<TranslationUnitFacts> &Units) {
  std::atomic<size_t> Next{0}, Done{0};
  std::mutex Progress;
  bool Terminal = S.Progress && llvm::sys::Process::StandardErrIsDisplayed() && Which.size() > 1;
  auto Work = [&] {
    for (size_t N; (N = Next++) < Which.size();) {
      size_t I = Which[N];
      static const std::set<std::string> kNone;
      std::vector<std::string> Read;
      Units[I] = analyse(Files[I], External, External ? Units[I].ExternalCallees : kNone, Read);
      if (S.RecordInputs && !External)
        Inputs[I] = std::move(Read);
      size_t Finished = ++Done;
      if (Terminal) {
        std::lock_guard<std::mutex> Lock(Progress);
        llvm::errs() << "\r[" << Finished << "/" << Which.size() << "] "
                     << llvm::sys::path::filename(Files[I]) << "\x1b[K";
      }
    }
  };
  unsigned Threads = std::max(1u, std::min<unsigned>(S.Jobs, Which.size()));
  std::vector<std::thread> Pool;
  for (unsigned T = 1; T < Threads; ++T)
    Pool.emplace_back(Work);
  Work();
  for (std::thread &T : Pool)
    T.join();
  if (Terminal)
    llvm::errs() << "\r\x1b[K";
}

void Rounds::roundOne(const std::vector<std::string> &Files, const std::vector<size_t> &Which,
                      std::vector<TranslationUnitFacts> &Units) {
  Inputs.resize(Files.size());
  run(Files, Which, nullptr, Units);
}

size_t Rounds::roundTwo(const std::vector<std::string> &Files,
                        std::vector<TranslationUnitFacts> &Units) {
  SummaryTable Summaries;
  for (const TranslationUnitFacts &U : Units)
    Summaries.insert(U.Summaries.begin(), U.Summaries.end());
  std::vector<size_t> Again;
  for (size_t I = 0; I < Units.size(); ++I)
    if (std::any_of(Units[I].ExternalCallees.begin(), Units[I].ExternalCallees.end(),
                    [&](const std::string &Key) { return Summaries.count(Key) > 0; }))
      Again.push_back(I);
  if (!Again.empty())
    run(Files, Again, &Summaries, Units);
  return Again.size();
}

}  // namespace racecheck
