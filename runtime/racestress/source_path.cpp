#include "source_path.h"

#include <filesystem>

#ifndef RACELAB_DEFAULT_BUILD_DIR
#define RACELAB_DEFAULT_BUILD_DIR "."
#endif

namespace racestress {

std::string variant_source_path(const std::string& recorded) {
  namespace fs = std::filesystem;
  const fs::path path(recorded);
  if (path.empty() || path.is_absolute()) return recorded;
  // CMake's generators compile from the top of the build tree.
  return (fs::path(RACELAB_DEFAULT_BUILD_DIR) / path).lexically_normal().string();
}

}  // namespace racestress
