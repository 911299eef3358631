#include "racelab/options.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "harness_options.h"
#include "rng.h"

namespace racelab {

std::uint64_t run_seed(std::uint64_t base, long long index) {
  detail::Rng rng(base ^ (0xd1b54a32d192ed03ULL * static_cast<std::uint64_t>(index + 1)));
  return rng.next();
}

Options options_from_environment(Options o) {
  CLI::App environment;
  detail::add_harness_options(environment, o, detail::OptionSource::environment);
  try {
    std::vector<std::string> no_arguments;
    environment.parse(no_arguments);
  } catch (const CLI::ParseError& e) {
    // CLI11 names the flag ("--seed: ..."); a person set the variable.
    std::string why = e.what();
    for (const CLI::Option* option : environment.get_options()) {
      const std::string flag = option->get_name() + ":";
      if (!option->get_envname().empty() && why.rfind(flag, 0) == 0) why = option->get_envname() + why.substr(flag.size() - 1);
    }
    throw std::invalid_argument("racelab: " + why);
  }
  if (!o.schedule.empty()) {
    o.strategy = StrategyKind::replay;
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
    case StrategyKind::play: return "play";
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
  if (text == "play") return StrategyKind::play;
  return std::nullopt;
}

}  // namespace racelab
