#include "racelab/options.h"

#include <cstdlib>

#include "rng.h"

namespace racelab {

std::uint64_t run_seed(std::uint64_t base, long long index) {
  detail::Rng rng(base ^ (0xd1b54a32d192ed03ULL * static_cast<std::uint64_t>(index + 1)));
  return rng.next();
}

Options options_from_environment(Options o) {
  auto text = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v != nullptr ? v : "";
  };
  char* end = nullptr;
  if (const std::string v = text("RACELAB_SEED"); !v.empty()) {
    const auto seed = std::strtoull(v.c_str(), &end, 0);
    if (*end == 0) o.seed = seed;
  }
  if (const std::string v = text("RACELAB_ITERATIONS"); !v.empty()) {
    const auto n = std::strtoll(v.c_str(), &end, 0);
    if (*end == 0 && n > 0) o.iterations = n;
  }
  if (const std::string v = text("RACELAB_TIME_BUDGET"); !v.empty()) {
    const double s = std::strtod(v.c_str(), &end);
    if (*end == 0 && s > 0) o.time_budget_seconds = s;
  }
  if (auto s = parse_strategy(text("RACELAB_STRATEGY")); s && *s != StrategyKind::replay) o.strategy = *s;
  if (auto m = parse_mode(text("RACELAB_MODE"))) o.mode = *m;
  if (const std::string v = text("RACELAB_SCHEDULE"); !v.empty()) {
    o.strategy = StrategyKind::replay;
    o.schedule = v;
    o.mode = Mode::controlled;
    o.iterations = 1;
  }
  return o;
}

const char* to_string(Mode mode) { return mode == Mode::controlled ? "controlled" : "free"; }

const char* to_string(StrategyKind kind) {
  switch (kind) {
    case StrategyKind::random: return "random";
    case StrategyKind::pct: return "pct";
    case StrategyKind::exhaustive: return "exhaustive";
    case StrategyKind::replay: return "replay";
  }
  return "?";
}

std::optional<Mode> parse_mode(const std::string& text) {
  if (text == "controlled") return Mode::controlled;
  if (text == "free") return Mode::free;
  return std::nullopt;
}

std::optional<StrategyKind> parse_strategy(const std::string& text) {
  if (text == "random") return StrategyKind::random;
  if (text == "pct") return StrategyKind::pct;
  if (text == "exhaustive") return StrategyKind::exhaustive;
  if (text == "replay") return StrategyKind::replay;
  return std::nullopt;
}

}  // namespace racelab
