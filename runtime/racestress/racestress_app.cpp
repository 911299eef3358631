#include "racestress_app.h"

namespace racestress {

int racestress_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const ParseResult parsed = parse_command_line(args);
  if (!parsed.line) {
    err << "racestress: " << parsed.error << "\n";
    return kExitUsage;
  }
  const CommandLine& line = *parsed.line;
  switch (line.command) {
    case Command::help: out << parsed.help; return kExitOk;
    case Command::list: return list_main(line, out);
    case Command::run: return run_main(line, out, err);
    case Command::replay: return replay_main(line, out, err);
    case Command::play: return play_main(line, out, err);
    case Command::site: return site_main(line, out, err);
    case Command::child: return child_main(line, out, err);
  }
  return kExitUsage;
}

}  // namespace racestress
