// Runs the harness part of one variant into its VariantResult: in this process, or in a child
// racestress (child_protocol.h) that isolates crashes and hangs and, in a TSan build, gives
// ThreadSanitizer a log of its own to parse.
#pragma once

#include "command_line.h"
#include "racelab/catalogue.h"
#include "variant_result.h"

namespace racestress {

// `budget`: this variant's share of --time-budget, in seconds (0: none).
void run_in_process(const racelab::Variant& v, const CommandLine& line, double budget, VariantResult& result);
void run_in_child(const racelab::Variant& v, const CommandLine& line, double budget, VariantResult& result);

// True when this racestress was built with ThreadSanitizer.
bool built_with_tsan();

}  // namespace racestress
