// WaitWithoutLoopCheck.cpp: see WaitWithoutLoopCheck.h. The waits are found by
// extract/UnloopedWaits.cpp; whether the function runs on a thread does not matter (a wait is
// only ever woken by another thread).
#include "checks/WaitWithoutLoopCheck.h"

namespace racecheck {

void WaitWithoutLoopCheck::run(const ConcurrencyModel &Model, std::vector<Finding> &Out) const {
  for (const FunctionFacts *F : Model.functions()) {
    for (const UnloopedWait &W : F->UnloopedWaits) {
      Finding Fd;
      Fd.Rule = ruleId<WaitWithoutLoopCheck>();
      Fd.Pos = W.Pos;
      Fd.Symbol = W.Call;
      Fd.Function = F->Name;
      bool Cxx = W.Call.find("::") != std::string::npos;
      std::string Fix =
          Cxx ? "use the predicate overload (`cv.wait(lock, [&] { return ready; })`), or wait "
                "in `while (!ready)`"
              : "wait in `while (!ready)`, re-checking the condition under the mutex after "
                "every wake-up";
      Fd.Message = std::string(W.Timed ? "timed " : "") + "condition wait '" + W.Call + "' in '" +
                   F->Name + "' with no predicate and no loop around it: it can return when "
                   "the condition it waits for is still false (a spurious wake-up, or a notify "
                   "meant for another waiter), and a notify sent before it started waiting is "
                   "lost; " + Fix;
      Out.push_back(Fd);
    }
  }
}

}  // namespace racecheck
