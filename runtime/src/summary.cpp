// The human summary of a Report, shared by racestress and the GoogleTest integration.
#include <cstdio>
#include <sstream>

#include "racelab/runner.h"

namespace racelab {
namespace {

std::string percent(double p) {
  char buf[32];
  if (p > 0 && p < 0.0001) {
    std::snprintf(buf, sizeof buf, "%.2g%%", p * 100);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f%%", p * 100);
  }
  return buf;
}

}  // namespace

std::string summarize(const Report& r) {
  std::ostringstream out;
  out << r.runs << " runs (" << to_string(r.options.mode);
  if (r.options.mode == Mode::controlled) out << ", " << to_string(r.options.strategy);
  out << ", seed " << r.options.seed << "), " << r.failing_runs << " failing";
  if (r.runs > 0) {
    if (r.failing_runs > 0) {
      const Interval ci = r.failure_interval();
      out << " (" << percent(r.failure_rate()) << ", 95% CI " << percent(ci.low) << " to "
          << percent(ci.high) << ")";
    } else {
      out << ": per-run failure probability below " << percent(r.failure_upper_bound()) << " at 95%";
    }
  }
  char rate[64];
  std::snprintf(rate, sizeof rate, " in %.3f s (%.0f runs/s)", r.seconds,
                r.seconds > 0 ? static_cast<double>(r.runs) / r.seconds : 0.0);
  out << rate << "\n";
  if (!r.strategy_note.empty()) out << "  " << r.strategy_note << "\n";
  if (r.wedged) out << "  a run wedged; the remaining runs were not attempted\n";
  if (r.first_failure) {
    const Failure& f = *r.first_failure;
    char when[96];
    std::snprintf(when, sizeof when, "%.4f s", r.seconds_to_first_failure);
    out << "  first failure: run " << (f.run_index + 1) << " after " << when << ", run seed " << f.run_seed;
    if (!f.schedule.empty()) out << ", schedule " << f.schedule;
    out << "\n  " << (f.deadlock ? "deadlock: " : "invariant broke: ") << f.message << "\n";
    if (f.replays > 0) {
      if (r.options.mode == Mode::controlled) {
        out << "  replayed it once: " << (f.reproduced() ? "same interleaving, same failure" : "did NOT reproduce")
            << "\n";
      } else {
        out << "  re-ran its seed " << f.replays << " times: failed " << f.reproductions << " times "
            << "(free mode cannot promise replay)\n";
      }
    }
  }
  return out.str();
}

}  // namespace racelab
