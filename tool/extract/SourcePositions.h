// SourcePositions.h: a Clang source location as racecheck's SourcePos (absolute file, line and
// column of the expansion), with the file names of one translation unit cached.
#pragma once

#include "model/Facts.h"

#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <map>
#include <string>

namespace racecheck {

class SourcePositions {
public:
  explicit SourcePositions(const clang::SourceManager &SM) : SM(SM) {}

  SourcePos operator()(clang::SourceLocation L) {
    L = SM.getExpansionLoc(L);
    clang::FileID Id = SM.getFileID(L);
    auto It = FileNames.find(Id);
    if (It == FileNames.end()) {
      llvm::SmallString<256> Path(SM.getFilename(L));
      if (Path.empty())
        Path = SM.getPresumedLoc(L).getFilename();
      // A relative name is relative to the command's directory, not the process's: the path
      // the file was opened at says where it is (LLVM 19's file manager no longer knows that
      // folder by the time facts are written down; LLVM 14's file system still does).
      if (llvm::sys::path::is_relative(Path))
        if (const clang::FileEntry *Entry = SM.getFileEntryForID(Id))
          if (!Entry->tryGetRealPathName().empty())
            Path = Entry->tryGetRealPathName();
      if (SM.getFileManager().getVirtualFileSystem().makeAbsolute(Path))
        llvm::sys::fs::make_absolute(Path);
      llvm::sys::path::remove_dots(Path, true);
      It = FileNames.emplace(Id, std::string(Path.str())).first;
    }
    return SourcePos{It->second, SM.getExpansionLineNumber(L), SM.getExpansionColumnNumber(L)};
  }

private:
  const clang::SourceManager &SM;
  std::map<clang::FileID, std::string> FileNames;
};

}  // namespace racecheck
