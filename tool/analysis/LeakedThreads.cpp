// LeakedThreads.cpp: the caller's code after a callee returned with its threads still running.
//
// `pool = POOL_create(n)` starts workers and returns; so do `start_terminator()` and a
// constructor that starts a worker. The caller's code after such a call runs alongside those
// threads, and so does everything it calls. A caller of a leaking function leaks those threads
// to its own callers too. A join of a handle kept in a structure or a global (`POOL_free`
// joining `ctx->threads[i]`) ends the leaked threads whose handle was stored in the same field
// or global: in the joining function after the join, and in its caller after the call (by
// source position).
#include "analysis/ConcurrencyModel.h"

#include <algorithm>

namespace racecheck {
namespace {

// How many callers up a leaked thread is followed.
constexpr unsigned kMaxLeakLevels = 3;

bool after(const SourcePos &A, const SourcePos &B) {
  return A.File == B.File && (A.Line > B.Line || (A.Line == B.Line && A.Column > B.Column));
}

using StartSet = std::set<const ThreadStart *>;

// The threads each function leaves running: its own starts when it returns before joining
// them, and those of the functions it calls directly.
std::map<std::string, StartSet> leakedThreads(const std::vector<const FunctionFacts *> &Functions) {
  std::map<std::string, StartSet> Leaks;
  for (const FunctionFacts *F : Functions)
    if (F->LeaksThreads)
      for (const ThreadStart &S : F->Starts)
        if (!S.Deferred)
          Leaks[F->Key].insert(&S);
  for (unsigned Level = 0; Level < kMaxLeakLevels; ++Level) {
    bool Changed = false;
    for (const FunctionFacts *F : Functions)
      for (const CallSite &C : F->Calls) {
        if (!C.IndirectType.empty() || C.Callee == F->Key)
          continue;
        auto It = Leaks.find(C.Callee);
        if (It == Leaks.end())
          continue;
        StartSet Callee = It->second;  // copied: Leaks[F->Key] may be the same set
        StartSet &Mine = Leaks[F->Key];
        for (const ThreadStart *S : Callee)
          Changed |= Mine.insert(S).second;
      }
    if (!Changed)
      break;
  }
  return Leaks;
}

using KeptJoins = std::vector<std::pair<SourcePos, std::string>>;

// True when a join of S's handle slot (a teardown) comes between a leaking call and a later
// point.
bool endedBetween(const KeptJoins &Teardowns, const ThreadStart *S, const SourcePos &From,
                  const SourcePos &To) {
  return !S->HandleSlot.empty() &&
         std::any_of(Teardowns.begin(), Teardowns.end(), [&](const auto &T) {
           return T.second == S->HandleSlot && after(T.first, From) && after(To, T.first);
         });
}

}  // namespace

// The joins of kept handles a call's callee makes, as if made at the call.
static void addTeardownsOf(const std::vector<const FunctionFacts *> &Definitions,
                           const SourcePos &At, KeptJoins &Out) {
  for (const FunctionFacts *F : Definitions)
    for (const auto &[Pos, Slot] : F->KeptThreadJoins)
      Out.push_back({At, Slot});
}

bool ConcurrencyModel::afterTeardown(const AccessInstance &A) const {
  const ThreadContext &C = Contexts[A.Context];
  if (C.Leaked.empty())
    return false;
  const KeptJoins &Joins = A.Function->KeptThreadJoins;
  return std::all_of(C.Leaked.begin(), C.Leaked.end(), [&](const ThreadStart *S) {
    return !S->HandleSlot.empty() &&
           std::any_of(Joins.begin(), Joins.end(), [&](const auto &J) {
             return J.second == S->HandleSlot && after(A.Site->Pos, J.first);
           });
  });
}

void ConcurrencyModel::addLeakContexts() {
  const std::map<std::string, StartSet> Leaks = leakedThreads(Functions);
  // One context per set of threads left running, shared by every caller: the code those
  // callers reach is mostly the same, and is walked once per context.
  std::map<StartSet, unsigned> ByLeaked;
  for (const FunctionFacts *F : Functions) {
    std::vector<std::pair<SourcePos, const StartSet *>> LeakingCalls;
    KeptJoins Teardowns = F->KeptThreadJoins;
    for (const CallSite &C : F->Calls) {
      if (!C.IndirectType.empty() || C.Callee == F->Key)
        continue;
      if (auto It = Leaks.find(C.Callee); It != Leaks.end() && !It->second.empty())
        LeakingCalls.push_back({C.Pos, &It->second});
      if (auto Callee = ByKey.find(C.Callee); Callee != ByKey.end())
        addTeardownsOf(Callee->second, C.Pos, Teardowns);
    }
    if (LeakingCalls.empty())
      continue;
    bool Any = exploreOwnCode(*F, [&](const std::vector<unsigned> &,
                                      const SourcePos &Pos) -> std::optional<unsigned> {
      StartSet Running;
      for (const auto &[CallPos, Started] : LeakingCalls)
        if (after(Pos, CallPos))
          for (const ThreadStart *S : *Started)
            if (!endedBetween(Teardowns, S, CallPos, Pos))
              Running.insert(S);
      if (Running.empty())
        return std::nullopt;
      if (auto It = ByLeaked.find(Running); It != ByLeaked.end())
        return It->second;
      ThreadContext C;
      C.Starter = F;
      C.Leaked = Running;
      Contexts.push_back(C);
      unsigned Id = static_cast<unsigned>(Contexts.size() - 1);
      ByLeaked[Running] = Id;
      return Id;
    });
    if (Any)
      ConcurrentFunctions.insert(F->Key);
  }
}

}  // namespace racecheck
