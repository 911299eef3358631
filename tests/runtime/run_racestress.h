// Runs a racestress binary as a user would, in a child process, for the CLI tests.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "child_process.h"

namespace racestress {

struct Ran {
  int code = -1;  // -2: it timed out
  std::string out;
  std::string err;
};

inline Ran run_racestress(const std::string& binary, std::vector<std::string> args,
                          const std::map<std::string, std::string>& env = {}) {
  args.insert(args.begin(), binary);
  const std::string scratch = make_temp_dir("racestress-test");
  const ChildResult r = run_child(args, env, 300, scratch);
  remove_tree(scratch);
  return {r.timed_out ? -2 : r.exit_code, r.out, r.err};
}

}  // namespace racestress
