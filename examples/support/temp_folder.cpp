// examples/support/temp_folder.cpp
#include "temp_folder.h"

#include <cerrno>
#include <cstdlib>
#include <system_error>
#include <vector>

namespace racelab::support {

TempFolder::TempFolder(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "XXXXXX")).string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
  }
  path_ = buffer.data();
}

TempFolder::~TempFolder() {
  // The folder was created empty by us, so everything in it is ours to remove.
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace racelab::support
