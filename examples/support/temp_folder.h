// examples/support/temp_folder.h: a fresh, empty folder of our own, removed with its contents
// when the object goes away. Made with mkdtemp, so it never reuses or overwrites anything a
// user already has; the database variants keep their files in one.
#pragma once

#include <filesystem>
#include <string>

namespace racelab::support {

class TempFolder {
 public:
  // Creates <system temp folder>/<prefix>XXXXXX; throws std::system_error on failure.
  explicit TempFolder(const std::string& prefix = "racelab-");
  ~TempFolder();
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // A path inside the folder, e.g. file("bank.db").
  std::filesystem::path file(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace racelab::support
