// Shards.cpp: see Shards.h.
#include "driver/Shards.h"

#include "driver/FactsCache.h"
#include "model/FactsMsgPack.h"

#include "llvm/BinaryFormat/MsgPackReader.h"
#include "llvm/BinaryFormat/MsgPackWriter.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <atomic>
#include <numeric>
#include <thread>

namespace racecheck {
namespace {

namespace json = llvm::json;
constexpr int kFormat = 2;  // bump when the layout changes
constexpr const char *kPrefix = "racecheck-facts-";
constexpr const char *kSuffix = ".facts";

std::string shardName(unsigned Index, unsigned Count) {
  return std::string(kPrefix) + std::to_string(Index) + "-of-" + std::to_string(Count) + kSuffix;
}

// Every facts file a --merge argument names: the file, or those in the folder.
bool factsFiles(const std::string &Path, std::vector<std::string> &Out, std::string &Error) {
  if (llvm::sys::fs::is_regular_file(Path)) {
    Out.push_back(Path);
    return true;
  }
  if (!llvm::sys::fs::is_directory(Path)) {
    Error = "--merge: no such folder or file: '" + Path + "'";
    return false;
  }
  std::error_code EC;
  std::vector<std::string> Found;
  for (llvm::sys::fs::directory_iterator It(Path, EC), End; It != End && !EC; It.increment(EC)) {
    llvm::StringRef Name = llvm::sys::path::filename(It->path());
    if (Name.substr(0, llvm::StringRef(kPrefix).size()) == kPrefix &&
        Name.substr(Name.size() >= 6 ? Name.size() - 6 : 0) == kSuffix)
      Found.push_back(It->path());
  }
  if (EC) {
    Error = "--merge: cannot list '" + Path + "': " + EC.message();
    return false;
  }
  if (Found.empty()) {
    Error = "--merge: '" + Path + "' holds no racecheck facts (" + kPrefix +
            "I-of-N" + kSuffix + " files, written by --shard I/N --facts-out)";
    return false;
  }
  std::sort(Found.begin(), Found.end());
  Out.insert(Out.end(), Found.begin(), Found.end());
  return true;
}

json::Value headerJson(const ShardHeader &H) {
  json::Object Sources;
  for (const auto &[Path, Hash] : H.Sources)
    Sources[Path] = Hash;
  return json::Object{{"racecheck-facts", kFormat}, {"racecheck", H.Version},
                      {"identity", H.Identity},     {"settings", H.Settings},
                      {"shard", H.Index},           {"shards", H.Count},
                      {"units", static_cast<int64_t>(H.Units)}, {"files", H.FilesHash},
                      {"sources", std::move(Sources)}};
}

bool readHeader(const json::Value &V, ShardHeader &H) {
  const json::Object *O = V.getAsObject();
  if (!O)
    return false;
  auto Format = O->getInteger("racecheck-facts");
  if (!Format || *Format != kFormat)
    return false;
  auto Str = [&](llvm::StringRef K, std::string &Out) {
    auto S = O->getString(K);
    Out = S ? S->str() : "";
    return bool(S);
  };
  auto Shard = O->getInteger("shard"), Shards = O->getInteger("shards"), Units = O->getInteger("units");
  if (!Shard || !Shards || !Units || *Shards <= 0 || *Shard < 0 || *Shard >= *Shards || *Units < 0)
    return false;
  H.Index = static_cast<unsigned>(*Shard);
  H.Count = static_cast<unsigned>(*Shards);
  H.Units = static_cast<size_t>(*Units);
  const json::Object *Sources = O->getObject("sources");
  if (!Sources)
    return false;
  for (const auto &[Path, Hash] : *Sources) {
    auto Text = Hash.getAsString();
    if (!Text)
      return false;
    H.Sources[Path.str()] = Text->str();
  }
  return Str("racecheck", H.Version) && Str("identity", H.Identity) &&
         Str("settings", H.Settings) && Str("files", H.FilesHash);
}

// One unit of a shard file, pointing into the file's bytes.
struct UnitRecord {
  size_t Index = 0;
  llvm::StringRef File, Config, Facts;
};

// The next field of a unit record; false at the end of the file or on bad bytes.
bool nextRecordField(llvm::msgpack::Reader &In, llvm::msgpack::Object &O) {
  llvm::Expected<bool> More = In.read(O);
  if (!More) {
    llvm::consumeError(More.takeError());
    return false;
  }
  return *More;
}

}  // namespace

bool parseShard(const std::string &Text, unsigned &Index, unsigned &Count, std::string &Error) {
  llvm::StringRef I, N;
  std::tie(I, N) = llvm::StringRef(Text).split('/');
  unsigned long long A = 0, B = 0;
  if (Text.find('/') == std::string::npos || llvm::getAsUnsignedInteger(I, 10, A) ||
      llvm::getAsUnsignedInteger(N, 10, B) || B == 0 || A >= B || B > 1000000) {
    Error = "--shard needs I/N with whole numbers 0 <= I < N (shard I of N, counted from 0), "
            "got '" + Text + "'";
    return false;
  }
  Index = static_cast<unsigned>(A);
  Count = static_cast<unsigned>(B);
  return true;
}

std::vector<size_t> shardUnits(const std::vector<std::string> &Files, unsigned Index,
                               unsigned Count) {
  std::vector<size_t> ByPath(Files.size());
  std::iota(ByPath.begin(), ByPath.end(), 0);
  std::stable_sort(ByPath.begin(), ByPath.end(),
                   [&](size_t A, size_t B) { return Files[A] < Files[B]; });
  std::vector<size_t> Mine;
  for (size_t Rank = 0; Rank < ByPath.size(); ++Rank)
    if (Rank * Count / ByPath.size() == Index)
      Mine.push_back(ByPath[Rank]);
  std::sort(Mine.begin(), Mine.end());
  return Mine;
}

std::string fileListHash(const std::vector<std::string> &Files) {
  std::string Text;
  for (const std::string &F : Files)
    Text += F + "\n";
  return hashText(Text);
}

bool writeShard(const std::string &Dir, const ShardHeader &Header, const std::vector<size_t> &Which,
                const std::vector<std::string> &Files, const std::vector<TranslationUnitFacts> &Units,
                const std::vector<std::string> &ConfigHashes, std::string &Error) {
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir)) {
    Error = "--facts-out: cannot create '" + Dir + "': " + EC.message();
    return false;
  }
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, shardName(Header.Index, Header.Count));
  llvm::SmallString<256> Temp;
  int Fd = -1;
  if (std::error_code EC = llvm::sys::fs::createUniqueFile(Path + ".tmp-%%%%%%%%", Fd, Temp)) {
    Error = "--facts-out: cannot write in '" + Dir + "': " + EC.message();
    return false;
  }
  {
    llvm::raw_fd_ostream Out(Fd, /*shouldClose=*/true);
    Out << llvm::formatv("{0}", headerJson(Header)) << "\n";
    llvm::msgpack::Writer Records(Out);
    std::string Facts;
    for (size_t I : Which) {
      Facts.clear();
      llvm::raw_string_ostream FactsOut(Facts);
      factsToMsgPack(Units[I], FactsOut);
      FactsOut.flush();
      Records.writeArraySize(4);
      Records.write(static_cast<uint64_t>(I));
      Records.write(llvm::StringRef(Files[I]));
      Records.write(llvm::StringRef(ConfigHashes[I]));
      Records.write(llvm::MemoryBufferRef(Facts, "facts"));
    }
    Out.close();
    if (Out.has_error()) {
      Error = "--facts-out: cannot write '" + std::string(Temp.str()) + "': " + Out.error().message();
      Out.clear_error();
      llvm::sys::fs::remove(Temp);
      return false;
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Temp, Path)) {
    Error = "--facts-out: cannot write '" + std::string(Path.str()) + "': " + EC.message();
    llvm::sys::fs::remove(Temp);
    return false;
  }
  return true;
}

bool sourcesUnchanged(const std::map<std::string, std::string> &Sources, ContentHashes &Hashes,
                      std::string &Error) {
  for (const auto &[Path, Hash] : Sources) {
    std::string Here = Hashes.of(Path);
    if (Here != Hash) {
      Error = "--merge: the shards read '" + Path + "' " +
              (Here.empty() ? "but it cannot be read here" : "with other contents than it has here") +
              " (shards of another tree or checkout?); merge in the checkout the shards analysed";
      return false;
    }
  }
  return true;
}

ShardsRead readShards(const std::vector<std::string> &Paths, const ShardHeader &Expected,
                      unsigned Jobs, std::vector<std::string> &Files,
                      std::vector<TranslationUnitFacts> &Units,
                      std::vector<std::string> &ConfigHashes,
                      std::map<std::string, std::string> &Sources, std::string &Error) {
  constexpr ShardsRead Bad = ShardsRead::Unusable, Mismatched = ShardsRead::Mismatched;
  std::vector<std::string> Names;
  for (const std::string &P : Paths)
    if (!factsFiles(P, Names, Error))
      return Bad;
  std::map<unsigned, std::string> Seen;  // shard -> file
  ShardHeader Run;                      // of the first file; every other must agree
  std::vector<bool> Have;
  for (const std::string &Name : Names) {
    auto Buffer = llvm::MemoryBuffer::getFile(Name, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!Buffer) {
      Error = "--merge: cannot read '" + Name + "': " + Buffer.getError().message();
      return Bad;
    }
    auto NotFacts = [&](const std::string &Where, const std::string &Why) {
      Error = "--merge: '" + Name + "' " + Where + " is not racecheck facts (" + Why + ")";
      return Bad;
    };
    llvm::StringRef HeaderLine, Rest;
    std::tie(HeaderLine, Rest) = (*Buffer)->getBuffer().split('\n');
    if (HeaderLine.trim().empty())
      return NotFacts("line 1", "the file is empty");
    ShardHeader H;
    auto First = json::parse(HeaderLine);
    if (!First)
      return NotFacts("line 1", llvm::toString(First.takeError()));
    if (!readHeader(*First, H))
      return NotFacts("line 1", "no header of format " + std::to_string(kFormat));
    if (H.Identity != Expected.Identity) {
      Error = "--merge: '" + Name + "' was written by another racecheck (" + H.Version +
              ", or a different build of it) than this one (" + Expected.Version +
              "); run the shards and the merge with the same racecheck";
      return Mismatched;
    }
    if (H.Settings != Expected.Settings) {
      Error = "--merge: '" + Name + "' was written with other settings (" + H.Settings +
              ") than this merge's (" + Expected.Settings +
              "); give the merge the --library and --checks the shards had";
      return Mismatched;
    }
    if (Seen.empty()) {
      Run = H;
      Files.assign(H.Units, "");
      Units.assign(H.Units, TranslationUnitFacts{});
      ConfigHashes.assign(H.Units, "");
      Have.assign(H.Units, false);
    } else if (H.Count != Run.Count || H.Units != Run.Units || H.FilesHash != Run.FilesHash) {
      Error = "--merge: '" + Name + "' (shard " + std::to_string(H.Index) + "/" +
              std::to_string(H.Count) + ") is from another run than '" + Seen.begin()->second +
              "' (a different number of shards or list of files)";
      return Bad;
    }
    for (const auto &[Path, Hash] : H.Sources)
      if (!Sources.emplace(Path, Hash).second && Sources[Path] != Hash) {
        Error = "--merge: '" + Name + "' read '" + Path + "' with other contents than '" +
                Seen.begin()->second + "' did: its shards ran on different trees";
        return Mismatched;
      }
    if (!Seen.emplace(H.Index, Name).second) {
      Error = "--merge: shard " + std::to_string(H.Index) + "/" + std::to_string(H.Count) +
              " is given twice: '" + Seen[H.Index] + "' and '" + Name + "'";
      return Bad;
    }
    // The unit records: [index, file, settings hash, facts as bytes]. Their facts are decoded
    // Jobs at a time (reading facts is most of a merge's own work).
    std::vector<UnitRecord> Records;
    llvm::msgpack::Reader In(Rest);
    for (;;) {
      std::string Where = "unit record " + std::to_string(Records.size() + 1);
      llvm::msgpack::Object O;
      llvm::Expected<bool> More = In.read(O);
      if (!More)
        return NotFacts(Where, llvm::toString(More.takeError()));
      if (!*More)
        break;
      UnitRecord R;
      if (O.Kind != llvm::msgpack::Type::Array || O.Length != 4 || !nextRecordField(In, O) ||
          O.Kind != llvm::msgpack::Type::UInt || O.UInt >= H.Units)
        return NotFacts(Where, "a unit record is [index, file, config, facts]");
      R.Index = static_cast<size_t>(O.UInt);
      if (!nextRecordField(In, O) || O.Kind != llvm::msgpack::Type::String)
        return NotFacts(Where, "no file");
      R.File = O.Raw;
      if (!nextRecordField(In, O) || O.Kind != llvm::msgpack::Type::String)
        return NotFacts(Where, "no config");
      R.Config = O.Raw;
      if (!nextRecordField(In, O) || O.Kind != llvm::msgpack::Type::Binary)
        return NotFacts(Where, "no facts");
      R.Facts = O.Raw;
      Records.push_back(R);
    }
    std::vector<std::string> Why(Records.size());
    std::vector<TranslationUnitFacts> Read(Records.size());
    std::atomic<size_t> Next{0};
    auto Work = [&] {
      for (size_t N; (N = Next++) < Records.size();)
        if (!factsFromMsgPack(Records[N].Facts, Read[N], Why[N]) && Why[N].empty())
          Why[N] = "facts";
    };
    std::vector<std::thread> Pool;
    for (unsigned T = 1; T < std::min<size_t>(std::max(1u, Jobs), Records.size()); ++T)
      Pool.emplace_back(Work);
    Work();
    for (std::thread &T : Pool)
      T.join();
    for (size_t N = 0; N < Records.size(); ++N) {
      std::string Where = "unit record " + std::to_string(N + 1);
      if (!Why[N].empty())
        return NotFacts(Where, Why[N]);
      size_t I = Records[N].Index;
      if (Have[I])
        return NotFacts(Where, "unit " + std::to_string(I) + " is in two shards");
      Have[I] = true;
      Units[I] = std::move(Read[N]);
      Files[I] = Records[N].File.str();
      ConfigHashes[I] = Records[N].Config.str();
    }
  }
  for (unsigned I = 0; I < Run.Count; ++I)
    if (!Seen.count(I)) {
      Error = "--merge: shard " + std::to_string(I) + "/" + std::to_string(Run.Count) +
              " is missing (no " + shardName(I, Run.Count) + " among the files given)";
      return Bad;
    }
  if (std::find(Have.begin(), Have.end(), false) != Have.end() || fileListHash(Files) != Run.FilesHash) {
    Error = "--merge: the shards' units do not make up the run they name (a facts file was "
            "edited or truncated)";
    return Bad;
  }
  if (Files.empty()) {
    Error = "--merge: the shards hold no units";
    return Bad;
  }
  return ShardsRead::Ok;
}

}  // namespace racecheck
