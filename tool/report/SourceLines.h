// SourceLines.h: the text of source files, line by line, read once (for carets and NOLINT).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace racecheck {

class SourceLines {
public:
  // Line N (1-based) of File, or "" when the file or line does not exist.
  const std::string &line(const std::string &File, unsigned N);
  unsigned count(const std::string &File);

private:
  std::map<std::string, std::vector<std::string>> Files;
};

}  // namespace racecheck
