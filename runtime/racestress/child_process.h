// Runs a command in a child process with its output in files, a deadline, and extra
// environment; used to re-run racestress itself per variant (crash and hang isolation, a
// fresh TSan log per variant) and to run racecheck.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace racestress {

struct ChildResult {
  bool started = false;
  bool timed_out = false;
  int exit_code = -1;  // when it exited
  int signal = 0;      // when a signal ended it
  std::string out;
  std::string err;
};

ChildResult run_child(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                      double timeout_seconds, const std::string& scratch_dir);

// A fresh private directory under $TMPDIR (or /tmp); removed by remove_tree.
std::string make_temp_dir(const std::string& stem);
void remove_tree(const std::string& dir);
// This program's own path, for re-executing it.
std::string self_executable();

}  // namespace racestress
