// EntryPoints.h: library mode. Which functions clients may call from threads of their own, and
// when a conflict between two such calls is worth reporting.
//
// Roots (each is an entry point; all of them run in one shared context, "client threads", that
// is concurrent with itself, so an entry may race with any entry, itself included, on the same
// unknown object `this`):
//   - public methods of a class that owns a mutex or carries thread-safety annotations;
//   - public methods of a class one of whose functions starts a thread running one of its
//     methods (or a lambda in one), e.g. a constructor starting a worker on `this`;
//   - in a C library (no `main`), functions whose first parameter points to a structure that
//     owns a mutex, on one client object `*p` (FunctionFacts::ObjectParam); not those that
//     initialise or destroy a mutex (the structure's constructor and destructor);
//   - in a library whose functions take a mutex with static storage: those functions no
//     analysed code calls, and, of a class some method of which takes such a mutex, its public
//     methods no analysed code calls and its destructor, each on an object of the client's own;
//   - functions matching `EntryPoints:` in .racecheck.yaml, and with --library every externally
//     visible function and public method (FunctionFacts::ConfiguredEntry).
// Constructors, destructors, lambdas, operators and non-public methods are never roots.
//
// Reporting policy (RacerD's): a pair of accesses made by two client calls is reported only
// where the code shows it means to be thread-safe: neither access is in a constructor or
// destructor, a field of `this` belongs to a class that owns a mutex or is annotated, and the
// variable is GUARDED_BY a mutex or some access to it somewhere holds a mutex exclusively. A pair
// between a client call and a thread the library itself started is reported like any other.
// Two calls of a C structure's functions on its client object are not paired at all: such an
// API is often driven by one owner thread.
#pragma once

#include "model/Facts.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace racecheck {

class EntryPointTable {
public:
  void build(const std::vector<TranslationUnitFacts> &Units,
             const std::vector<const FunctionFacts *> &Functions,
             const std::map<std::string, std::vector<const FunctionFacts *>> &ByKey);

  const std::vector<const FunctionFacts *> &roots() const { return Roots; }
  // A root called on an object each client thread owns (a class whose methods take a static
  // mutex), not on the one shared client object.
  bool onOwnObject(const std::string &FunctionKey) const { return OwnObjectRoots.count(FunctionKey) > 0; }
  // A class whose methods are roots on the one shared client object ("client:<class>").
  bool clientClass(const std::string &ClassKey) const { return ClientClasses.count(ClassKey) > 0; }
  // Functions reached from some root through known calls.
  bool reached(const std::string &FunctionKey) const { return Reached.count(FunctionKey) > 0; }
  bool guarded(const std::string &Var) const { return Guarded.count(Var) > 0; }
  void noteLocked(const std::string &Var) { Locked.insert(Var); }
  bool lockedSomewhere(const std::string &Var) const { return Locked.count(Var) > 0; }
  // Some write of Var holds a mutex that can guard it (ConcurrencyModel.h, guardsMemory).
  void noteLockedWrite(const std::string &Var) { LockedWrites.insert(Var); }
  bool writtenUnderLock(const std::string &Var) const { return LockedWrites.count(Var) > 0; }

private:
  std::set<std::string> LockedWrites;
  std::vector<const FunctionFacts *> Roots;
  std::set<std::string> ClientClasses;
  std::set<std::string> OwnObjectRoots;
  std::set<std::string> Reached;
  std::map<std::string, std::string> Guarded;  // field key -> mutex key
  std::set<std::string> Locked;                // variables some access holds a mutex for
};

}  // namespace racecheck
