// Finding.cpp: small helpers for building finding messages.
#include "checks/Finding.h"

#include "llvm/Support/Path.h"

namespace racecheck {

std::string shortPos(const SourcePos &P) {
  return llvm::sys::path::filename(P.File).str() + ":" + std::to_string(P.Line) + ":" + std::to_string(P.Column);
}

}  // namespace racecheck
