// FactsMsgPack.h: a translation unit's facts as MessagePack, and back: the form shard files
// (driver/Shards.h) carry, because a merge of many units spends most of its own time reading
// facts, and LLVM's MessagePack reader streams into the structs where llvm::json first builds a
// tree (which it copies as its arrays grow) and then converts it.
//
// A struct is a map from field names to values, in the order of model/FactsFields.h, without the
// empty strings and containers; a reader takes a missing field as its default and refuses a name
// it does not know or one out of order. Reading what was written gives back equal facts, which a
// test holds; callers must still key what they store by racecheck's identity (shard files do).
#pragma once

#include "model/Facts.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace racecheck {

void factsToMsgPack(const TranslationUnitFacts &Unit, llvm::raw_ostream &Out);

// False, with Error saying which field, when Bytes are not exactly one unit's facts in this form.
bool factsFromMsgPack(llvm::StringRef Bytes, TranslationUnitFacts &Unit, std::string &Error);

}  // namespace racecheck
