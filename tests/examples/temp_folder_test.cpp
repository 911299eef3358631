// tests/examples/temp_folder_test.cpp: the database variants' scratch folder is fresh, private
// and gone afterwards.
#include "temp_folder.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using racelab::support::TempFolder;

TEST(TempFolder, IsAFreshEmptyFolder) {
  TempFolder folder("racelab-test-");
  EXPECT_TRUE(fs::is_directory(folder.path()));
  EXPECT_TRUE(fs::is_empty(folder.path()));
  EXPECT_EQ(folder.path().parent_path(), fs::temp_directory_path());
  EXPECT_EQ(folder.path().filename().string().rfind("racelab-test-", 0), 0u);
}

TEST(TempFolder, TwoFoldersNeverShareAPath) {
  TempFolder first;
  TempFolder second;
  EXPECT_NE(first.path(), second.path());
}

TEST(TempFolder, IsRemovedWithItsContents) {
  fs::path kept;
  {
    TempFolder folder;
    kept = folder.path();
    std::ofstream(folder.file("bank.db")) << "data";
    fs::create_directory(folder.file("sub"));
    std::ofstream(folder.file("sub") / "more") << "data";
  }
  EXPECT_FALSE(fs::exists(kept));
}
