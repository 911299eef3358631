// facts_json_test.cpp: `racecheck --dump-facts`, and the JSON form of facts it prints
// (model/FactsJson.h) read back into equal facts.
#include "model/FactsJson.h"
#include "run_command.h"

#include <gtest/gtest.h>
#include <llvm/Support/JSON.h>

namespace rc = ::racecheck;

namespace {

const std::string kFlags = " -- -std=c++20 -pthread";

racecheck_test::CommandResult racecheckOn(const std::string &Args) {
  return racecheck_test::runCommand(racecheck_test::racecheck() + " " + Args + " 2>/dev/null");
}

}  // namespace

// --dump-facts prints what was extracted, and that JSON reads back into the same facts: every
// field written is read (a field added to Facts.h but not to FactsJson.cpp's lists would show
// up as a difference here only if the fixtures set it, so several kinds of fixture are used).
TEST(FactsJson, DumpFactsPrintsTheExtractedFactsAndReadsBack) {
  const std::string kBuggy = std::string(FIXTURES_DIR) + "/unsynchronized-write/lost_update_plain_int.cpp";
  racecheck_test::CommandResult R = racecheckOn("--dump-facts " + kBuggy + kFlags);
  EXPECT_EQ(R.ExitCode, 0) << "facts, not findings";
  auto Parsed = llvm::json::parse(R.Output);
  ASSERT_TRUE(bool(Parsed)) << R.Output;
  const llvm::json::Array *Units = Parsed->getAsArray();
  ASSERT_TRUE(Units && Units->size() == 1);
  rc::TranslationUnitFacts Unit;
  std::string Error;
  ASSERT_TRUE(rc::factsFromJson((*Units)[0], Unit, Error)) << Error;
  EXPECT_EQ(Unit.File, kBuggy);
  bool WritesCounter = false, StartsWork = false;
  for (const rc::FunctionFacts &F : Unit.Functions) {
    for (const rc::Access &A : F.Accesses)
      WritesCounter |= A.VarName == "counter" && A.Kind == rc::AccessKind::Write &&
                       A.Pos.Line == 9;
    for (const rc::ThreadStart &S : F.Starts)
      StartsWork |= S.EntryName.find("work") != std::string::npos && S.Api == "std::thread";
  }
  EXPECT_TRUE(WritesCounter) << R.Output;
  EXPECT_TRUE(StartsWork) << R.Output;

  for (const char *Fixture : {"unsynchronized-write/lost_update_plain_int.cpp", "unsynchronized-write/thread_start_wrapper.c",
                              "unsynchronized-write/unlock_wrapper_then_write.c",
                              "unsynchronized-write/ok_condition_variable_predicate.cpp",
                              "lock-order/pthread_two_mutexes.c", "wait-without-loop/pthread_wait_in_if.c", "inconsistent-locking/double_checked_flag.c", "capture-by-reference/pthread_local_address.c"}) {
    std::string Path = std::string(FIXTURES_DIR) + "/" + Fixture;
    std::string Name = Fixture;
    bool C = Name.size() > 2 && Name.compare(Name.size() - 2, 2, ".c") == 0;  // no StringRef::endswith in LLVM 19
    racecheck_test::CommandResult Dump = racecheckOn("--dump-facts " + Path + (C ? " -- -pthread" : kFlags));
    auto Value = llvm::json::parse(Dump.Output);
    ASSERT_TRUE(bool(Value)) << Fixture;
    rc::TranslationUnitFacts Read;
    ASSERT_TRUE(rc::factsFromJson((*Value->getAsArray())[0], Read, Error)) << Error;
    EXPECT_EQ(rc::factsToJson(Read), (*Value->getAsArray())[0]) << Fixture;
  }
}

TEST(FactsJson, FactsThatAreNotFactsAreRejectedWithWhere) {
  rc::TranslationUnitFacts Unit;
  std::string Error;
  auto Bad = llvm::json::parse(R"({"File": "a.c", "Functions": [{"Accesses": [{"Kind": "sideways"}]}]})");
  ASSERT_TRUE(bool(Bad));
  EXPECT_FALSE(rc::factsFromJson(*Bad, Unit, Error));
  EXPECT_NE(Error.find("Kind"), std::string::npos) << Error;
  EXPECT_FALSE(rc::factsFromJson(llvm::json::Value(3), Unit, Error));
}

