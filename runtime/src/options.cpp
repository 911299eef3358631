#include "racelab/options.h"

#include "rng.h"

namespace racelab {

std::uint64_t run_seed(std::uint64_t base, long long index) {
  detail::Rng rng(base ^ (0xd1b54a32d192ed03ULL * static_cast<std::uint64_t>(index + 1)));
  return rng.next();
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
