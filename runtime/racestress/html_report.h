// The study page: one self-contained HTML file (no scripts, no network) with the comparison
// table of every variant run, and for each one its three verdicts side by side: the harness's
// statistics and first failing interleaving as a step table, TSan's reports, racecheck's rules.
// Written by `racestress run ... --html FILE`; scripts/demo.sh writes one for the whole catalogue.
#pragma once

#include <string>
#include <vector>

#include "variant_result.h"

namespace racestress {

// The interleaving as a table, one column per actor (also the catalogue pages', catalogue_pages.h).
std::string render_html_step_table(const racelab::Trace& trace);
// The harness's note (crash, timeout) and statistics, each as a <pre>.
std::string render_html_harness_statistics(const VariantResult& r);
// The first failing run: its message, the replay command and the step table ("" if none).
std::string render_html_first_failure(const VariantResult& r);

std::string render_html_report(const std::vector<VariantResult>& results, const std::string& command);

}  // namespace racestress
