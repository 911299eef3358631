// CaptureByReferenceCheck.cpp: see CaptureByReferenceCheck.h. The starts come from
// extract/EscapingCaptures.cpp; one finding per thread start, naming every local it holds.
#include "checks/CaptureByReferenceCheck.h"

#include <map>
#include <tuple>

namespace racecheck {

void CaptureByReferenceCheck::run(const ConcurrencyModel &Model, std::vector<Finding> &Out) const {
  for (const FunctionFacts *F : Model.functions()) {
    std::map<std::tuple<std::string, unsigned, unsigned>, std::vector<const EscapingCapture *>>
        ByStart;
    for (const EscapingCapture &E : F->EscapingCaptures)
      ByStart[{E.StartPos.File, E.StartPos.Line, E.StartPos.Column}].push_back(&E);
    for (const auto &[Key, Captures] : ByStart) {
      const EscapingCapture &First = *Captures.front();
      std::string Names;
      for (const EscapingCapture *E : Captures)
        if (Names.find("'" + E->Local + "'") == std::string::npos)
          Names += (Names.empty() ? "" : ", ") + std::string("'") + E->Local + "'";
      Finding Fd;
      Fd.Rule = ruleId<CaptureByReferenceCheck>();
      Fd.Pos = First.StartPos;
      Fd.Symbol = Names;
      Fd.Function = F->Name;
      Fd.Message = "the thread started here (" + First.Api + ") holds " + Names + " of '" +
                   F->Name + "' by reference and is detached at " + shortPos(First.DetachPos) +
                   ", so it can still run after " +
                   (Captures.size() > 1 ? "those locals are" : "that local is") +
                   " destroyed at the end of its scope, and then uses a dead object; capture "
                   "by value ([=], [x], or std::move into the lambda), or join the thread "
                   "before the scope ends";
      for (const EscapingCapture *E : Captures) {
        Fd.Notes.push_back({E->LocalPos, "'" + E->Local + "' declared here"});
        Fd.Notes.push_back({E->UsePos, "'" + E->Local + "' handed over by reference here"});
      }
      Fd.Notes.push_back({First.DetachPos, "the thread is detached here"});
      Out.push_back(Fd);
    }
  }
}

}  // namespace racecheck
