// DiffBase.h: racecheck --diff-base REF, the pull-request mode: only the findings that involve
// a line added or changed since git revision REF are reported. A finding involves a changed
// line when its own location, or one of its notes' locations (the other access, the lock, the
// thread start), is on one. The changes are `git diff -U0 REF` in the repository that holds the
// project folder: REF against the working tree, so committed, staged and unstaged edits of
// tracked files all count; untracked files do not. Where lines were only deleted, the line on
// each side of the deletion counts as changed (a removed lock_guard marks its neighbours, not
// the accesses further down that it protected).
#pragma once

#include "checks/Finding.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace racecheck {

class ChangedLines {
public:
  // Runs git in Folder's repository. False, with a one-line Error, when git is missing, Folder
  // is not in a git work tree, REF is not a commit, or git diff fails.
  bool load(const std::string &Ref, const std::string &Folder, std::string &Error);
  // `git diff -U0` output, with its paths relative to RepoRoot (a real path).
  void parse(const std::string &Diff, const std::string &RepoRoot);

  bool involves(const Finding &F) const;
  bool changed(const std::string &File, unsigned Line) const;
  // The files with a changed line, for messages and tests.
  std::vector<std::string> files() const;

private:
  std::map<std::string, std::set<unsigned>> Lines;  // real path -> changed lines of the new file
  mutable std::map<std::string, std::string> RealPaths;
  std::string realPath(const std::string &File) const;
};

}  // namespace racecheck
