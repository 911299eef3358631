// UnknownCallbacks.h: callbacks handed to code racecheck cannot see.
//
// Extraction takes a function handed to a function with no body in its unit
// (`register_dev(on_event)`) as a thread start marked ThreadStart::HandedTo: unknown code may
// call it on any thread, any number of times. When another unit of the run defines HandedTo,
// that guess is wrong: the code is known and followed as a call instead.
#pragma once

#include "model/Facts.h"

#include <vector>

namespace racecheck {

// Removes the starts whose HandedTo some unit defines, and their ids from the Running lists of
// the function that made them.
void dropCallbacksIntoKnownCode(std::vector<TranslationUnitFacts> &Units);

}  // namespace racecheck
