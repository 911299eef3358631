// FactsLookup.h: finding a function's facts by where they are in the source, for rules that join
// two kinds of fact made at one place (a guarded write and the accesses there).
#pragma once

#include "model/Facts.h"

namespace racecheck {

bool samePos(const SourcePos &A, const SourcePos &B);

// F's access of kind K at P, or null.
const Access *accessAt(const FunctionFacts &F, const SourcePos &P, AccessKind K);

}  // namespace racecheck
