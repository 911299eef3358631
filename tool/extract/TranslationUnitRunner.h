// TranslationUnitRunner.h: finds each file's compile command and turns the file into facts.
//
// The interface is free of Clang types so that the driver, the rules and the reports compile
// without Clang's headers; only TranslationUnitRunner.cpp parses C and C++.
#pragma once

#include "model/Config.h"
#include "model/Facts.h"

#include <memory>
#include <string>
#include <vector>

namespace racecheck {

class TranslationUnitRunner {
public:
  // BuildDir: where compile_commands.json lives ("" = look upward from each file, then plain
  // flags). ExtraArgs: the flags after `--`, appended to every command. On failure returns null
  // and sets Error to a one-line reason.
  static std::unique_ptr<TranslationUnitRunner> create(const std::string &BuildDir,
                                                       const std::vector<std::string> &ExtraArgs,
                                                       bool HasDashDash, std::string &Error);
  virtual ~TranslationUnitRunner() = default;

  // Every source file the compilation database lists (absolute paths).
  virtual std::vector<std::string> allFiles() const = 0;
  // Parses File and extracts its facts; parse failures land in the result's Errors. External:
  // summaries of functions other units define (see model/Summaries.h), or null. Inputs, when
  // given, receives the absolute paths of every file the parse read (the source, its headers),
  // for the facts cache (driver/FactsCache.h).
  virtual TranslationUnitFacts analyse(const std::string &File, const Config &Cfg,
                                       const SummaryTable *External = nullptr,
                                       std::vector<std::string> *Inputs = nullptr) const = 0;
  // What File's parse depends on besides the files it reads: the compile command(s) the database
  // gives for it (directory, file, arguments) and the flags after `--`, one per line.
  virtual std::string commandLine(const std::string &File) const = 0;
};

// The resource directory racecheck was configured with (clang -print-resource-dir).
std::string clangResourceDir();

}  // namespace racecheck
