// Finding.h: one diagnostic, ready to print in any format.
#pragma once

#include "model/Facts.h"

#include <string>
#include <vector>

namespace racecheck {

struct Note {
  SourcePos Pos;
  std::string Message;
};

struct Finding {
  std::string Rule;  // "racecheck-unsynchronized-write"
  SourcePos Pos;
  std::string Message;
  std::vector<Note> Notes;
  std::string Symbol;    // the variable, for baselines
  std::string Function;  // the enclosing function, for baselines
};

std::string shortPos(const SourcePos &P);  // "file.cpp:12:5" with the file's base name

}  // namespace racecheck
