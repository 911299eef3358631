// ModelDump.h: the whole-program model's accesses as text, for `racecheck --dump-model`.
//
// One line per access instance: variable key, kind, place, function, object path (or
// "<unknown>"), the context it runs in and the locks held. Meant for a person asking why two
// accesses were or were not paired; the format is not stable.
#pragma once

#include "analysis/ConcurrencyModel.h"

#include "llvm/Support/raw_ostream.h"

namespace racecheck {

void printModel(const ConcurrencyModel &Model, llvm::raw_ostream &OS);

}  // namespace racecheck
