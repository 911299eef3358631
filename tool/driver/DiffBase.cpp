#include "driver/DiffBase.h"

#include "compat/ClangCompat.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <cstdlib>
#include <sstream>

namespace racecheck {
namespace {

struct GitResult {
  int Code = -1;
  std::string Out;
  std::string Err;
};

std::string readAndRemove(const llvm::SmallString<128> &Path) {
  std::string Text;
  if (auto Buffer = llvm::MemoryBuffer::getFile(Path))
    Text = (*Buffer)->getBuffer().str();
  llvm::sys::fs::remove(Path);
  return Text;
}

// git -C Folder Args..., its output captured through temporary files.
GitResult runGit(const std::string &Git, const std::string &Folder, std::vector<std::string> Args) {
  GitResult R;
  llvm::SmallString<128> OutPath, ErrPath;
  if (llvm::sys::fs::createTemporaryFile("racecheck-git", "out", OutPath) ||
      llvm::sys::fs::createTemporaryFile("racecheck-git", "err", ErrPath)) {
    R.Err = "cannot create a temporary file for git's output";
    return R;
  }
  Args.insert(Args.begin(), {Git, "-C", Folder, "-c", "core.quotePath=false"});
  std::vector<llvm::StringRef> Argv(Args.begin(), Args.end());
  std::string Message;
  R.Code = compat::executeAndWait(Git, Argv, "", OutPath, ErrPath, &Message);
  R.Out = readAndRemove(OutPath);
  R.Err = readAndRemove(ErrPath);
  if (R.Code < 0)
    R.Err = Message;
  return R;
}

std::string trimmed(std::string Text) {
  while (!Text.empty() && (Text.back() == '\n' || Text.back() == '\r'))
    Text.pop_back();
  return Text;
}

std::string firstLine(const std::string &Text) {
  std::string Line = Text.substr(0, Text.find('\n'));
  return Line.empty() ? "(no message)" : Line;
}

unsigned number(const std::string &Text, size_t &At) {
  unsigned N = 0;
  while (At < Text.size() && Text[At] >= '0' && Text[At] <= '9')
    N = N * 10 + static_cast<unsigned>(Text[At++] - '0');
  return N;
}

}  // namespace

bool ChangedLines::load(const std::string &Ref, const std::string &Folder, std::string &Error) {
  auto Git = llvm::sys::findProgramByName("git");
  if (!Git) {
    Error = "--diff-base needs git, and no git is on PATH";
    return false;
  }
  GitResult Top = runGit(*Git, Folder, {"rev-parse", "--show-toplevel"});
  Top.Out = trimmed(Top.Out);
  if (Top.Code != 0 || Top.Out.empty()) {
    Error = "--diff-base: '" + Folder + "' is not in a git work tree (" + firstLine(Top.Err) + ")";
    return false;
  }
  GitResult Commit = runGit(*Git, Top.Out, {"rev-parse", "--verify", "--quiet", "--end-of-options", Ref + "^{commit}"});
  Commit.Out = trimmed(Commit.Out);
  if (Commit.Code != 0 || Commit.Out.empty()) {
    Error = "--diff-base: '" + Ref + "' is not a commit in " + Top.Out +
            " (a shallow clone may lack it: fetch it first)";
    return false;
  }
  GitResult Diff = runGit(*Git, Top.Out, {"diff", "-U0", "--no-color", "--no-ext-diff", "--src-prefix=a/",
                                            "--dst-prefix=b/", "-M", Commit.Out, "--"});
  if (Diff.Code != 0) {
    Error = "--diff-base: git diff " + Ref + " failed: " + firstLine(Diff.Err);
    return false;
  }
  parse(Diff.Out, realPath(Top.Out));
  return true;
}

void ChangedLines::parse(const std::string &Diff, const std::string &RepoRoot) {
  std::istringstream In(Diff);
  std::string File;  // the new file's real path; empty while in a deleted file
  for (std::string Line; std::getline(In, Line);) {
    if (compat::startsWith(Line, "+++ ")) {
      std::string Path = Line.substr(4);
      if (!Path.empty() && Path.back() == '\t')
        Path.pop_back();  // git ends a name that holds a space with a tab
      File = compat::startsWith(Path, "b/") ? realPath(RepoRoot + "/" + Path.substr(2)) : "";
    } else if (compat::startsWith(Line, "@@ ") && !File.empty()) {
      // @@ -a[,b] +c[,d] @@: d lines from c are new; d == 0 means lines were deleted after c.
      size_t At = Line.find(" +");
      if (At == std::string::npos)
        continue;
      At += 2;
      unsigned Start = number(Line, At), Count = 1;
      if (At < Line.size() && Line[At] == ',') {
        ++At;
        Count = number(Line, At);
      }
      if (Count == 0) {
        if (Start > 0)
          Lines[File].insert(Start);
        Lines[File].insert(Start + 1);
      }
      for (unsigned L = Start; L < Start + Count; ++L)
        Lines[File].insert(L);
    }
  }
}

bool ChangedLines::changed(const std::string &File, unsigned Line) const {
  auto It = Lines.find(realPath(File));
  return It != Lines.end() && It->second.count(Line) > 0;
}

bool ChangedLines::involves(const Finding &F) const {
  if (changed(F.Pos.File, F.Pos.Line))
    return true;
  for (const Note &N : F.Notes)
    if (changed(N.Pos.File, N.Pos.Line))
      return true;
  return false;
}

std::vector<std::string> ChangedLines::files() const {
  std::vector<std::string> Out;
  for (const auto &[File, Set] : Lines)
    Out.push_back(File);
  return Out;
}

std::string ChangedLines::realPath(const std::string &File) const {
  auto It = RealPaths.find(File);
  if (It != RealPaths.end())
    return It->second;
  llvm::SmallString<256> Real;
  std::string Result = File;
  if (!llvm::sys::fs::real_path(File, Real))
    Result = std::string(Real.str());
  RealPaths.emplace(File, Result);
  return Result;
}

}  // namespace racecheck
