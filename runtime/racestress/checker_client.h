// Runs racecheck on a variant's source file and reads the rules it reported
// (`racecheck -p BUILD_DIR --format json FILE`: exit 0 clean, 1 findings, 2 usage, 3 a file
// could not be analysed). Results are cached per file for one racestress run.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace racestress {

struct CheckerFinding {
  std::string rule;
  std::string file;
  int line = 0;
  std::string message;
};

// One entry of racecheck's "findings" array.
void from_json(const nlohmann::json& j, CheckerFinding& f);

struct CheckerOutcome {
  bool ran = false;              // false: not-run (no racecheck, or it failed)
  std::vector<CheckerFinding> findings;
  std::string note;              // why it did not run, or what went wrong
  std::vector<std::string> rules() const;  // distinct rule ids, sorted
};

// Parses racecheck's JSON output; nullopt if it is not the documented shape.
std::optional<std::vector<CheckerFinding>> parse_checker_json(const std::string& text, std::string* error);

class CheckerClient {
 public:
  CheckerClient(std::string racecheck, std::string build_dir);
  bool available() const;
  const CheckerOutcome& check(const std::string& source_file);

 private:
  std::string racecheck_;
  std::string build_dir_;
  std::map<std::string, CheckerOutcome> cache_;
};

}  // namespace racestress
