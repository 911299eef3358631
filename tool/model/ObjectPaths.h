// ObjectPaths.h: the root of an object path that names a caller's object.
//
// A function's facts name memory and mutexes reached through its parameters or `this` by
// paths relative to them ("param#1.mu", "this.count_"); the concurrency model and the
// lock-order rule bind such a root to the caller's object. Other roots ("g:", "local:",
// "alloc:", "client:") are fixed and bind to themselves.
#pragma once

#include <cstddef>
#include <string>

namespace racecheck {

// How many characters of Path are its caller-relative root ("param#N" or "this"); 0 when the
// root is fixed. The rest of Path (".mu", "[*].x") follows the root unchanged.
size_t callerRootLength(const std::string &Path);

}  // namespace racecheck
