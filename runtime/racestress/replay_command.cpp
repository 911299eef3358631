// racestress replay VARIANT (--schedule S | --seed RUN_SEED) [--repeat N]: one interleaving,
// exactly, with its step table; --repeat counts how often the same interleaving comes back.
#include <sstream>

#include "racelab/runner.h"
#include "racestress_app.h"

namespace racestress {

int replay_main(const CommandLine& line, std::ostream& out, std::ostream& err) {
  const racelab::Variant* v = racelab::Catalogue::instance().find(line.selectors[0]);
  if (v == nullptr) {
    err << "racestress: no variant named '" << line.selectors[0] << "' (racestress list shows them)\n";
    return kExitUsage;
  }
  racelab::Options options = line.harness;
  options.iterations = 1;
  options.self_replay = false;
  if (!options.schedule.empty()) {
    options.strategy = racelab::StrategyKind::replay;
  } else {
    options.exact_run_seed = options.seed;
  }
  const racelab::Params params = effective_params(*v, line.param_overrides);
  const racelab::StressTest test = v->make(params);
  racelab::Report first = racelab::run(test, options);
  if (first.diverged && !options.schedule.empty()) {
    err << "racestress: --schedule " << options.schedule << " does not fit " << v->name() << ": " << first.divergence
        << "\n";
    return kExitUsage;
  }
  int same = 1;
  for (int i = 1; i < line.repeat; ++i) {
    racelab::Report again = racelab::run(test, options);
    const bool equal = again.failing_runs == first.failing_runs &&
                       (!first.first_failure ||
                        (again.first_failure && again.first_failure->trace.same_interleaving(first.first_failure->trace)));
    if (equal) ++same;
  }
  out << "replay of " << v->name() << " ("
      << (options.schedule.empty() ? "run seed " + std::to_string(options.seed) + ", " + racelab::to_string(options.strategy)
                                   : "schedule " + options.schedule)
      << "): "
      << (first.first_failure && first.first_failure->deadlock ? "deadlock"
          : first.failing_runs > 0                              ? "the invariant broke"
                                                                : "the invariant held")
      << "\n";
  if (!first.strategy_note.empty()) out << "  " << first.strategy_note << "\n";
  if (first.first_failure) {
    out << "  " << first.first_failure->message << "\n";
    if (options.schedule.empty() && !first.first_failure->schedule.empty()) {
      out << "  schedule " << first.first_failure->schedule << "\n";
    }
  }
  const racelab::Trace* trace = first.first_failure ? &first.first_failure->trace
                                : first.single_run_trace ? &*first.single_run_trace : nullptr;
  if (trace != nullptr) {
    std::istringstream table(racelab::render_step_table(*trace));
    for (std::string row; std::getline(table, row);) out << "  " << row << "\n";
    if (line.mermaid) out << "\n```mermaid\n" << racelab::render_mermaid(*trace) << "```\n";
    if (!line.svg_path.empty() && !write_file(line.svg_path, racelab::render_sequence_svg(*trace), err)) return kExitUsage;
  }
  if (line.repeat > 1) {
    out << "  " << same << "/" << line.repeat << " replays gave the same outcome and interleaving\n";
  }
  return first.failing_runs > 0 ? kExitInvariant : kExitOk;
}

}  // namespace racestress
