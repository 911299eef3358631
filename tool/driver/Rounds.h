// Rounds.h: the per-unit phase. Round one analyses units on their own; round two analyses again
// the units that call a function another unit defines and summarised (a lock wrapper, a thread
// start wrapper), with those summaries (model/Summaries.h). One more round only: a wrapper of a
// wrapper across three units is not seen.
//
// A unit's round-one facts depend on the unit alone, so a shard can compute them; its round-two
// facts depend on every unit's summaries, so only a run that has all round-one facts (a whole
// run, or --merge) can compute them. Both rounds read and fill the facts cache when there is one.
#pragma once

#include "driver/ConfigFile.h"
#include "driver/FactsCache.h"
#include "extract/TranslationUnitRunner.h"

#include <atomic>
#include <string>
#include <vector>

namespace racecheck {

struct RoundSettings {
  unsigned Jobs = 1;
  bool Progress = false;  // a counter on a terminal's stderr
  bool Library = false;   // --library
  // What every cache key starts with: racecheck's identity and the run's settings
  // (FactsCache.h). Unused without a cache.
  std::string KeyPrefix;
  FactsCache *Cache = nullptr;
  bool RecordInputs = false;  // keep the files each unit's parse read (Rounds::Inputs), for shards
};

class Rounds {
public:
  Rounds(const TranslationUnitRunner &Runner, const ConfigFiles &Configs, RoundSettings S)
      : Runner(Runner), Configs(Configs), S(std::move(S)) {}

  // Round one over the units Which of Files (indices), into Units (sized like Files).
  void roundOne(const std::vector<std::string> &Files, const std::vector<size_t> &Which,
                std::vector<TranslationUnitFacts> &Units);
  // Round two over the units whose external callees another unit summarised in round one;
  // returns how many there were.
  size_t roundTwo(const std::vector<std::string> &Files, std::vector<TranslationUnitFacts> &Units);

  // The effective settings of File (its .racecheck.yaml, --library).
  Config configOf(const std::string &File) const;

  std::atomic<unsigned> Parsed{0};  // units parsed (a cache hit is not)
  // With RecordInputs: the files round one's parse of each unit read (by index in Files).
  std::vector<std::vector<std::string>> Inputs;
  ContentHashes Hashes;  // of every file read or checked this run

private:
  void run(const std::vector<std::string> &Files, const std::vector<size_t> &Which,
           const SummaryTable *External, std::vector<TranslationUnitFacts> &Units);
  TranslationUnitFacts analyse(const std::string &File, const SummaryTable *External,
                               const std::set<std::string> &LookedUp,
                               std::vector<std::string> &Read);

  const TranslationUnitRunner &Runner;
  const ConfigFiles &Configs;
  RoundSettings S;
};

}  // namespace racecheck
