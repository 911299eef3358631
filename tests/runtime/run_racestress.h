// Runs a racestress binary as a user would, in a child process, for the CLI tests.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.h"

namespace racestress {

struct Ran {
  int code = -1;  // -2: it timed out
  std::string out;
  std::string err;
};

// GoogleTest's shard variables say "one shard of one" (racestress run and GoogleTest binaries
// honour them) unless `env` sets them: this test binary may itself be sharded.
inline Ran run_racestress(const std::string& binary, std::vector<std::string> args,
                          std::map<std::string, std::string> env = {}) {
  args.insert(args.begin(), binary);
  env.emplace("GTEST_SHARD_INDEX", "0");
  env.emplace("GTEST_TOTAL_SHARDS", "1");
  const std::string scratch = make_temp_dir("racestress-test");
  const ChildResult r = run_child(args, env, 300, scratch);
  remove_tree(scratch);
  return {r.timed_out ? -2 : r.exit_code, r.out, r.err};
}

// A file's whole text ("" when it cannot be read).
inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// racestress --format json's output: one JSON object per line, and nothing else.
inline std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    auto v = nlohmann::json::parse(line, nullptr, false);
    EXPECT_FALSE(v.is_discarded()) << line;
    if (!v.is_discarded()) lines.push_back(std::move(v));
  }
  return lines;
}

}  // namespace racestress
