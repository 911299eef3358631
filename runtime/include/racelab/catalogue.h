// racelab/catalogue.h: the example catalogue. Each variant file registers itself with
// RACELAB_VARIANT and says what it expects from each tool:
//
//   RACELAB_VARIANT({
//       .scenario = "lost_update",
//       .variant = "buggy",
//       .rank = 1,                                   // order within the scenario
//       .summary = "plain int, read then write",
//       .expect = racelab::HarnessExpect::fail,      // the invariant must break
//       .tsan = racelab::TsanExpect::race,           // TSan must report a data race
//       .params = {{"threads", 2}, {"increments", 3}},
//       .make = make_test,                           // racelab::StressTest make_test(const racelab::Params&)
//       .plain = run_plain,                          // optional: the code on bare std::threads
//       .unavailable = why_not,                      // optional: std::string(), "" if it can run
//       .environment = shared_server,                // optional: env for the variant's process
//   });
//
// The lines racecheck should flag carry a trailing `// expect: <rule>` comment (or, for a line
// of a header the variant includes, `// expect: <rule> at <header>:<line>`). Those markers are
// the only place a variant's checker expectation is written: examples/expected_rules.cmake
// collects their rules into RACELAB_EXPECTED_RULES for each variant file, and the macro fills
// `checker` from it. The macro also records the variant's source file (__FILE__).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "racelab/test.h"

namespace racelab {

enum class HarnessExpect { fail, pass };
enum class TsanExpect { race, clean };

const char* to_string(HarnessExpect e);
const char* to_string(TsanExpect e);

// Named integer parameters, such as threads and increments; the variant gives defaults.
using Params = std::map<std::string, long long>;

struct Variant {
  std::string scenario;
  std::string variant;
  int rank = 0;
  std::string summary;
  HarnessExpect expect = HarnessExpect::pass;
  TsanExpect tsan = TsanExpect::clean;
  // The rules racecheck must report on the variant's file. In examples/, filled in by
  // RACELAB_VARIANT from the file's `// expect:` markers (a declaration may not set it there).
  std::vector<std::string> checker;
  Params params;
  std::function<StressTest(const Params&)> make;
  // The same code as an ordinary program on std::threads, without the harness (optional):
  // the baseline of the benchmarks, and what a learner would have written.
  std::function<Check(const Params&)> plain;
  // Optional: why the variant cannot run on this machine (a server it needs is not installed),
  // or "" when it can. racestress then reports it as skipped, neither passed nor failed.
  std::function<std::string()> unavailable;
  // Optional: environment variables for the process that runs the variant, made by racestress
  // before it starts that process. A variant that needs a costly shared resource makes it once
  // per racestress run here (the PostgreSQL variants: one server, named by RACELAB_PG_CONNINFO,
  // instead of an initdb in every variant's process).
  std::function<std::map<std::string, std::string>()> environment;
  std::string file;  // filled in by RACELAB_VARIANT

  std::string name() const { return scenario + "/" + variant; }
};

// The scenarios in the order they are taught (src/course_order.cpp). Scenarios not listed
// come after these, by name.
const std::vector<std::string>& course_order();

class Catalogue {
 public:
  static Catalogue& instance();
  void add(Variant variant);
  // Every variant, in course order: by scenario (course_order()), then rank.
  std::vector<const Variant*> all() const;
  // The scenario names, in course order.
  std::vector<std::string> scenarios() const;
  // "2.3": the scenario's place in the course and the variant's place in its scenario.
  std::string course_number(const Variant& variant) const;
  // "scenario" selects all its variants, "scenario/variant" one; empty when nothing matches.
  std::vector<const Variant*> select(const std::string& selector) const;
  const Variant* find(const std::string& name) const;

 private:
  std::vector<Variant> variants_;
};

struct Registration {
  // marked_rules: the file's RACELAB_EXPECTED_RULES ("rule,rule", "" for none), or nullptr
  // outside examples/, where the declaration's own `checker` stands.
  Registration(const char* file, const char* marked_rules, Variant variant);
};

}  // namespace racelab

#ifdef RACELAB_EXPECTED_RULES
#define RACELAB_MARKED_RULES RACELAB_EXPECTED_RULES
#else
#define RACELAB_MARKED_RULES nullptr
#endif

#define RACELAB_CONCAT_INNER(a, b) a##b
#define RACELAB_CONCAT(a, b) RACELAB_CONCAT_INNER(a, b)
#define RACELAB_VARIANT(...)                                                             \
  static const ::racelab::Registration RACELAB_CONCAT(racelab_variant_, __LINE__) {      \
    __FILE__, RACELAB_MARKED_RULES, ::racelab::Variant __VA_ARGS__                        \
  }
