// Config.h: the settings racecheck reads from the command line and `.racecheck.yaml`.
#pragma once

#include <string>
#include <vector>

namespace racecheck {

// A function that runs one of its arguments on another thread ("argument N of X::submit").
struct ThreadApi {
  std::string Name;      // qualified name; a trailing '*' matches any suffix
  int CallableArg = -1;  // which argument is the callable; -1: the first callable argument
  bool Deferred = false; // registers the callable to run later, not while the caller continues
  bool Repeated = false; // the callable may run on several threads at once
};

struct Config {
  std::vector<ThreadApi> ThreadApis;
  // Types whose objects synchronise themselves: calls on them are not data accesses.
  std::vector<std::string> ThreadSafeTypes;
  // Awaited methods that return a guard holding their object locked until it is destroyed
  // (`auto g = co_await m.lock();`), beyond the built-in rule (a `*lock*` method of an object
  // that also has `unlock`).
  std::vector<std::string> AsyncLockMethods;
  // Every field is part of the facts cache key (driver/FactsCache.cpp, configText).
  std::string Checks;  // glob list as in --checks; empty = all
  // Library mode: functions clients may call from threads of their own (qualified names, a
  // trailing '*' matches any suffix), and --library: every externally visible function.
  std::vector<std::string> EntryPoints;
  bool Library = false;

  static Config defaults();
};

// True when `Name` matches `Pattern`, where a trailing '*' in the pattern matches any suffix.
bool matchesNamePattern(const std::string &Pattern, const std::string &Name);

// The globs of a comma-separated list ("-*, racecheck-check-then-act" as in --checks or a
// NOLINT(...) comment), each without surrounding spaces, empty ones left out.
std::vector<std::string> splitGlobList(const std::string &List);

}  // namespace racecheck
