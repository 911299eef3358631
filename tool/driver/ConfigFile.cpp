// ConfigFile.cpp: see ConfigFile.h.
#include "driver/ConfigFile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"

namespace racecheck {
namespace {

struct FileSettings {
  std::string Checks;
  std::vector<ThreadApi> ThreadApis;
  std::vector<std::string> ThreadSafeTypes;
  std::vector<std::string> AsyncLockMethods;
  std::vector<std::string> EntryPoints;
  bool InheritParentConfig = false;
};

}  // namespace
}  // namespace racecheck

LLVM_YAML_IS_SEQUENCE_VECTOR(racecheck::ThreadApi)

namespace llvm::yaml {
template <> struct MappingTraits<racecheck::ThreadApi> {
  static void mapping(IO &Io, racecheck::ThreadApi &A) {
    Io.mapRequired("Name", A.Name);
    Io.mapOptional("Arg", A.CallableArg, -1);
    Io.mapOptional("Deferred", A.Deferred, false);
    Io.mapOptional("Repeated", A.Repeated, false);
  }
};
template <> struct MappingTraits<racecheck::FileSettings> {
  static void mapping(IO &Io, racecheck::FileSettings &S) {
    Io.mapOptional("Checks", S.Checks);
    Io.mapOptional("ThreadApis", S.ThreadApis);
    Io.mapOptional("ThreadSafeTypes", S.ThreadSafeTypes);
    Io.mapOptional("AsyncLockMethods", S.AsyncLockMethods);
    Io.mapOptional("EntryPoints", S.EntryPoints);
    Io.mapOptional("InheritParentConfig", S.InheritParentConfig, false);
  }
};
}  // namespace llvm::yaml

namespace racecheck {
namespace {

std::string nearestConfig(const std::string &File) {
  llvm::SmallString<256> Dir(llvm::sys::path::parent_path(File));
  while (!Dir.empty()) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, ".racecheck.yaml");
    if (llvm::sys::fs::exists(Candidate))
      return std::string(Candidate.str());
    llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return "";
}

}  // namespace

bool ConfigFiles::parse(const std::string &Path, Config &Out, std::string &Error) {
  return parse(Path, Out, Error, 0);
}

bool ConfigFiles::parse(const std::string &Path, Config &Out, std::string &Error,
                        unsigned Depth) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    Error = "cannot read config '" + Path + "': " + Buffer.getError().message();
    return false;
  }
  FileSettings S;
  llvm::yaml::Input In((*Buffer)->getBuffer());
  In >> S;
  if (In.error()) {
    Error = "config '" + Path + "' is not valid (" + In.error().message() + ")";
    return false;
  }
  Out = Config::defaults();
  // As clang-tidy: the parent directory's file first, then this one's on top (later check
  // globs win, lists add up).
  if (S.InheritParentConfig) {
    std::string Parent = nearestConfig(std::string(llvm::sys::path::parent_path(Path)));
    if (!Parent.empty() && Depth < 64 && !parse(Parent, Out, Error, Depth + 1))
      return false;
  }
  if (!S.Checks.empty())
    Out.Checks = Out.Checks.empty() ? S.Checks : Out.Checks + "," + S.Checks;
  Out.ThreadApis.insert(Out.ThreadApis.end(), S.ThreadApis.begin(), S.ThreadApis.end());
  Out.ThreadSafeTypes.insert(Out.ThreadSafeTypes.end(), S.ThreadSafeTypes.begin(),
                             S.ThreadSafeTypes.end());
  Out.AsyncLockMethods.insert(Out.AsyncLockMethods.end(), S.AsyncLockMethods.begin(),
                              S.AsyncLockMethods.end());
  Out.EntryPoints.insert(Out.EntryPoints.end(), S.EntryPoints.begin(), S.EntryPoints.end());
  return true;
}

bool ConfigFiles::prepare(const std::string &ExplicitPath, const std::vector<std::string> &Files,
                          std::string &Error) {
  Explicit = ExplicitPath;
  for (const std::string &F : Files) {
    std::string Path = Explicit.empty() ? nearestConfig(F) : Explicit;
    ForFile[F] = Path;
    if (Path.empty() || ByPath.count(Path))
      continue;
    Config C;
    if (!parse(Path, C, Error))
      return false;
    ByPath[Path] = C;
  }
  return true;
}

Config ConfigFiles::forFile(const std::string &File) const {
  auto It = ForFile.find(File);
  if (It == ForFile.end() || It->second.empty())
    return Config::defaults();
  return ByPath.at(It->second);
}

}  // namespace racecheck
