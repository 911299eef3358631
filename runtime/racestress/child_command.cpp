// racestress __child --request JSON: runs one variant for a parent racestress and prints its
// VariantResult as one JSON line (child_protocol.h).
#include <cstdlib>

#include "child_protocol.h"
#include "racestress_app.h"
#include "variant_runner.h"

namespace racestress {

int child_main(const CommandLine& line, std::ostream& out, std::ostream& err) {
  record_crashes_to(line.crash_record);
  const racelab::Variant* v = racelab::Catalogue::instance().find(line.selectors[0]);
  if (v == nullptr) {
    err << "racestress: no variant named '" << line.selectors[0] << "'\n";
    return kExitUsage;
  }
  VariantResult result = declared(*v, effective_params(*v, line.param_overrides));
  run_in_process(*v, line, line.harness.time_budget_seconds, result);
  out << json_line(Json(result)) << std::endl;
  // Leave at once: a wedged run may have left actor threads parked for good.
  out.flush();
  std::_Exit(kExitOk);
}

}  // namespace racestress
