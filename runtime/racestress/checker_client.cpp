#include "checker_client.h"

#include <unistd.h>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "child_process.h"


namespace racestress {

std::vector<std::string> CheckerOutcome::rules() const {
  std::set<std::string> distinct;
  for (const auto& f : findings) distinct.insert(f.rule);
  return {distinct.begin(), distinct.end()};
}

void from_json(const nlohmann::json& j, CheckerFinding& f) {
  j.at("rule").get_to(f.rule);
  j.at("file").get_to(f.file);
  j.at("line").get_to(f.line);
  f.message = j.value("message", "");
}

std::optional<std::vector<CheckerFinding>> parse_checker_json(const std::string& text, std::string* error) {
  // The object from the first '{' to the last '}': tolerate a trailing newline or notes.
  const auto start = text.find('{');
  const auto end = text.rfind('}');
  if (start == std::string::npos || end == std::string::npos || end < start) {
    if (error) *error = "no JSON object in racecheck's output";
    return std::nullopt;
  }
  try {
    const auto doc = nlohmann::json::parse(text.substr(start, end - start + 1));
    const auto findings = doc.find("findings");
    if (findings == doc.end() || !findings->is_array()) {
      if (error) *error = "racecheck's JSON has no \"findings\" array";
      return std::nullopt;
    }
    return findings->get<std::vector<CheckerFinding>>();
  } catch (const nlohmann::json::exception& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
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
