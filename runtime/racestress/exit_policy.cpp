#include "exit_policy.h"

namespace racestress {

ExitDecision exit_decision(const std::vector<VariantResult>& results) {
  bool timeout = false, invariant = false, tsan = false, broke = false, checker_disagreed = false;
  long long runs = 0, skipped = 0;
  for (const auto& r : results) {
    timeout = timeout || r.verdict == HarnessVerdict::timeout;
    broke = broke || r.verdict == HarnessVerdict::crash || r.verdict == HarnessVerdict::error;
    invariant = invariant || !r.harness_matches();
    tsan = tsan || !r.tsan_matches();
    checker_disagreed = checker_disagreed || r.checker_matches() == false;
    runs += r.report.runs;
    if (r.verdict == HarnessVerdict::skipped) ++skipped;
  }
  if (timeout) return {kExitTimeout, ""};
  if (runs == 0 && !broke) {
    // Green because nothing was tried is not green.
    if (!results.empty() && skipped == static_cast<long long>(results.size())) {
      return {kExitNothingRan,
              "racestress: nothing ran: every selected variant was skipped (" + results.front().harness_note + ")"};
    }
    return {kExitNothingRan, "racestress: nothing ran: no run was executed"};
  }
  if (invariant || runs == 0) return {kExitInvariant, ""};
  if (tsan) return {kExitTsan, ""};
  if (checker_disagreed) return {kExitChecker, ""};
  return {kExitOk, ""};
}

}  // namespace racestress
