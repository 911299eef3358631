// The racestress command, as a function the tests can call: racestress_main(args) returns the
// exit code (0 every expectation met, 1 an invariant broke unexpectedly, 66 TSan reported
// unexpectedly, 3 racecheck disagreed with a declaration, 4 nothing ran (every selected
// variant was skipped, or made zero runs), 2 usage error, 124 timeout).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace racestress {

constexpr int kExitOk = 0;
constexpr int kExitInvariant = 1;
constexpr int kExitUsage = 2;
constexpr int kExitChecker = 3;
constexpr int kExitNothingRan = 4;
constexpr int kExitTsan = 66;
constexpr int kExitTimeout = 124;

int racestress_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// True when this racestress was built with ThreadSanitizer.
bool built_with_tsan();

}  // namespace racestress
