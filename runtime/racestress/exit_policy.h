// racestress's exit code, from the results of the variants it ran: 0 every expectation met,
// 1 an invariant broke unexpectedly (or an expected failure never showed), 66 TSan reported
// unexpectedly, 3 racecheck disagreed with a declaration, 4 nothing ran (every selected
// variant was skipped, or made zero runs), 2 usage error, 124 timeout. The first that applies
// in the order timeout, nothing ran, invariant, TSan, racecheck wins.
#pragma once

#include <string>
#include <vector>

#include "variant_result.h"

namespace racestress {

constexpr int kExitOk = 0;
constexpr int kExitInvariant = 1;
constexpr int kExitUsage = 2;
constexpr int kExitChecker = 3;
constexpr int kExitNothingRan = 4;
constexpr int kExitTsan = 66;
constexpr int kExitTimeout = 124;

struct ExitDecision {
  int code = kExitOk;
  std::string message;  // one line for stderr when nothing ran, else ""
};

ExitDecision exit_decision(const std::vector<VariantResult>& results);

}  // namespace racestress
