// Runs a command in a child process with its output in files, a deadline, limits, and extra
// environment; used to re-run racestress itself per variant (crash, hang, memory and output
// isolation, a fresh TSan log per variant) and to run racecheck.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace racestress {

// What the child may use; 0: no limit. The child and everything it starts share them.
struct ChildLimits {
  long long output_bytes = 0;   // RLIMIT_FSIZE: a write past it ends the writer with SIGXFSZ
  long long address_bytes = 0;  // RLIMIT_AS: an allocation past it fails (std::bad_alloc)
  // Resident memory of the child itself, watched while it runs (for TSan builds, whose shadow
  // needs terabytes of address space): past it, the child's process group is killed.
  long long resident_bytes = 0;
};

struct ChildResult {
  bool started = false;
  bool timed_out = false;
  bool over_memory = false;  // killed for passing limits.resident_bytes
  int exit_code = -1;  // when it exited
  int signal = 0;      // when a signal ended it
  // Processes of the child's process group still running when it ended (a fork it left
  // behind); run_child kills them.
  int left_behind = 0;
  std::string out;
  std::string err;
};

// The child runs in a process group of its own; at the deadline, or when the child itself has
// ended, whatever is left of that group is killed, so nothing it started outlives it.
ChildResult run_child(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                      double timeout_seconds, const std::string& scratch_dir, const ChildLimits& limits = {});

// A fresh private directory under $TMPDIR (or /tmp); removed by remove_tree.
std::string make_temp_dir(const std::string& stem);
void remove_tree(const std::string& dir);
// This program's own path, for re-executing it.
std::string self_executable();

}  // namespace racestress
