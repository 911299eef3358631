// Summaries.h: what a function does that its callers must know, in plain C++: the locks it
// takes or releases, the threads it starts or joins for them, whether it waits for all jobs, and
// whether it returns fresh memory.
//
// A unit computes these for the functions it defines (extract/FunctionFactsBuilder.cpp). The
// driver hands the ones of functions with external linkage to a second round over the units that
// call them without a body, so a lock wrapper or thread-start wrapper in `util.c` is seen from
// `main.c` (driver/main.cpp, analyseAll).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace racecheck {

// A mutex named relative to a function's parameters or `this`, so that a call can bind it.
struct MutexSym {
  static constexpr int kFixed = -2, kThis = -1;
  int Root = kFixed;  // kFixed: Key names it; kThis: the object; >= 0: that parameter's pointee
  std::string Inner;  // fields below the root (".mu_"), appended to the bound object's key
  std::string Key, Name;  // the key and name as seen inside the function
  std::string Coarse;     // type-level key (HeldLock::Coarse)
  std::string Path;       // object path (HeldLock::Path), empty when unknown
  bool operator==(const MutexSym &O) const { return Root == O.Root && Inner == O.Inner && Key == O.Key; }
};

// What a function does to mutexes, net, on every path to its exit: a wrapper's lock or
// unlock, a guard class's constructor or destructor.
struct LockEffect {
  bool Acquire = true;  // false: releases a mutex its caller holds
  bool Shared = false;
  MutexSym Mutex;
};
using LockSummary = std::vector<LockEffect>;

// A function that starts a thread running one of its parameters (`mythread_create(t, fn,
// arg)` calling `pthread_create(t, NULL, fn, arg)`): a call to it is a thread start.
struct StartWrapper {
  int Callable = -1;       // parameter holding the start routine; -1: not a wrapper
  std::vector<int> Args;   // parameters handed on to the routine, in order
  int Handle = -1;         // parameter receiving the thread handle, or -1
  bool Joins = false;      // it also joins before returning (fork-join)
  bool InLoop = false;     // the start is inside a loop: several threads at once
  std::string Api;         // the wrapped API, for messages
};

struct FunctionSummary {
  LockSummary Locks;
  StartWrapper Start;
  int Joins = -1;                // parameter whose thread it joins, or -1
  bool WaitsForAllJobs = false;  // see FunctionFactsBuilder::waitsForAllJobs
  bool ReturnsFresh = false;     // a project's allocator (extract/FreshObjects.h)
  bool empty() const {
    return Locks.empty() && Start.Callable < 0 && Joins < 0 && !WaitsForAllJobs && !ReturnsFresh;
  }
};

// By function key (USR).
using SummaryTable = std::map<std::string, FunctionSummary>;

}  // namespace racecheck
