// The racestress command, as a function the tests can call: racestress_main(args) returns the
// exit code (exit_policy.h). One file per command (list_command.cpp, run_command.cpp,
// replay_command.cpp, play_command.cpp, site_command.cpp, child_command.cpp), the variant runner (variant_runner.h) and the exit
// policy (exit_policy.h); this is the dispatch.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "command_line.h"
#include "exit_policy.h"

namespace racestress {

int racestress_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// The commands, each in its file of the same name.
int list_main(const CommandLine& line, std::ostream& out);
int run_main(const CommandLine& line, std::ostream& out, std::ostream& err);
int replay_main(const CommandLine& line, std::ostream& out, std::ostream& err);
int play_main(const CommandLine& line, std::ostream& out, std::ostream& err);
int site_main(const CommandLine& line, std::ostream& out, std::ostream& err);
int child_main(const CommandLine& line, std::ostream& out, std::ostream& err);

// Writes `text` to `path`; false (with a message on err) when it cannot.
bool write_file(const std::string& path, const std::string& text, std::ostream& err);

}  // namespace racestress
