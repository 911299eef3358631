#include "checker_client.h"

#include <unistd.h>

#include <algorithm>
#include <set>

#include "child_process.h"
#include "json.h"

namespace racestress {

std::vector<std::string> CheckerOutcome::rules() const {
  std::set<std::string> distinct;
  for (const auto& f : findings) distinct.insert(f.rule);
  return {distinct.begin(), distinct.end()};
}

std::optional<std::vector<CheckerFinding>> parse_checker_json(const std::string& text, std::string* error) {
  // Take the first line that starts an object: tolerate a trailing newline or notes.
  const auto start = text.find('{');
  const auto end = text.rfind('}');
  if (start == std::string::npos || end == std::string::npos || end < start) {
    if (error) *error = "no JSON object in racecheck's output";
    return std::nullopt;
  }
  auto doc = JsonValue::parse(text.substr(start, end - start + 1), error);
  if (!doc) return std::nullopt;
  const JsonValue& findings = (*doc)["findings"];
  if (findings.type() != JsonValue::Type::array) {
    if (error) *error = "racecheck's JSON has no \"findings\" array";
    return std::nullopt;
  }
  std::vector<CheckerFinding> out;
  for (const JsonValue& f : findings.items()) {
    CheckerFinding c;
    c.rule = f["rule"].as_string();
    c.file = f["file"].as_string();
    c.line = static_cast<int>(f["line"].as_int());
    c.message = f["message"].as_string();
    out.push_back(std::move(c));
  }
  return out;
}

CheckerClient::CheckerClient(std::string racecheck, std::string build_dir)
    : racecheck_(std::move(racecheck)), build_dir_(std::move(build_dir)) {}

bool CheckerClient::available() const { return !racecheck_.empty() && access(racecheck_.c_str(), X_OK) == 0; }

const CheckerOutcome& CheckerClient::check(const std::string& source_file) {
  auto it = cache_.find(source_file);
  if (it != cache_.end()) return it->second;
  CheckerOutcome outcome;
  if (!available()) {
    outcome.note = racecheck_.empty() ? "racecheck was not built in this tree (use --racecheck PATH)"
                                      : "racecheck not found at " + racecheck_;
    return cache_[source_file] = outcome;
  }
  const std::string scratch = make_temp_dir("racecheck");
  const ChildResult r = run_child({racecheck_, "-p", build_dir_, "--format", "json", source_file}, {}, 300, scratch);
  remove_tree(scratch);
  if (!r.started || r.timed_out || (r.exit_code != 0 && r.exit_code != 1)) {
    outcome.note = "racecheck failed (" +
                   (r.timed_out ? std::string("timed out") : "exit " + std::to_string(r.exit_code)) + ")";
    const auto first_line = r.err.substr(0, r.err.find('\n'));
    if (!first_line.empty()) outcome.note += ": " + first_line;
    return cache_[source_file] = outcome;
  }
  std::string error;
  auto findings = parse_checker_json(r.out, &error);
  if (!findings) {
    outcome.note = "could not read racecheck's JSON: " + error;
    return cache_[source_file] = outcome;
  }
  outcome.ran = true;
  outcome.findings = std::move(*findings);
  return cache_[source_file] = outcome;
}

}  // namespace racestress
