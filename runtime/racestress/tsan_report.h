// Reads ThreadSanitizer's text reports (the files written with TSAN_OPTIONS=log_path=...)
// into findings: what kind of report, and where (the SUMMARY line's source location).
#pragma once

#include <string>
#include <vector>

namespace racestress {

struct TsanFinding {
  std::string kind;      // "data race", "heap-use-after-free", "lock-order-inversion ...", ...
  std::string location;  // "buggy.cpp:33" (from the SUMMARY line), or "" if it had none
  std::string function;  // "add" (from the SUMMARY line)
  std::string variable;  // "counter", when TSan names the global or heap block
  std::string summary;   // the SUMMARY line without its "SUMMARY: ThreadSanitizer: " prefix
  std::vector<std::string> accesses;  // e.g. "Write of size 4 ... by thread T2 at buggy.cpp:33"
};

std::vector<TsanFinding> parse_tsan_reports(const std::string& text);
// Every file in `dir` whose name starts with `prefix` (TSan appends ".<pid>").
std::string read_tsan_logs(const std::string& dir, const std::string& prefix);

}  // namespace racestress
