// CheckThenActCheck.cpp: see CheckThenActCheck.h.
#include "checks/CheckThenActCheck.h"

namespace racecheck {
namespace {

std::string why(const CheckThenActSite &S) {
  const std::string &Name = S.VarName;
  std::string Where = shortPos(S.CheckPos);
  if (S.Reason == "co_await")
    return "check-then-act on '" + Name + "': the condition at " + Where +
           " was checked before a co_await, and other tasks can change '" + Name +
           "' while this coroutine is suspended, so this write acts on a stale check; re-check "
           "after resuming, or reserve before suspending";
  auto Colon = S.Reason.find(':');
  std::string Mutex = Colon == std::string::npos ? "the mutex" : "'" + S.Reason.substr(Colon + 1) + "'";
  if (S.Reason.rfind("relock", 0) == 0)
    return "check-then-act on '" + Name + "': the condition at " + Where + " was checked under " +
           Mutex + ", which was released and taken again before this write, so another thread "
           "can change '" + Name + "' in between; make the check and the write one critical "
           "section";
  return "check-then-act on '" + Name + "': the condition at " + Where +
         " was checked with no mutex held, and this write under " + Mutex +
         " acts on it after another thread may have changed '" + Name +
         "'; take " + Mutex + " before the check";
}

}  // namespace

void CheckThenActCheck::run(const ConcurrencyModel &Model, std::vector<Finding> &Out) const {
  for (const FunctionFacts *F : Model.functions()) {
    for (const CheckThenActSite &S : F->CheckThenActs) {
      bool Async = S.Reason == "co_await";
      if (!Async && !Model.runsConcurrently(F->Key))
        continue;
      Finding Fd;
      Fd.Rule = ruleId<CheckThenActCheck>();
      Fd.Pos = S.ActPos;
      Fd.Message = why(S);
      Fd.Symbol = S.VarName;
      Fd.Function = F->Name;
      Fd.Notes.push_back({S.CheckPos, "'" + S.VarName + "' checked here"});
      Out.push_back(Fd);
    }
  }
}

}  // namespace racecheck
