// FactsJson.h: a translation unit's facts as JSON, and back.
//
// `racecheck --dump-facts` prints what the extractor learnt about each unit, so that a wrong
// finding (or a missing one) can be traced to the fact behind it without a debugger. The same
// form can carry facts between processes (a cache, shards merged later): reading what was
// written gives back equal facts, which a test holds.
//
// Every field is written, in the names of model/Facts.h and model/Summaries.h. A reader takes a
// missing field as its default, so a file from an older racecheck reads without error; callers
// that cache facts must still key them by racecheck's version.
#pragma once

#include "model/Facts.h"

#include "llvm/Support/JSON.h"

#include <string>

namespace racecheck {

llvm::json::Value factsToJson(const TranslationUnitFacts &Unit);

// False, with Error saying where, when Value is not facts in this form.
bool factsFromJson(const llvm::json::Value &Value, TranslationUnitFacts &Unit, std::string &Error);

}  // namespace racecheck
