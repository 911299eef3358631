// ContextText.cpp: see ContextText.h.
#include "checks/ContextText.h"

namespace racecheck {

std::string describeContext(const ConcurrencyModel &Model, unsigned Context) {
  const ThreadContext &C = Model.contexts()[Context];
  if (C.Entry)
    return "a client thread calling the library's entry points";
  if (!C.Start && !C.Leaked.empty())
    return "code that runs after a call left thread '" + (*C.Leaked.begin())->EntryName +
           "' running";
  if (!C.Start)
    return "'" + C.Starter->Name + "' while the threads it started are running";
  return "thread '" + C.Start->EntryName + "' (" + C.Start->Api + " at " + shortPos(C.Start->Pos) +
         ")";
}

std::optional<Note> startNote(const ConcurrencyModel &Model, unsigned Context) {
  const ThreadContext &C = Model.contexts()[Context];
  if (!C.Start)
    return std::nullopt;
  std::string How = C.Start->Deferred ? "registered to run on another thread here"
                                      : "thread started here";
  return Note{C.Start->Pos, How + " (" + C.Start->Api + ", running '" + C.Start->EntryName +
                                "'" + (C.Start->Repeated ? ", several at once" : "") + ")"};
}

std::optional<Note> viaNote(const AccessInstance &A) {
  if (!A.Via || !A.ViaCaller)
    return std::nullopt;
  return Note{A.Via->Pos, "'" + A.Function->Name + "' is reached from '" + A.ViaCaller->Name +
                              "' through this call"};
}

Finding findingAt(std::string Rule, const AccessInstance &A) {
  Finding F;
  F.Rule = std::move(Rule);
  F.Pos = A.Site->Pos;
  F.Symbol = A.Site->VarName;
  F.Function = A.Function->Name;
  return F;
}

const char *kindWord(AccessKind K) { return K == AccessKind::Write ? "write" : "read"; }

const char *participle(AccessKind K) { return K == AccessKind::Write ? "written" : "read"; }

}  // namespace racecheck
