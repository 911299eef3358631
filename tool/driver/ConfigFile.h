// ConfigFile.h: `.racecheck.yaml`, found upward from each source file (like `.clang-tidy`).
//
//   Checks: '-*,racecheck-unsynchronized-write'
//   ThreadApis:                 # functions that run an argument on another thread
//     - Name: 'pool::ThreadPool::submit'
//       Arg: 0                  # which argument is the callable (default: the first callable)
//       Deferred: false         # true: registered to run later, not alongside the caller
//       Repeated: true          # may run on several threads at once
//   ThreadSafeTypes: ['util::ConcurrentQueue']
//   AsyncLockMethods: ['sched::Strand::enter']   # `co_await` returns a guard that holds it
//   EntryPoints: ['kv::Store::*']   # library functions clients may call from their own threads
//   InheritParentConfig: true   # start from the parent directory's file, as clang-tidy does
#pragma once

#include "model/Config.h"

#include <map>
#include <string>
#include <vector>

namespace racecheck {

class ConfigFiles {
public:
  // Finds and parses the configuration of every file (or only Explicit, when given).
  bool prepare(const std::string &Explicit, const std::vector<std::string> &Files,
               std::string &Error);
  // The defaults plus the nearest configuration file's settings.
  Config forFile(const std::string &File) const;

private:
  bool parse(const std::string &Path, Config &Out, std::string &Error);
  bool parse(const std::string &Path, Config &Out, std::string &Error, unsigned Depth);
  std::string Explicit;
  std::map<std::string, Config> ByPath;      // config file -> parsed settings
  std::map<std::string, std::string> ForFile;  // source file -> config file ("" = none)
};

}  // namespace racecheck
