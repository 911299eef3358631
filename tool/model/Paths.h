// Paths.h: how racecheck spells a file it was given: absolute, with "." and ".." removed.
#pragma once

#include <string>

namespace racecheck {

// Path made absolute against the current directory, "." and ".." removed (no symlink resolved).
std::string absolutePath(const std::string &Path);

}  // namespace racecheck
