// FactsCache.h: per-unit facts kept in a folder between runs (`racecheck --cache DIR`).
//
// An entry holds one unit's facts and is found by a key that hashes everything that determines
// them except the files the parse reads: racecheck's identity (its executable, version, LLVM),
// the run's settings (--library, --checks), the unit's effective .racecheck.yaml settings, its
// compile command and path, and, for a second-round entry, the summaries of the other units'
// functions it calls (model/Summaries.h). The entry lists the files the parse read (the source
// and every header) with a hash of each one's contents; it is used only when every one of them
// still has that content, so an edited header misses like an edited source (as ccache's direct
// mode). Files whose absence mattered (a header found later on the include path once it exists)
// are not recorded, nor is the environment (CPATH and the like).
//
// Entries are written to a temporary file and renamed into place, so runs sharing a folder never
// read half an entry; an entry that is not one (corrupt, foreign, another key) is reported with
// a warning, ignored and written again. The folder holds a CACHEDIR.TAG naming racecheck; a
// folder that is neither empty nor tagged is refused, so a mistyped --cache never writes into
// someone's sources.
//
// Reading an entry sets its modification time to now, so prune() (`--cache-max-size`) can remove
// the least recently used entries first. It removes only entry files (v<format>/<2 hex>/<40
// hex>.json, of any format) in a folder that holds racecheck's CACHEDIR.TAG, nothing else.
#pragma once

#include "model/Config.h"
#include "model/Facts.h"

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace racecheck {

// Hex SHA-1 of Text.
std::string hashText(const std::string &Text);
// What identifies this racecheck: its version text and its executable's contents (Argv0 finds
// it). Empty, with Error set, when the executable cannot be read.
std::string toolIdentity(const std::string &VersionText, const char *Argv0, std::string &Error);
// "512K", "200M", "2G" or a number of bytes (powers of 1024); false when Text is not one.
bool parseByteSize(const std::string &Text, uint64_t &Bytes);
// Every setting of Cfg, as text (a field added to Config must be added here).
std::string configText(const Config &Cfg);

// The hashes of files' contents, each file read once per run (headers are shared by units).
class ContentHashes {
public:
  // Empty when the file cannot be read.
  std::string of(const std::string &Path);
  // Hash of every (path, content hash) in Inputs; empty when one cannot be read.
  std::string ofAll(const std::vector<std::string> &Inputs);

private:
  std::mutex Lock;
  std::map<std::string, std::string> Known;
};

// The summaries a unit looked up (Keys) and a hash of what Table says of each (absent too).
std::string summariesHash(const SummaryTable &Table, const std::set<std::string> &Keys);

class FactsCache {
public:
  // Opens (creating it if needed) the cache folder Dir; false with Error when it cannot be used.
  bool open(const std::string &Dir, std::string &Error);

  // The unit's facts for Key, when an entry exists and every file it lists is unchanged, and,
  // for a second-round entry, Table gives the summaries it looked up as they were.
  // Inputs, when not null, gets the files the entry's parse read.
  bool load(const std::string &Key, ContentHashes &Hashes, const SummaryTable *Table,
            TranslationUnitFacts &Unit, std::vector<std::string> *Inputs = nullptr);
  // Writes the entry (units that did not parse are not kept). Inputs: the files the parse read.
  void store(const std::string &Key, const TranslationUnitFacts &Unit,
             const std::vector<std::string> &Inputs, ContentHashes &Hashes,
             const SummaryTable *Table);

  // Removes the least recently used entries (read or written longest ago) until the entries
  // take at most MaxBytes; Removed/Left: how many entries and bytes went and stay. False with
  // Error when the folder is not a racecheck cache or cannot be listed.
  struct PruneResult {
    unsigned Removed = 0, Kept = 0;
    uint64_t RemovedBytes = 0, KeptBytes = 0;
  };
  bool prune(uint64_t MaxBytes, PruneResult &Result, std::string &Error);

  std::atomic<unsigned> Hits{0}, Misses{0}, Rejected{0};

private:
  std::string pathOf(const std::string &Key) const;
  void warn(const std::string &Message);
  std::string Root;
  std::mutex WarnLock;
};

}  // namespace racecheck
