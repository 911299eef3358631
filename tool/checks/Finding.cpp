// Finding.cpp: small helpers for building finding messages.
#include "checks/Finding.h"

namespace racecheck {

std::string shortPos(const SourcePos &P) {
  std::string File = P.File;
  if (auto Slash = File.find_last_of('/'); Slash != std::string::npos)
    File = File.substr(Slash + 1);
  return File + ":" + std::to_string(P.Line) + ":" + std::to_string(P.Column);
}

}  // namespace racecheck
