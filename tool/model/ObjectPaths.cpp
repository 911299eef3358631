// ObjectPaths.cpp: see ObjectPaths.h.
#include "model/ObjectPaths.h"

namespace racecheck {

size_t callerRootLength(const std::string &Path) {
  bool Param = Path.rfind("param#", 0) == 0;
  if (!Param && Path.rfind("this", 0) != 0)
    return 0;
  if (!Param)
    return 4;
  size_t End = Path.find_first_not_of("0123456789", 6);
  return End == std::string::npos ? Path.size() : End;
}

}  // namespace racecheck
