// How a parent racestress and the child it starts per variant talk, as typed JSON:
//   parent -> child   racestress __child --request '<ChildRequest>'
//   child -> parent   its VariantResult, the last line of its stdout (variant_result.h)
//   child -> parent   if it dies of a signal: a CrashRecord in the file the request named,
//                     written by the signal handler, so the parent can name the run to replay.
#pragma once

#include <cstdint>
#include <string>

#include "racelab/catalogue.h"
#include "racelab/options.h"
#include "report_json.h"

namespace racestress {

struct ChildRequest {
  std::string variant;        // scenario/variant
  racelab::Options harness;   // with the variant's share of the time budget
  racelab::Params params;     // the command line's parameter overrides
  std::string crash_record;   // where to write a CrashRecord; "" for none
};
void to_json(Json& j, const ChildRequest& r);
void from_json(const Json& j, ChildRequest& r);

struct CrashRecord {
  long long run = 0;           // 1-based, as printed
  std::uint64_t run_seed = 0;  // replays that run: racestress replay VARIANT --seed RUN_SEED
};
void to_json(Json& j, const CrashRecord& r);
void from_json(const Json& j, CrashRecord& r);

// In the child: from now on a crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, or SIGXFSZ
// when its output passed its limit) writes the run
// in progress to `path` as a CrashRecord, then dies of the same signal.
void record_crashes_to(const std::string& path);

}  // namespace racestress
