// SourceLines.cpp: see SourceLines.h.
#include "report/SourceLines.h"

#include <fstream>

namespace racecheck {

const std::string &SourceLines::line(const std::string &File, unsigned N) {
  static const std::string Empty;
  auto It = Files.find(File);
  if (It == Files.end()) {
    std::vector<std::string> Lines;
    std::ifstream In(File);
    for (std::string L; std::getline(In, L);)
      Lines.push_back(L);
    It = Files.emplace(File, std::move(Lines)).first;
  }
  return N >= 1 && N <= It->second.size() ? It->second[N - 1] : Empty;
}

unsigned SourceLines::count(const std::string &File) {
  line(File, 1);  // reads the file once
  return static_cast<unsigned>(Files[File].size());
}

}  // namespace racecheck
