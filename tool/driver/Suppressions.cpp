// Suppressions.cpp: see Suppressions.h.
#include "driver/Suppressions.h"

#include "model/Config.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

namespace racecheck {
namespace {

// Does the comment `Marker` (e.g. "NOLINT") on Line cover Rule?
bool marks(const std::string &Line, const std::string &Marker, const std::string &Rule) {
  size_t At = Line.find("// " + Marker);
  size_t Skip = 3;
  if (At == std::string::npos) {
    At = Line.find("//" + Marker);
    Skip = 2;
  }
  if (At == std::string::npos)
    return false;
  size_t After = At + Skip + Marker.size();
  if (After < Line.size() && std::isalpha(static_cast<unsigned char>(Line[After])))
    return false;  // NOLINT is a prefix of NOLINTNEXTLINE
  if (After >= Line.size() || Line[After] != '(')
    return true;  // bare: every rule
  size_t Close = Line.find(')', After);
  for (const std::string &Glob : splitGlobList(Line.substr(
           After + 1, Close == std::string::npos ? std::string::npos : Close - After - 1)))
    if (matchesNamePattern(Glob, Rule))
      return true;
  return false;
}

}  // namespace

unsigned suppressingLine(const Finding &F, SourceLines &Lines) {
  if (marks(Lines.line(F.Pos.File, F.Pos.Line), "NOLINT", F.Rule))
    return F.Pos.Line;
  if (F.Pos.Line > 1 && marks(Lines.line(F.Pos.File, F.Pos.Line - 1), "NOLINTNEXTLINE", F.Rule))
    return F.Pos.Line - 1;
  std::vector<unsigned> Open;
  for (unsigned L = 1; L < F.Pos.Line; ++L) {
    const std::string &Text = Lines.line(F.Pos.File, L);
    if (marks(Text, "NOLINTBEGIN", F.Rule))
      Open.push_back(L);
    else if (marks(Text, "NOLINTEND", F.Rule) && !Open.empty())
      Open.pop_back();
  }
  return Open.empty() ? 0 : Open.back();
}

bool suppressedByNolint(const Finding &F, SourceLines &Lines) {
  return suppressingLine(F, Lines) != 0;
}

std::vector<NolintComment> racecheckNolints(const std::string &File, SourceLines &Lines) {
  std::vector<NolintComment> Out;
  for (unsigned L = 1, N = Lines.count(File); L <= N; ++L) {
    const std::string &Text = Lines.line(File, L);
    size_t At = Text.find("NOLINT");
    if (At == std::string::npos || Text.rfind("//", At) == std::string::npos)
      continue;
    size_t Open = Text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ", At);
    std::string Marker = Text.substr(At, Open - At);
    if (Marker == "NOLINTEND" || Open == std::string::npos || Text[Open] != '(')
      continue;  // a bare NOLINT may be meant for clang-tidy; an END suppresses nothing itself
    size_t Close = Text.find(')', Open);
    NolintComment C;
    C.File = File;
    C.Line = L;
    C.Column = static_cast<unsigned>(At) + 1;
    C.Text = Text.substr(At, Close == std::string::npos ? std::string::npos : Close - At + 1);
    for (const std::string &Glob : splitGlobList(Text.substr(
             Open + 1, Close == std::string::npos ? std::string::npos : Close - Open - 1)))
      if (Glob.find("racecheck") != std::string::npos)
        C.Globs.push_back(Glob);
    if (!C.Globs.empty())
      Out.push_back(C);
  }
  return Out;
}

bool writeBaseline(const std::string &Path, const std::vector<Finding> &Findings,
                   const PathStyle &Paths, std::string &Error) {
  std::map<std::string, int64_t> Counts;
  for (const Finding &F : Findings)
    ++Counts[findingKey(F, Paths)];
  llvm::json::Array Entries;
  for (const auto &[Key, Count] : Counts)
    Entries.push_back(llvm::json::Object{{"key", Key}, {"count", Count}});
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  if (EC) {
    Error = "cannot write baseline '" + Path + "': " + EC.message();
    return false;
  }
  OS << llvm::formatv("{0:2}", llvm::json::Value(llvm::json::Object{
                                   {"version", 1}, {"tool", "racecheck"},
                                   {"entries", std::move(Entries)}}))
     << "\n";
  return true;
}

bool applyBaseline(const std::string &Path, std::vector<Finding> &Findings,
                   const PathStyle &Paths, unsigned &Removed, std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    Error = "cannot read baseline '" + Path + "': " + Buffer.getError().message();
    return false;
  }
  auto Parsed = llvm::json::parse((*Buffer)->getBuffer());
  if (!Parsed) {
    Error = "baseline '" + Path + "' is not JSON: " + llvm::toString(Parsed.takeError());
    return false;
  }
  std::map<std::string, int64_t> Counts;
  const auto *Root = Parsed->getAsObject();
  const auto *Entries = Root ? Root->getArray("entries") : nullptr;
  if (!Entries) {
    Error = "baseline '" + Path + "' has no \"entries\" array";
    return false;
  }
  for (const auto &E : *Entries)
    if (const auto *O = E.getAsObject())
      if (auto Key = O->getString("key")) {
        auto Count = O->getInteger("count");
        Counts[Key->str()] += Count ? *Count : 1;
      }
  std::vector<Finding> Kept;
  for (Finding &F : Findings) {
    auto It = Counts.find(findingKey(F, Paths));
    if (It != Counts.end() && It->second > 0) {
      --It->second;
      ++Removed;
    } else {
      Kept.push_back(std::move(F));
    }
  }
  Findings = std::move(Kept);
  return true;
}

}  // namespace racecheck
