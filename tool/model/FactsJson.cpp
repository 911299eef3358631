// FactsJson.cpp: see FactsJson.h.
//
// Each struct lists its fields once (model/FactsFields.h); a Writer (to JSON) and a Reader (from
// JSON) both walk that list, so the two directions cannot drift apart when a field is added.
#include "model/FactsJson.h"

#include "model/FactsFields.h"

#include <map>
#include <set>
#include <utility>
#include <vector>

namespace racecheck {
namespace {

namespace json = llvm::json;
using facts_fields::fields;

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
