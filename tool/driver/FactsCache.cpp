// FactsCache.cpp: see FactsCache.h.
#include "driver/FactsCache.h"

#include "model/FactsJson.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <filesystem>
#include <tuple>

namespace racecheck {
namespace {

namespace json = llvm::json;
constexpr int kFormat = 1;  // bump when an entry's layout changes
constexpr const char *kTagSignature = "Signature: 8a477f597d28d172789f06886806bc55";

bool allHex(llvm::StringRef S) {
  return !S.empty() && S.find_first_not_of("0123456789abcdef") == llvm::StringRef::npos;
}

// An entry's path relative to the cache folder: v<format>/<2 hex>/<40 hex>.json, the hex name
// starting with its folder's two digits (pathOf()).
bool isEntry(const std::filesystem::path &Relative) {
  std::vector<std::string> Parts;
  for (const auto &Part : Relative)
    Parts.push_back(Part.string());
  if (Parts.size() != 3)
    return false;
  llvm::StringRef Version(Parts[0]), Folder(Parts[1]), Name(Parts[2]);
  return Version.consume_front("v") && !Version.empty() &&
         Version.find_first_not_of("0123456789") == llvm::StringRef::npos &&
         Folder.size() == 2 && allHex(Folder) && Name.consume_back(".json") &&
         Name.size() == 40 && allHex(Name) && Name.substr(0, 2) == Folder;
}

std::string hashBytes(llvm::StringRef Bytes) {
  auto Digest = llvm::SHA1::hash(
      llvm::ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(Bytes.data()), Bytes.size()));
  return llvm::toHex(llvm::ArrayRef<uint8_t>(Digest.data(), Digest.size()), true);
}

// Writes Text to Path through a temporary file in the same folder and a rename, so a reader sees
// the old file or the new one, never a part.
bool writeAtomically(const std::string &Path, const std::string &Text, std::string &Error) {
  llvm::SmallString<256> Temp;
  int Fd = -1;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Path + ".tmp-%%%%%%%%", Fd, Temp)) {
    Error = EC.message();
    return false;
  }
  {
    llvm::raw_fd_ostream Out(Fd, /*shouldClose=*/true);
    Out << Text;
    Out.close();
    if (Out.has_error()) {
      Error = Out.error().message();
      Out.clear_error();
      llvm::sys::fs::remove(Temp);
      return false;
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path)) {
    Error = EC.message();
    llvm::sys::fs::remove(Temp);
    return false;
  }
  return true;
}

}  // namespace

std::string hashText(const std::string &Text) { return hashBytes(Text); }

bool parseByteSize(const std::string &Text, uint64_t &Bytes) {
  llvm::StringRef Rest(Text);
  unsigned long long N = 0;
  if (Rest.consumeInteger(10, N))
    return false;
  unsigned Shift = Rest.empty() ? 0 : Rest == "K" ? 10 : Rest == "M" ? 20 : Rest == "G" ? 30 : 99;
  if (Shift == 99 || N > (UINT64_MAX >> Shift))
    return false;
  Bytes = N << Shift;
  return true;
}

std::string toolIdentity(const std::string &VersionText, const char *Argv0, std::string &Error) {
  static int Anchor;
  std::string Exe = llvm::sys::fs::getMainExecutable(Argv0, &Anchor);
  auto Buffer = llvm::MemoryBuffer::getFile(Exe, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buffer) {
    Error = "cannot read racecheck's own executable '" + Exe + "' to identify it: " +
            Buffer.getError().message();
    return "";
  }
  return hashText(VersionText + "\n" + hashBytes((*Buffer)->getBuffer()));
}

std::string configText(const Config &Cfg) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  for (const ThreadApi &A : Cfg.ThreadApis)
    OS << "ThreadApi " << A.Name << " " << A.CallableArg << " " << A.Deferred << " " << A.Repeated
       << "\n";
  for (const std::string &T : Cfg.ThreadSafeTypes)
    OS << "ThreadSafeType " << T << "\n";
  for (const std::string &M : Cfg.AsyncLockMethods)
    OS << "AsyncLockMethod " << M << "\n";
  OS << "Checks " << Cfg.Checks << "\n";
  for (const std::string &E : Cfg.EntryPoints)
    OS << "EntryPoint " << E << "\n";
  OS << "Library " << Cfg.Library << "\n";
  return OS.str();
}

std::string ContentHashes::of(const std::string &Path) {
  {
    std::lock_guard<std::mutex> Guard(Lock);
    auto It = Known.find(Path);
    if (It != Known.end())
      return It->second;
  }
  auto Buffer =
      llvm::MemoryBuffer::getFile(Path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  std::string Hash = Buffer ? hashBytes((*Buffer)->getBuffer()) : "";
  std::lock_guard<std::mutex> Guard(Lock);
  Known[Path] = Hash;
  return Hash;
}

std::string ContentHashes::ofAll(const std::vector<std::string> &Inputs) {
  std::string Text;
  for (const std::string &I : Inputs) {
    std::string H = of(I);
    if (H.empty())
      return "";
    Text += I + "\n" + H + "\n";
  }
  return hashText(Text);
}

std::string summariesHash(const SummaryTable &Table, const std::set<std::string> &Keys) {
  TranslationUnitFacts Looked;  // reuses FactsJson's field lists for the summaries' text
  Looked.ExternalCallees = Keys;
  for (const std::string &K : Keys)
    if (auto It = Table.find(K); It != Table.end())
      Looked.Summaries.insert(*It);
  return hashText(llvm::formatv("{0}", factsToJson(Looked)).str());
}

bool FactsCache::open(const std::string &Dir, std::string &Error) {
  llvm::SmallString<256> Abs(Dir);
  llvm::sys::fs::make_absolute(Abs);
  Root = std::string(Abs.str());
  llvm::SmallString<256> Tag(Abs);
  llvm::sys::path::append(Tag, "CACHEDIR.TAG");
  if (llvm::sys::fs::exists(Root) && !llvm::sys::fs::is_directory(Root)) {
    Error = "--cache '" + Dir + "' is a file, not a folder";
    return false;
  }
  if (llvm::sys::fs::is_directory(Root)) {
    auto TagText = llvm::MemoryBuffer::getFile(Tag);
    if (TagText && (*TagText)->getBuffer().contains("racecheck"))
      return true;
    std::error_code EC;
    llvm::sys::fs::directory_iterator It(Root, EC);
    if (!EC && It != llvm::sys::fs::directory_iterator()) {
      Error = "--cache '" + Dir + "' is a folder that is not empty and is not a racecheck cache "
              "(no CACHEDIR.TAG naming racecheck); give an empty or new folder";
      return false;
    }
  }
  if (std::error_code EC = llvm::sys::fs::create_directories(Root)) {
    Error = "cannot create the cache folder '" + Dir + "': " + EC.message();
    return false;
  }
  std::string Why;
  if (!writeAtomically(std::string(Tag.str()),
                       std::string(kTagSignature) +
                           "\n# This folder is a racecheck facts cache (racecheck --cache): it "
                           "can be deleted at any time.\n",
                       Why)) {
    Error = "cannot write to the cache folder '" + Dir + "': " + Why;
    return false;
  }
  return true;
}

std::string FactsCache::pathOf(const std::string &Key) const {
  llvm::SmallString<256> P(Root);
  llvm::sys::path::append(P, "v" + std::to_string(kFormat), Key.substr(0, 2), Key + ".json");
  return std::string(P.str());
}

void FactsCache::warn(const std::string &Message) {
  std::lock_guard<std::mutex> Guard(WarnLock);
  llvm::errs() << "racecheck: warning: " << Message << "\n";
}

bool FactsCache::load(const std::string &Key, ContentHashes &Hashes, const SummaryTable *Table,
                      TranslationUnitFacts &Unit, std::vector<std::string> *InputsOut) {
  std::string Path = pathOf(Key);
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    ++Misses;
    return false;
  }
  auto Reject = [&](const std::string &Why) {
    ++Rejected;
    ++Misses;
    warn("cache entry '" + Path + "' is not usable (" + Why + "); analysing the file again");
    return false;
  };
  auto Value = json::parse((*Buffer)->getBuffer());
  if (!Value) {
    std::string Why = llvm::toString(Value.takeError());
    return Reject("not JSON: " + Why);
  }
  const json::Object *Entry = Value->getAsObject();
  auto Format = Entry ? Entry->getInteger("racecheck-cache") : decltype(Entry->getInteger("")){};
  if (!Format || *Format != kFormat)
    return Reject("not a racecheck facts entry of format " + std::to_string(kFormat));
  auto EntryKey = Entry->getString("key");
  if (!EntryKey || *EntryKey != Key)
    return Reject("it belongs to another key");
  const json::Array *Inputs = Entry->getArray("inputs");
  if (!Inputs)
    return Reject("no inputs");
  for (const json::Value &I : *Inputs) {
    const json::Array *Pair = I.getAsArray();
    if (!Pair || Pair->size() != 2 || !(*Pair)[0].getAsString() || !(*Pair)[1].getAsString())
      return Reject("an input is not a [path, hash] pair");
    if (Hashes.of((*Pair)[0].getAsString()->str()) != *(*Pair)[1].getAsString()) {
      ++Misses;  // a file it read has changed (or is gone): an outdated entry, not a bad one
      return false;
    }
  }
  if (Table) {
    const json::Array *Looked = Entry->getArray("looked-up");
    auto Hash = Entry->getString("summaries");
    if (!Looked || !Hash)
      return Reject("a second-round entry without the summaries it looked up");
    std::set<std::string> Keys;
    for (const json::Value &K : *Looked)
      if (auto S = K.getAsString())
        Keys.insert(S->str());
    if (summariesHash(*Table, Keys) != *Hash) {
      ++Misses;
      return false;
    }
  }
  const json::Value *Facts = Entry->get("facts");
  std::string Error;
  if (!Facts || !factsFromJson(*Facts, Unit, Error))
    return Reject("facts do not read back: " + Error);
  if (InputsOut)
    for (const json::Value &I : *Inputs)
      InputsOut->push_back((*I.getAsArray())[0].getAsString()->str());
  ++Hits;
  // Used now: the last entry prune() removes (a failure only makes it look older).
  std::error_code Ignored;
  std::filesystem::last_write_time(Path, std::filesystem::file_time_type::clock::now(), Ignored);
  return true;
}

void FactsCache::store(const std::string &Key, const TranslationUnitFacts &Unit,
                       const std::vector<std::string> &Inputs, ContentHashes &Hashes,
                       const SummaryTable *Table) {
  if (!Unit.Errors.empty() || Inputs.empty())
    return;
  json::Array InputHashes;
  for (const std::string &I : Inputs) {
    std::string H = Hashes.of(I);
    if (H.empty())
      return;  // a file it read is gone already: nothing to check a later run against
    InputHashes.push_back(json::Array{I, H});
  }
  json::Object Entry{{"racecheck-cache", kFormat},
                     {"key", Key},
                     {"file", Unit.File},
                     {"inputs", std::move(InputHashes)}};
  if (Table) {
    json::Array Looked;
    for (const std::string &K : Unit.ExternalCallees)
      Looked.push_back(K);
    Entry["looked-up"] = std::move(Looked);
    Entry["summaries"] = summariesHash(*Table, Unit.ExternalCallees);
  }
  Entry["facts"] = factsToJson(Unit);
  std::string Path = pathOf(Key), Error;
  if (std::error_code EC = llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path))) {
    warn("cannot create '" + std::string(llvm::sys::path::parent_path(Path)) +
         "': " + EC.message() + "; this unit is not cached");
    return;
  }
  if (!writeAtomically(Path, llvm::formatv("{0}", json::Value(std::move(Entry))).str(), Error))
    warn("cannot write cache entry '" + Path + "': " + Error + "; this unit is not cached");
}

bool FactsCache::prune(uint64_t MaxBytes, PruneResult &Result, std::string &Error) {
  namespace fs = std::filesystem;
  auto Tag = llvm::MemoryBuffer::getFile(Root + "/CACHEDIR.TAG");
  if (!Tag || !(*Tag)->getBuffer().contains(kTagSignature) ||
      !(*Tag)->getBuffer().contains("racecheck")) {
    Error = "--cache-max-size: '" + Root + "' holds no CACHEDIR.TAG naming racecheck; nothing "
            "removed";
    return false;
  }
  std::vector<std::tuple<fs::file_time_type, uint64_t, fs::path>> Entries;
  std::error_code EC;
  for (fs::recursive_directory_iterator It(Root, EC), End; It != End && !EC; It.increment(EC)) {
    if (It->is_symlink() || !It->is_regular_file() || !isEntry(It->path().lexically_relative(Root)))
      continue;
    std::error_code TimeEC, SizeEC;
    auto Time = It->last_write_time(TimeEC);
    uint64_t Size = It->file_size(SizeEC);
    if (!TimeEC && !SizeEC)
      Entries.emplace_back(Time, Size, It->path());
  }
  if (EC) {
    Error = "--cache-max-size: cannot list '" + Root + "': " + EC.message();
    return false;
  }
  uint64_t Total = 0;
  for (const auto &E : Entries)
    Total += std::get<1>(E);
  std::sort(Entries.begin(), Entries.end());  // least recently used first
  for (const auto &[Time, Size, Path] : Entries) {
    std::error_code RemoveEC;
    if (Total > MaxBytes && fs::remove(Path, RemoveEC) && !RemoveEC) {
      Total -= Size;
      ++Result.Removed;
      Result.RemovedBytes += Size;
    } else {
      ++Result.Kept;
      Result.KeptBytes += Size;
    }
  }
  return true;
}

}  // namespace racecheck
