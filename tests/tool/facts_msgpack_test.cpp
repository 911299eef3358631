// facts_msgpack_test.cpp: the MessagePack form of facts that shard files carry
// (model/FactsMsgPack.h) reads back into the facts written, and bytes that are not facts are
// refused with the field at fault.
#include "model/FactsJson.h"
#include "model/FactsMsgPack.h"
#include "run_command.h"

#include <gtest/gtest.h>
#include <llvm/Support/JSON.h>

namespace rc = ::racecheck;

namespace {

std::string toMsgPack(const rc::TranslationUnitFacts &Unit) {
  std::string Bytes;
  llvm::raw_string_ostream Out(Bytes);
  rc::factsToMsgPack(Unit, Out);
  Out.flush();
  return Bytes;
}

// Facts whose every field differs from its default where that is easy to get wrong: fields left
// out when empty, booleans whose default is true, integers whose default is -1.
rc::TranslationUnitFacts unusualFacts() {
  rc::TranslationUnitFacts Unit;
  Unit.File = "/src/a.c";
  rc::FunctionFacts F;
  F.Key = "c:@F@f";
  rc::Access A;
  A.Var = "c:@g";
  A.Kind = rc::AccessKind::Write;
  A.Param = 0;
  A.Pos = {"/src/a.c", 3, 7};
  A.Locks.push_back(rc::HeldLock{});
  A.Locks.back().Mutex = "c:@m";
  F.Accesses.push_back(A);
  F.Accesses.push_back(rc::Access{});  // every field default, Path empty
  F.KeptThreadJoins.push_back({rc::SourcePos{"/src/a.c", 9, 1}, "t"});
  Unit.Functions.push_back(F);
  rc::FunctionSummary S;
  S.Locks.push_back(rc::LockEffect{});
  S.Locks.back().Acquire = false;
  S.Start.Callable = 2;
  Unit.Summaries["c:@F@unlock"] = S;
  Unit.ExternalCallees = {"c:@F@x", "c:@F@y"};
  return Unit;
}

}  // namespace

TEST(FactsMsgPack, WhatIsWrittenReadsBackEqual) {
  std::string Error;
  rc::TranslationUnitFacts Unusual = unusualFacts(), Read;
  ASSERT_TRUE(rc::factsFromMsgPack(toMsgPack(Unusual), Read, Error)) << Error;
  EXPECT_EQ(rc::factsToJson(Read), rc::factsToJson(Unusual));
  EXPECT_FALSE(Read.Summaries["c:@F@unlock"].Locks.at(0).Acquire);
  EXPECT_EQ(Read.Functions.at(0).Accesses.at(1).Param, -1);

  // Real facts of several kinds of fixture, as --dump-facts prints them.
  for (const char *Fixture : {"unsynchronized-write/lost_update_plain_int.cpp",
                              "unsynchronized-write/thread_start_wrapper.c",
                              "unsynchronized-write/unlock_wrapper_then_write.c",
                              "lock-order/pthread_two_mutexes.c"}) {
    std::string Name = Fixture;
    bool C = Name.compare(Name.size() - 2, 2, ".c") == 0;
    racecheck_test::CommandResult Dump = racecheck_test::runCommand(
        racecheck_test::racecheck() + " --dump-facts " + FIXTURES_DIR + "/" + Name +
        (C ? " -- -pthread" : " -- -std=c++20 -pthread") + " 2>/dev/null");
    auto Value = llvm::json::parse(Dump.Output);
    ASSERT_TRUE(bool(Value)) << Fixture;
    const llvm::json::Value &Json = (*Value->getAsArray())[0];
    rc::TranslationUnitFacts Unit, Back;
    ASSERT_TRUE(rc::factsFromJson(Json, Unit, Error)) << Error;
    ASSERT_TRUE(rc::factsFromMsgPack(toMsgPack(Unit), Back, Error)) << Fixture << ": " << Error;
    EXPECT_EQ(rc::factsToJson(Back), Json) << Fixture;
  }
}

TEST(FactsMsgPack, BytesThatAreNotFactsAreRefusedWithTheField) {
  rc::TranslationUnitFacts Unit;
  std::string Error, Bytes = toMsgPack(unusualFacts());
  EXPECT_FALSE(rc::factsFromMsgPack(Bytes.substr(0, Bytes.size() / 2), Unit, Error));
  EXPECT_NE(Error, "");
  EXPECT_FALSE(rc::factsFromMsgPack(Bytes + "x", Unit, Error));
  EXPECT_NE(Error.find("bytes after the facts"), std::string::npos) << Error;
  EXPECT_FALSE(rc::factsFromMsgPack("", Unit, Error));
  // {"File": 3}: a string expected.
  EXPECT_FALSE(rc::factsFromMsgPack("\x81\xa4" "File\x03", Unit, Error));
  EXPECT_NE(Error.find("expected a string (in field File)"), std::string::npos) << Error;
  // {"Functions": [], "File": "a"}: out of the order of the field list.
  EXPECT_FALSE(rc::factsFromMsgPack("\x82\xa9" "Functions\x90\xa4" "File\xa1" "a", Unit, Error));
  EXPECT_NE(Error.find("a field racecheck does not know, or out of order: 'File'"),
            std::string::npos)
      << Error;
  EXPECT_FALSE(rc::factsFromMsgPack("\x81\xa5" "Color\xa1" "a", Unit, Error));
  EXPECT_NE(Error.find("'Color'"), std::string::npos) << Error;
}
