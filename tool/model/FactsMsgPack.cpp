// FactsMsgPack.cpp: see FactsMsgPack.h. One Writer and one Reader walk the field lists of
// model/FactsFields.h; scalar types are written as MessagePack's own (strings, booleans,
// integers; an AccessKind as true for a write), containers as arrays (a std::map as an array of
// [key, value] pairs, in its order), a struct as a map of its fields.
#include "model/FactsMsgPack.h"

#include "model/FactsFields.h"

#include "llvm/BinaryFormat/MsgPackReader.h"
#include "llvm/BinaryFormat/MsgPackWriter.h"
#include "llvm/Support/Error.h"

#include <map>
#include <set>
#include <utility>
#include <vector>

namespace racecheck {
namespace {

namespace msgpack = llvm::msgpack;
using facts_fields::fields;

// Empty strings and containers (every one's default) are left out of a record.
bool omitted(const std::string &S) { return S.empty(); }
template <class T> bool omitted(const std::vector<T> &V) { return V.empty(); }
bool omitted(const std::set<std::string> &V) { return V.empty(); }
template <class T> bool omitted(const std::map<std::string, T> &V) { return V.empty(); }
template <class T> bool omitted(const T &) { return false; }

// How many fields of a record are written.
struct Counter {
  uint32_t N = 0;
  template <class T> void operator()(const char *, const T &Value) { N += !omitted(Value); }
};

// ---- writing -----------------------------------------------------------------------------

struct Writer {
  msgpack::Writer &W;

  void put(const std::string &S) { W.write(llvm::StringRef(S)); }
  void put(bool B) { W.write(B); }
  void put(int I) { W.write(static_cast<int64_t>(I)); }
  void put(unsigned U) { W.write(static_cast<uint64_t>(U)); }
  void put(AccessKind K) { W.write(K == AccessKind::Write); }
  template <class T> void put(const std::vector<T> &Items) {
    W.writeArraySize(static_cast<uint32_t>(Items.size()));
    for (const T &Item : Items)
      put(Item);
  }
  template <class A, class B> void put(const std::pair<A, B> &Pair) {
    W.writeArraySize(2);
    put(Pair.first);
    put(Pair.second);
  }
  void put(const std::set<std::string> &Items) {
    W.writeArraySize(static_cast<uint32_t>(Items.size()));
    for (const std::string &Item : Items)
      put(Item);
  }
  template <class T> void put(const std::map<std::string, T> &Items) {
    W.writeArraySize(static_cast<uint32_t>(Items.size()));
    for (const auto &Pair : Items)
      put(Pair);
  }
  template <class T> auto put(const T &Record) -> decltype(fields(*this, const_cast<T &>(Record))) {
    Counter C;
    fields(C, const_cast<T &>(Record));  // fields() only reads through a Counter or a Writer
    W.writeMapSize(C.N);
    fields(*this, const_cast<T &>(Record));
  }
  template <class T> void operator()(const char *Key, const T &Value) {
    if (omitted(Value))
      return;
    W.write(llvm::StringRef(Key));
    put(Value);
  }
};

// ---- reading -----------------------------------------------------------------------------

struct Reader {
  msgpack::Reader &R;
  std::string Error;     // set at the first failure; everything after it is skipped
  const char *Field = "";  // the field being read, for Error

  bool next(msgpack::Object &O) {
    if (!Error.empty())
      return false;
    llvm::Expected<bool> More = R.read(O);
    if (!More) {
      Error = llvm::toString(More.takeError());
      return false;
    }
    if (!*More) {
      Error = "the facts end early";
      return false;
    }
    return true;
  }
  bool fail(const char *What) {
    if (Error.empty())
      Error = std::string("expected ") + What;
    return false;
  }
  // The next object, which must be of type T (What names it for Error).
  bool next(msgpack::Object &O, msgpack::Type T, const char *What) {
    return next(O) && (O.Kind == T || fail(What));
  }
  bool length(size_t &N) {
    msgpack::Object O;
    if (!next(O, msgpack::Type::Array, "an array"))
      return false;
    N = O.Length;
    return true;
  }

  bool get(std::string &S) {
    msgpack::Object O;
    if (!next(O, msgpack::Type::String, "a string"))
      return false;
    S.assign(O.Raw.data(), O.Raw.size());
    return true;
  }
  bool get(bool &B) {
    msgpack::Object O;
    if (!next(O, msgpack::Type::Boolean, "a boolean"))
      return false;
    B = O.Bool;
    return true;
  }
  bool get(int &I) {
    msgpack::Object O;
    if (!next(O))
      return false;
    if (O.Kind == msgpack::Type::Int && O.Int >= INT32_MIN && O.Int <= INT32_MAX)
      I = static_cast<int>(O.Int);
    else if (O.Kind == msgpack::Type::UInt && O.UInt <= INT32_MAX)
      I = static_cast<int>(O.UInt);
    else
      return fail("a 32-bit integer");
    return true;
  }
  bool get(unsigned &U) {
    msgpack::Object O;
    if (!next(O, msgpack::Type::UInt, "an unsigned 32-bit integer"))
      return false;
    if (O.UInt > UINT32_MAX)
      return fail("an unsigned 32-bit integer");
    U = static_cast<unsigned>(O.UInt);
    return true;
  }
  bool get(AccessKind &K) {
    bool Write = false;
    if (!get(Write))
      return false;
    K = Write ? AccessKind::Write : AccessKind::Read;
    return true;
  }
  template <class T> bool get(std::vector<T> &Items) {
    size_t N = 0;
    if (!length(N))
      return false;
    Items.clear();
    Items.resize(N);
    for (T &Item : Items)
      if (!get(Item))
        return false;
    return true;
  }
  template <class A, class B> bool get(std::pair<A, B> &Pair) {
    size_t N = 0;
    if (!length(N))
      return false;
    if (N != 2)
      return fail("an array of two");
    return get(Pair.first) && get(Pair.second);
  }
  bool get(std::set<std::string> &Items) {
    size_t N = 0;
    if (!length(N))
      return false;
    Items.clear();
    for (size_t I = 0; I < N; ++I) {
      std::string S;
      if (!get(S))
        return false;
      Items.insert(Items.end(), std::move(S));
    }
    return true;
  }
  template <class T> bool get(std::map<std::string, T> &Items) {
    size_t N = 0;
    if (!length(N))
      return false;
    Items.clear();
    for (size_t I = 0; I < N; ++I) {
      std::pair<std::string, T> Pair;
      if (!get(Pair))
        return false;
      Items.insert(Items.end(), std::move(Pair));
    }
    return true;
  }
  // A record: a map whose keys come in the order of its field list; a field not there keeps
  // its default.
  template <class T> auto get(T &Record) -> decltype(fields(*this, Record), bool()) {
    msgpack::Object O;
    if (!next(O, msgpack::Type::Map, "a map"))
      return false;
    size_t Outer = Left;
    llvm::StringRef OuterKey = Key;
    Left = O.Length;
    Key = {};
    fields(*this, Record);
    if (Error.empty() && (Left > 0 || !Key.empty()))
      Error = "a field racecheck does not know, or out of order: '" +
              (Key.empty() ? std::string("?") : Key.str()) + "'";
    Left = Outer;
    Key = OuterKey;
    return Error.empty();
  }
  template <class T> void operator()(const char *Name, T &Value) {
    if (!Error.empty())
      return;
    if (Key.empty() && Left > 0) {  // the next key in the map, read once
      msgpack::Object O;
      if (!next(O, msgpack::Type::String, "a field name") || (O.Raw.empty() && fail("a field name")))
        return;
      Key = O.Raw;
      --Left;
    }
    if (Key != Name)
      return;
    Field = Name;
    Key = {};
    get(Value);
  }

  size_t Left = 0;       // keys of the current record not yet read
  llvm::StringRef Key;   // a key read but not yet matched to a field
};

}  // namespace

void factsToMsgPack(const TranslationUnitFacts &Unit, llvm::raw_ostream &Out) {
  msgpack::Writer W(Out);
  Writer{W}.put(Unit);
}

bool factsFromMsgPack(llvm::StringRef Bytes, TranslationUnitFacts &Unit, std::string &Error) {
  msgpack::Reader R(Bytes);
  Reader In{R};
  Unit = TranslationUnitFacts{};
  if (In.get(Unit)) {
    msgpack::Object O;
    llvm::Expected<bool> More = R.read(O);
    if (More && !*More)
      return true;
    if (!More)
      llvm::consumeError(More.takeError());
    In.Error = "bytes after the facts";
  }
  Error = In.Error + (In.Field[0] ? std::string(" (in field ") + In.Field + ")" : "");
  return false;
}

}  // namespace racecheck
