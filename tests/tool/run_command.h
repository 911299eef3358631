// run_command.h: runs racecheck as a user would and captures what it prints.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace racecheck_test {

struct CommandResult {
  int ExitCode = -1;
  std::string Output;  // stdout only; stderr goes where the command line sends it
};

inline CommandResult runCommand(const std::string &Command) {
  CommandResult R;
  FILE *Pipe = popen(Command.c_str(), "r");
  if (!Pipe)
    return R;
  std::array<char, 4096> Buffer;
  size_t N;
  while ((N = fread(Buffer.data(), 1, Buffer.size(), Pipe)) > 0)
    R.Output.append(Buffer.data(), N);
  int Status = pclose(Pipe);
  R.ExitCode = WIFEXITED(Status) ? WEXITSTATUS(Status) : -1;
  return R;
}

inline std::string racecheck() { return RACECHECK_PATH; }

}  // namespace racecheck_test
