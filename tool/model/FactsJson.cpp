// FactsJson.cpp: see FactsJson.h.
//
// Each struct lists its fields once, in a `fields` function that a Writer (to JSON) and a
// Reader (from JSON) both walk, so the two directions cannot drift apart when a field is added.
#include "model/FactsJson.h"

#include <map>
#include <set>
#include <utility>
#include <vector>

namespace racecheck {
namespace {

namespace json = llvm::json;

// ---- the field lists ---------------------------------------------------------------------

template <class V> void fields(V &v, SourcePos &S) {
  v("File", S.File);
  v("Line", S.Line);
  v("Column", S.Column);
}

template <class V> void fields(V &v, HeldLock &L) {
  v("Mutex", L.Mutex);
  v("Name", L.Name);
  v("Shared", L.Shared);
  v("Epoch", L.Epoch);
  v("Coarse", L.Coarse);
  v("Path", L.Path);
  v("Exact", L.Exact);
  v("Inherited", L.Inherited);
}

template <class V> void fields(V &v, Access &A) {
  v("Var", A.Var);
  v("VarName", A.VarName);
  v("Kind", A.Kind);
  v("Pos", A.Pos);
  v("Locks", A.Locks);
  v("Running", A.Running);
  v("OnceInit", A.OnceInit);
  v("ViaThis", A.ViaThis);
  v("Param", A.Param);
  v("Path", A.Path);
  v("LockedBefore", A.LockedBefore);
  v("WaitedOn", A.WaitedOn);
  v("TypeChain", A.TypeChain);
}

template <class V> void fields(V &v, CallSite &C) {
  v("Callee", C.Callee);
  v("Pos", C.Pos);
  v("Locks", C.Locks);
  v("Running", C.Running);
  v("OnceInit", C.OnceInit);
  v("OnceControl", C.OnceControl);
  v("OnThis", C.OnThis);
  v("ObjectIsLocal", C.ObjectIsLocal);
  v("BoundArgs", C.BoundArgs);
  v("ParamArgs", C.ParamArgs);
  v("ObjectParam", C.ObjectParam);
  v("ArgPaths", C.ArgPaths);
  v("IndirectType", C.IndirectType);
  v("IndirectSlot", C.IndirectSlot);
  v("LockedBefore", C.LockedBefore);
  v("WaitedOn", C.WaitedOn);
}

template <class V> void fields(V &v, ThreadStart &T) {
  v("Id", T.Id);
  v("Entry", T.Entry);
  v("EntryName", T.EntryName);
  v("Api", T.Api);
  v("Pos", T.Pos);
  v("Repeated", T.Repeated);
  v("Deferred", T.Deferred);
  v("RunningBefore", T.RunningBefore);
  v("BoundArgs", T.BoundArgs);
  v("OwnArgs", T.OwnArgs);
  v("HandedOver", T.HandedOver);
  v("ArgPaths", T.ArgPaths);
  v("LocksAtStart", T.LocksAtStart);
  v("HandleSlot", T.HandleSlot);
  v("HeldUntilJoin", T.HeldUntilJoin);
  v("JoinedHere", T.JoinedHere);
  v("HandedTo", T.HandedTo);
}

template <class V> void fields(V &v, CheckThenActSite &C) {
  v("Var", C.Var);
  v("VarName", C.VarName);
  v("CheckPos", C.CheckPos);
  v("ActPos", C.ActPos);
  v("Reason", C.Reason);
  v("ActLocks", C.ActLocks);
}

template <class V> void fields(V &v, AtomicRmwSite &A) {
  v("Var", A.Var);
  v("VarName", A.VarName);
  v("LoadPos", A.LoadPos);
  v("StorePos", A.StorePos);
  v("Locks", A.Locks);
}

template <class V> void fields(V &v, LockAcquire &A) {
  v("Lock", A.Lock);
  v("Pos", A.Pos);
  v("Held", A.Held);
  v("Running", A.Running);
  v("Try", A.Try);
}

template <class V> void fields(V &v, UnloopedWait &W) {
  v("Pos", W.Pos);
  v("Call", W.Call);
  v("Timed", W.Timed);
}

template <class V> void fields(V &v, GuardedWriteCandidate &G) {
  v("CheckPos", G.CheckPos);
  v("WritePos", G.WritePos);
  v("Rechecked", G.Rechecked);
}

template <class V> void fields(V &v, EscapingCapture &C) {
  v("Local", C.Local);
  v("UsePos", C.UsePos);
  v("LocalPos", C.LocalPos);
  v("StartPos", C.StartPos);
  v("Api", C.Api);
  v("DetachPos", C.DetachPos);
}

template <class V> void fields(V &v, FunctionFacts &F) {
  v("Key", F.Key);
  v("Name", F.Name);
  v("Pos", F.Pos);
  v("IsCoroutine", F.IsCoroutine);
  v("LeaksThreads", F.LeaksThreads);
  v("KeptThreadJoins", F.KeptThreadJoins);
  v("Type", F.Type);
  v("AddressTaken", F.AddressTaken);
  v("AddressSlots", F.AddressSlots);
  v("DeclarationOnly", F.DeclarationOnly);
  v("Internal", F.Internal);
  v("Accesses", F.Accesses);
  v("Calls", F.Calls);
  v("Starts", F.Starts);
  v("CheckThenActs", F.CheckThenActs);
  v("AtomicRmws", F.AtomicRmws);
  v("Acquires", F.Acquires);
  v("UnloopedWaits", F.UnloopedWaits);
  v("GuardedWrites", F.GuardedWrites);
  v("EscapingCaptures", F.EscapingCaptures);
  v("ClassKey", F.ClassKey);
  v("ClassName", F.ClassName);
  v("PublicMethod", F.PublicMethod);
  v("Setter", F.Setter);
  v("CtorOrDtor", F.CtorOrDtor);
  v("ClassThreadSafe", F.ClassThreadSafe);
  v("ConfiguredEntry", F.ConfiguredEntry);
  v("ObjectlessApi", F.ObjectlessApi);
  v("ObjectParam", F.ObjectParam);
  v("IsLambda", F.IsLambda);
}

template <class V> void fields(V &v, GuardedField &G) {
  v("Field", G.Field);
  v("Mutex", G.Mutex);
  v("MutexName", G.MutexName);
}

template <class V> void fields(V &v, AddressTakenFunction &A) {
  v("Type", A.Type);
  v("Key", A.Key);
}

template <class V> void fields(V &v, MutexSym &M) {
  v("Root", M.Root);
  v("Inner", M.Inner);
  v("Key", M.Key);
  v("Name", M.Name);
  v("Coarse", M.Coarse);
  v("Path", M.Path);
}

template <class V> void fields(V &v, LockEffect &L) {
  v("Acquire", L.Acquire);
  v("Shared", L.Shared);
  v("Mutex", L.Mutex);
}

template <class V> void fields(V &v, StartWrapper &S) {
  v("Callable", S.Callable);
  v("Args", S.Args);
  v("Handle", S.Handle);
  v("Joins", S.Joins);
  v("InLoop", S.InLoop);
  v("Api", S.Api);
}

template <class V> void fields(V &v, FunctionSummary &S) {
  v("Locks", S.Locks);
  v("Start", S.Start);
  v("Joins", S.Joins);
  v("WaitsForAllJobs", S.WaitsForAllJobs);
}

template <class V> void fields(V &v, TranslationUnitFacts &U) {
  v("File", U.File);
  v("Functions", U.Functions);
  v("AddressTaken", U.AddressTaken);
  v("Errors", U.Errors);
  v("GuardedFields", U.GuardedFields);
  v("Summaries", U.Summaries);
  v("ExternalCallees", U.ExternalCallees);
}

// ---- writing -----------------------------------------------------------------------------

json::Value write(const std::string &S) { return S; }
json::Value write(bool B) { return B; }
json::Value write(int I) { return I; }
json::Value write(unsigned U) { return static_cast<int64_t>(U); }
json::Value write(AccessKind K) { return K == AccessKind::Write ? "write" : "read"; }
template <class T> json::Value write(const std::vector<T> &Items);
template <class A, class B> json::Value write(const std::pair<A, B> &Pair);
json::Value write(const std::set<std::string> &Items);
template <class T> json::Value write(const std::map<std::string, T> &Items);
template <class T> json::Value writeRecord(const T &Value);

json::Value write(const SourcePos &V) { return writeRecord(V); }
json::Value write(const HeldLock &V) { return writeRecord(V); }
json::Value write(const Access &V) { return writeRecord(V); }
json::Value write(const CallSite &V) { return writeRecord(V); }
json::Value write(const ThreadStart &V) { return writeRecord(V); }
json::Value write(const CheckThenActSite &V) { return writeRecord(V); }
json::Value write(const AtomicRmwSite &V) { return writeRecord(V); }
json::Value write(const LockAcquire &V) { return writeRecord(V); }
json::Value write(const UnloopedWait &V) { return writeRecord(V); }
json::Value write(const GuardedWriteCandidate &V) { return writeRecord(V); }
json::Value write(const EscapingCapture &V) { return writeRecord(V); }
json::Value write(const FunctionFacts &V) { return writeRecord(V); }
json::Value write(const GuardedField &V) { return writeRecord(V); }
json::Value write(const AddressTakenFunction &V) { return writeRecord(V); }
json::Value write(const MutexSym &V) { return writeRecord(V); }
json::Value write(const LockEffect &V) { return writeRecord(V); }
json::Value write(const StartWrapper &V) { return writeRecord(V); }
json::Value write(const FunctionSummary &V) { return writeRecord(V); }

template <class T> json::Value write(const std::vector<T> &Items) {
  json::Array Out;
  for (const T &Item : Items)
    Out.push_back(write(Item));
  return Out;
}
template <class A, class B> json::Value write(const std::pair<A, B> &Pair) {
  return json::Array{write(Pair.first), write(Pair.second)};
}
json::Value write(const std::set<std::string> &Items) {
  json::Array Out;
  for (const std::string &Item : Items)
    Out.push_back(Item);
  return Out;
}
template <class T> json::Value write(const std::map<std::string, T> &Items) {
  json::Object Out;
  for (const auto &[Key, Item] : Items)
    Out[Key] = write(Item);
  return Out;
}

struct Writer {
  json::Object Out;
  template <class T> void operator()(const char *Key, const T &Value) { Out[Key] = write(Value); }
};

template <class T> json::Value writeRecord(const T &Value) {
  Writer W;
  fields(W, const_cast<T &>(Value));  // fields() only reads through a Writer
  return std::move(W.Out);
}

// ---- reading -----------------------------------------------------------------------------

bool read(const json::Value &V, std::string &Out, json::Path P) { return json::fromJSON(V, Out, P); }
bool read(const json::Value &V, bool &Out, json::Path P) { return json::fromJSON(V, Out, P); }
bool read(const json::Value &V, int &Out, json::Path P) { return json::fromJSON(V, Out, P); }
bool read(const json::Value &V, unsigned &Out, json::Path P) {
  int64_t Wide = 0;
  if (!json::fromJSON(V, Wide, P) || Wide < 0 || Wide > UINT32_MAX) {
    P.report("expected an unsigned 32-bit integer");
    return false;
  }
  Out = static_cast<unsigned>(Wide);
  return true;
}
bool read(const json::Value &V, AccessKind &Out, json::Path P) {
  auto S = V.getAsString();  // llvm::Optional before LLVM 16
  if (!S || (*S != "read" && *S != "write")) {
    P.report("expected \"read\" or \"write\"");
    return false;
  }
  Out = *S == "write" ? AccessKind::Write : AccessKind::Read;
  return true;
}
template <class T> bool read(const json::Value &V, std::vector<T> &Out, json::Path P);
template <class A, class B> bool read(const json::Value &V, std::pair<A, B> &Out, json::Path P);
bool read(const json::Value &V, std::set<std::string> &Out, json::Path P);
template <class T> bool read(const json::Value &V, std::map<std::string, T> &Out, json::Path P);
template <class T> bool readRecord(const json::Value &V, T &Out, json::Path P);

bool read(const json::Value &V, SourcePos &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, HeldLock &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, Access &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, CallSite &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, ThreadStart &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, CheckThenActSite &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, AtomicRmwSite &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, LockAcquire &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, UnloopedWait &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, GuardedWriteCandidate &Out, json::Path P) {
  return readRecord(V, Out, P);
}
bool read(const json::Value &V, EscapingCapture &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, FunctionFacts &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, GuardedField &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, AddressTakenFunction &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, MutexSym &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, LockEffect &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, StartWrapper &Out, json::Path P) { return readRecord(V, Out, P); }
bool read(const json::Value &V, FunctionSummary &Out, json::Path P) { return readRecord(V, Out, P); }

template <class T> bool read(const json::Value &V, std::vector<T> &Out, json::Path P) {
  const json::Array *Items = V.getAsArray();
  if (!Items) {
    P.report("expected an array");
    return false;
  }
  Out.clear();
  Out.resize(Items->size());
  for (size_t I = 0; I < Items->size(); ++I)
    if (!read((*Items)[I], Out[I], P.index(I)))
      return false;
  return true;
}
template <class A, class B> bool read(const json::Value &V, std::pair<A, B> &Out, json::Path P) {
  const json::Array *Items = V.getAsArray();
  if (!Items || Items->size() != 2) {
    P.report("expected an array of two");
    return false;
  }
  return read((*Items)[0], Out.first, P.index(0)) && read((*Items)[1], Out.second, P.index(1));
}
bool read(const json::Value &V, std::set<std::string> &Out, json::Path P) {
  std::vector<std::string> Items;
  if (!read(V, Items, P))
    return false;
  Out = std::set<std::string>(Items.begin(), Items.end());
  return true;
}
template <class T> bool read(const json::Value &V, std::map<std::string, T> &Out, json::Path P) {
  const json::Object *Items = V.getAsObject();
  if (!Items) {
    P.report("expected an object");
    return false;
  }
  Out.clear();
  for (const auto &[Key, Item] : *Items)
    if (!read(Item, Out[Key.str()], P.field(Key)))
      return false;
  return true;
}

struct Reader {
  const json::Object &In;
  json::Path P;
  bool Ok = true;
  template <class T> void operator()(const char *Key, T &Value) {
    if (const json::Value *Item = In.get(Key))  // a missing field keeps its default
      Ok = Ok && read(*Item, Value, P.field(Key));
  }
};

template <class T> bool readRecord(const json::Value &V, T &Out, json::Path P) {
  const json::Object *In = V.getAsObject();
  if (!In) {
    P.report("expected an object");
    return false;
  }
  Reader R{*In, P};
  fields(R, Out);
  return R.Ok;
}

}  // namespace

json::Value factsToJson(const TranslationUnitFacts &Unit) { return writeRecord(Unit); }

bool factsFromJson(const json::Value &Value, TranslationUnitFacts &Unit, std::string &Error) {
  json::Path::Root Root("facts");
  Unit = TranslationUnitFacts{};
  if (readRecord(Value, Unit, Root))
    return true;
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << llvm::toString(Root.getError());
  Error = OS.str();
  return false;
}

}  // namespace racecheck
