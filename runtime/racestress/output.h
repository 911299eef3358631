// What racestress prints: a block per variant (counts, statistics, the first failing
// interleaving as a step table, TSan's and racecheck's findings), the comparison table of all
// variants run, and JUnit XML for CI.
#pragma once

#include <string>
#include <vector>

#include "variant_result.h"

namespace racestress {

// The outcome histogram of a report made with --outcomes ("" without one): each final state,
// how many runs ended in it, and a bar.
std::string render_outcomes(const racelab::Report& report);
std::string render_variant_text(const VariantResult& result);
std::string render_comparison_table(const std::vector<VariantResult>& results);
std::string render_junit(const std::vector<VariantResult>& results);
// The command that replays the first failure exactly (controlled mode), or "".
std::string replay_command(const VariantResult& result);
using racelab::xml_escape;

}  // namespace racestress
