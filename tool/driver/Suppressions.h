// Suppressions.h: findings the user has already answered: NOLINT comments and baselines.
#pragma once

#include "checks/Finding.h"
#include "checks/UnusedNolintCheck.h"
#include "report/Output.h"
#include "report/SourceLines.h"

#include <string>
#include <vector>

namespace racecheck {

// `// NOLINT`, `// NOLINT(racecheck-rule,...)` on the finding's line, `// NOLINTNEXTLINE(...)`
// on the line before, or inside `// NOLINTBEGIN(...)` ... `// NOLINTEND(...)`.
bool suppressedByNolint(const Finding &F, SourceLines &Lines);
// The line of the comment that suppresses F (for NOLINTBEGIN, the innermost open one), or 0.
unsigned suppressingLine(const Finding &F, SourceLines &Lines);

// The NOLINT, NOLINTNEXTLINE and NOLINTBEGIN comments of File that name racecheck rules.
std::vector<NolintComment> racecheckNolints(const std::string &File, SourceLines &Lines);

// A baseline holds findingKey()s (report/Output.h) with counts.
bool writeBaseline(const std::string &Path, const std::vector<Finding> &Findings,
                   const PathStyle &Paths, std::string &Error);
// Removes the findings the baseline knows, up to its count per key.
bool applyBaseline(const std::string &Path, std::vector<Finding> &Findings, const PathStyle &Paths,
                   unsigned &Removed, std::string &Error);

}  // namespace racecheck
