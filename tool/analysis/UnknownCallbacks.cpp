// UnknownCallbacks.cpp: see UnknownCallbacks.h.
#include "analysis/UnknownCallbacks.h"

#include <algorithm>
#include <set>
#include <string>

namespace racecheck {
namespace {

void forget(std::vector<unsigned> &Running, const std::set<unsigned> &Ids) {
  Running.erase(std::remove_if(Running.begin(), Running.end(),
                               [&](unsigned Id) { return Ids.count(Id) > 0; }),
                Running.end());
}

}  // namespace

void dropCallbacksIntoKnownCode(std::vector<TranslationUnitFacts> &Units) {
  std::set<std::string> Defined;
  for (const TranslationUnitFacts &U : Units)
    for (const FunctionFacts &F : U.Functions)
      if (!F.DeclarationOnly)
        Defined.insert(F.Key);
  for (TranslationUnitFacts &U : Units)
    for (FunctionFacts &F : U.Functions) {
      std::set<unsigned> Dropped;
      for (const ThreadStart &S : F.Starts)
        if (!S.HandedTo.empty() && Defined.count(S.HandedTo))
          Dropped.insert(S.Id);
      if (Dropped.empty())
        continue;
      F.Starts.erase(std::remove_if(F.Starts.begin(), F.Starts.end(),
                                    [&](const ThreadStart &S) { return Dropped.count(S.Id); }),
                     F.Starts.end());
      for (ThreadStart &S : F.Starts)
        forget(S.RunningBefore, Dropped);
      for (Access &A : F.Accesses)
        forget(A.Running, Dropped);
      for (CallSite &C : F.Calls)
        forget(C.Running, Dropped);
    }
}

}  // namespace racecheck
