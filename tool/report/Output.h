// Output.h: prints a run's findings and errors as text, JSON or SARIF 2.1.0.
#pragma once

#include "checks/Finding.h"
#include "report/SourceLines.h"

#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace racecheck {

struct FileError {
  std::string File;
  std::string Message;
};

struct RunResult {
  std::vector<Finding> Findings;
  std::vector<FileError> Errors;
};

// Paths as users see them: relative to the source root when inside it, absolute otherwise.
class PathStyle {
public:
  explicit PathStyle(std::string Root) : Root(std::move(Root)) {
    while (this->Root.size() > 1 && this->Root.back() == '/')
      this->Root.pop_back();  // LLVM 19's remove_dots leaves "/root/" for "/root/."
  }
  std::string show(const std::string &Absolute) const;

private:
  std::string Root;
};

// A finding's line-free identity: rule, file as shown, function and variable, so it survives
// edits above it. Baselines count findings by it; SARIF's fingerprint is its hash.
std::string findingKey(const Finding &F, const PathStyle &Paths);

// Clang's layout: "file:line:col: warning: message [rule]", the line, a caret, then notes.
void printText(const RunResult &R, const PathStyle &Paths, SourceLines &Lines,
               llvm::raw_ostream &OS);
void printJson(const RunResult &R, const PathStyle &Paths, llvm::raw_ostream &OS);
void printSarif(const RunResult &R, const PathStyle &Paths, const std::string &RootUri,
                llvm::raw_ostream &OS);

}  // namespace racecheck
