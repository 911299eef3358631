// ContextText.h: the words rules use to say where code runs ("thread 'work' started at ...").
#pragma once

#include "analysis/ConcurrencyModel.h"
#include "checks/Finding.h"

#include <optional>
#include <string>

namespace racecheck {

// "thread 'work' (std::thread at main.cpp:9:15)" or "'main' while its threads run".
std::string describeContext(const ConcurrencyModel &Model, unsigned Context);
// A note at the thread start behind Context, if there is one.
std::optional<Note> startNote(const ConcurrencyModel &Model, unsigned Context);
// A note at the call through which A's context reaches the callee holding A, if A is in one:
// "'SnapshotList::New' reached from 'DBImpl::GetSnapshot' through this call".
std::optional<Note> viaNote(const AccessInstance &A);
// A finding of Rule at access A: its position, and the variable and function baselines key on.
Finding findingAt(std::string Rule, const AccessInstance &A);
const char *kindWord(AccessKind K);    // "write", "read"
const char *participle(AccessKind K);  // "written", "read"

}  // namespace racecheck
