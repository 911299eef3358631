// Shards.h: one run split over machines. `racecheck --shard I/N --facts-out DIR` analyses its
// share of the units (round one, see Rounds.h) and writes their facts to
// DIR/racecheck-facts-I-of-N.facts; `racecheck --merge DIR...` reads every shard's file, runs
// round two over the units that need it (the only parsing the merge does) and reports as one run
// would, byte for byte.
//
// A facts file is one JSON header line (format, racecheck's identity, the run's settings, the
// shard, the number of units and a hash of the whole file list, which every shard of a run
// shares), then one MessagePack record per unit: [its index in the file list, its path, its
// .racecheck.yaml settings' hash, its facts as bytes (model/FactsMsgPack.h)]; facts in binary
// because reading them is most of a merge's own work. The merge refuses files from another racecheck, other settings, another file
// list, a shard given twice or a missing shard.
#pragma once

#include "model/Facts.h"

#include <map>
#include <string>
#include <vector>

namespace racecheck {

// The facts of a run, or of a shard of one.
struct ShardHeader {
  std::string Version;   // racecheck --version's first line, for messages
  std::string Identity;  // toolIdentity()
  std::string Settings;  // the run's settings that change facts, as text
  unsigned Index = 0, Count = 1;
  size_t Units = 0;       // units in the whole run
  std::string FilesHash;  // of the whole run's file list, in order
  std::map<std::string, std::string> Sources;  // every file its units read -> contents' hash
};

enum class ShardsRead { Ok, Unusable, Mismatched };

// "I/N" with 0 <= I < N; false with Error otherwise.
bool parseShard(const std::string &Text, unsigned &Index, unsigned &Count, std::string &Error);
// The units of shard Index of Count: contiguous ranks of the files sorted by path, so that adding
// or removing a file moves few units between shards (a shard's cache stays warm).
std::vector<size_t> shardUnits(const std::vector<std::string> &Files, unsigned Index,
                               unsigned Count);
std::string fileListHash(const std::vector<std::string> &Files);

// Writes the units Which of Files/Units (ConfigHashes: each unit's settings hash) to Dir.
bool writeShard(const std::string &Dir, const ShardHeader &Header, const std::vector<size_t> &Which,
                const std::vector<std::string> &Files, const std::vector<TranslationUnitFacts> &Units,
                const std::vector<std::string> &ConfigHashes, std::string &Error);

// Reads every shard of one run from Paths (folders holding racecheck-facts-*.facts, or such
// files) into Files/Units/ConfigHashes in the run's order. Expected: this racecheck's Identity
// and Settings, which the files must carry. Jobs: units decoded in parallel.
// Sources: the files every shard read, as its header lists them. Error says why when not Ok.
ShardsRead readShards(const std::vector<std::string> &Paths, const ShardHeader &Expected,
                      unsigned Jobs, std::vector<std::string> &Files,
                      std::vector<TranslationUnitFacts> &Units,
                      std::vector<std::string> &ConfigHashes,
                      std::map<std::string, std::string> &Sources, std::string &Error);

// False, with Error naming the first one, when a file of Sources differs here (Hashes::of:
// empty when it cannot be read).
class ContentHashes;
bool sourcesUnchanged(const std::map<std::string, std::string> &Sources, ContentHashes &Hashes,
                      std::string &Error);

}  // namespace racecheck
