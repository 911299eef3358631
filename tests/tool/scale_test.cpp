// scale_test.cpp: the facts cache (--cache) and shards (--shard, --facts-out, --merge) give what
// one plain run gives, byte for byte, and the cache spares the parses it should.
//
// The project: four units copied from fixtures/unsynchronized-write (multi-unit cases), named so that sorting splits them 2/2 with
// the lock and thread-start wrappers (3_sync.cpp) in the other shard than their caller
// (1_jobs.cpp), which is analysed again with those summaries (round two, driver/Rounds.h).
#include "run_command.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

namespace fs = std::filesystem;
using racecheck_test::CommandResult;
using racecheck_test::runCommand;

namespace {

std::string readFile(const fs::path &P) {
  std::ifstream In(P, std::ios::binary);
  std::stringstream S;
  S << In.rdbuf();
  return S.str();
}

void writeFile(const fs::path &P, const std::string &Text) {
  std::ofstream(P, std::ios::binary) << Text;
}

class Scale : public testing::Test {
protected:
  void SetUp() override {
    std::random_device R;
    Dir = fs::temp_directory_path() / ("racecheck-scale-" + std::to_string(R()));
    fs::create_directories(Dir / "src");
    const fs::path Multi = fs::path(FIXTURES_DIR) / "unsynchronized-write";
    fs::copy_file(Multi / "wrappers_in_other_unit" / "jobs.cpp", Dir / "src" / "1_jobs.cpp");
    fs::copy_file(Multi / "call_into_other_unit" / "counter.cpp", Dir / "src" / "2_counter.cpp");
    fs::copy_file(Multi / "wrappers_in_other_unit" / "sync.cpp", Dir / "src" / "3_sync.cpp");
    fs::copy_file(Multi / "call_into_other_unit" / "thread.cpp", Dir / "src" / "4_thread.cpp");
    fs::copy_file(Multi / "wrappers_in_other_unit" / "sync.h", Dir / "src" / "sync.h");
  }
  void TearDown() override { fs::remove_all(Dir); }

  // racecheck with Args, in Dir, stdout returned, stderr in Err.
  CommandResult run(const std::string &Args) {
    CommandResult R = runCommand("cd '" + Dir.string() + "' && " + racecheck_test::racecheck() +
                                 " " + Args + " 2>'" + (Dir / "stderr").string() + "'");
    Err = readFile(Dir / "stderr");
    return R;
  }
  // Over the whole project (or with --merge, over the given folders).
  CommandResult runAll(const std::string &Options) {
    return run(Options + " src/1_jobs.cpp src/2_counter.cpp src/3_sync.cpp src/4_thread.cpp" +
               kFlags);
  }

  const std::string kFlags = " -- -std=c++20 -pthread";
  fs::path Dir;
  std::string Err;
};

TEST_F(Scale, ACacheHitGivesTheSameReportWithoutParsing) {
  CommandResult Plain = runAll("--format json");
  ASSERT_EQ(Plain.ExitCode, 1) << "the fixtures' two races";
  ASSERT_NE(Err.find("1 of 4 file(s) analysed twice"), std::string::npos) << Err;

  CommandResult Cold = runAll("--format json --cache cache");
  EXPECT_EQ(Cold.Output, Plain.Output);
  EXPECT_EQ(Cold.ExitCode, Plain.ExitCode);
  EXPECT_NE(Err.find("cache: 0 unit(s) read from the cache, 5 parsed"), std::string::npos) << Err;
  EXPECT_TRUE(fs::exists(Dir / "cache" / "CACHEDIR.TAG"));

  CommandResult Warm = runAll("--format json --cache cache");
  EXPECT_EQ(Warm.Output, Plain.Output);
  EXPECT_EQ(Warm.ExitCode, Plain.ExitCode);
  EXPECT_NE(Err.find("cache: 5 unit(s) read from the cache, 0 parsed"), std::string::npos) << Err;

  CommandResult Text = runAll("--cache cache");  // the text report reads the same facts
  EXPECT_EQ(Text.Output, runAll("").Output);
}

TEST_F(Scale, AChangedUnitOrHeaderIsParsedAgain) {
  runAll("--format json --cache cache");
  // A comment at the end: the same findings, a different input.
  writeFile(Dir / "src" / "4_thread.cpp", readFile(Dir / "src" / "4_thread.cpp") + "// edited\n");
  CommandResult One = runAll("--format json --cache cache");
  EXPECT_NE(Err.find("cache: 4 unit(s) read from the cache, 1 parsed"), std::string::npos) << Err;
  EXPECT_EQ(One.Output, runAll("--format json").Output);

  // sync.h is read by 1_jobs.cpp (both rounds) and 3_sync.cpp.
  writeFile(Dir / "src" / "sync.h", readFile(Dir / "src" / "sync.h") + "// edited\n");
  CommandResult Header = runAll("--format json --cache cache");
  EXPECT_NE(Err.find("cache: 2 unit(s) read from the cache, 3 parsed"), std::string::npos) << Err;
  EXPECT_EQ(Header.Output, runAll("--format json").Output);

  // A setting that changes facts is part of the key: nothing is reused.
  runAll("--format json --cache cache --library");
  EXPECT_NE(Err.find("cache: 0 unit(s) read from the cache"), std::string::npos) << Err;
}

TEST_F(Scale, ACorruptEntryIsIgnoredWithAWarningAndRewritten) {
  CommandResult Plain = runAll("--format json --cache cache");
  int Spoilt = 0;
  for (const auto &E : fs::recursive_directory_iterator(Dir / "cache"))
    if (E.path().extension() == ".json" && Spoilt++ < 2)
      writeFile(E.path(), Spoilt == 1 ? "{not json" : R"({"racecheck-cache": 1, "key": "x"})");
  ASSERT_EQ(Spoilt, 5);
  CommandResult Again = runAll("--format json --cache cache");
  EXPECT_EQ(Again.Output, Plain.Output);
  EXPECT_NE(Err.find("racecheck: warning: cache entry"), std::string::npos) << Err;
  EXPECT_NE(Err.find("2 unusable entr(ies) replaced"), std::string::npos) << Err;
  runAll("--format json --cache cache");
  EXPECT_NE(Err.find("5 unit(s) read from the cache, 0 parsed"), std::string::npos) << Err;
}

// --cache-max-size removes the least recently used entries, and only entries.
TEST_F(Scale, CacheMaxSizeRemovesTheLeastRecentlyUsedEntriesOnly) {
  runAll("--format json --cache cache");
  std::map<std::string, fs::path> EntryOf;  // unit file name -> its round-one entry
  std::vector<fs::path> Entries;
  for (const auto &E : fs::recursive_directory_iterator(Dir / "cache"))
    if (E.path().extension() == ".json") {
      Entries.push_back(E.path());
      std::string Text = readFile(E.path());
      for (const char *Unit : {"1_jobs.cpp", "2_counter.cpp", "3_sync.cpp", "4_thread.cpp"})
        if (Text.find(std::string("\"file\":\"") + (Dir / "src" / Unit).string()) != std::string::npos &&
            Text.find("\"looked-up\"") == std::string::npos)
          EntryOf[Unit] = E.path();
    }
  ASSERT_EQ(Entries.size(), 5u) << "four units, one of them twice";
  ASSERT_EQ(EntryOf.size(), 4u);
  // Every entry used an hour ago, 3_sync.cpp's longest ago; not entries, so never removed:
  auto Now = fs::file_time_type::clock::now();
  for (const fs::path &E : Entries)
    fs::last_write_time(E, Now - std::chrono::minutes(E == EntryOf["3_sync.cpp"] ? 90 : 60));
  fs::path Keep1 = Dir / "cache" / "notes.txt", Keep2 = EntryOf["1_jobs.cpp"].parent_path() / "x.json";
  writeFile(Keep1, "mine");
  writeFile(Keep2, "mine too");

  // Bounded to all entries but a byte, a run that reads 2_counter.cpp's and 4_thread.cpp's
  // entries: only the oldest (3_sync.cpp's) goes.
  uint64_t All = 0;
  for (const fs::path &E : Entries)
    All += fs::file_size(E);
  run("--cache cache --cache-max-size " + std::to_string(All - 1) +
      " src/2_counter.cpp src/4_thread.cpp" + kFlags);
  EXPECT_NE(Err.find("cache: 2 unit(s) read from the cache, 0 parsed"), std::string::npos) << Err;
  EXPECT_NE(Err.find("cache: 1 least recently used entr(ies) removed"), std::string::npos) << Err;
  EXPECT_FALSE(fs::exists(EntryOf["3_sync.cpp"]));
  EXPECT_EQ(std::count_if(Entries.begin(), Entries.end(), [](const fs::path &E) { return fs::exists(E); }), 4);

  // A run over 2_counter.cpp alone reads its entry (now the most recent) and keeps only it.
  fs::path Counter = EntryOf["2_counter.cpp"];
  run("--cache cache --cache-max-size " + std::to_string(fs::file_size(Counter)) +
      " src/2_counter.cpp" + kFlags);
  EXPECT_NE(Err.find("cache: 1 unit(s) read from the cache, 0 parsed"), std::string::npos) << Err;
  EXPECT_NE(Err.find("entr(ies) removed"), std::string::npos) << Err;
  for (const fs::path &E : Entries)
    EXPECT_EQ(fs::exists(E), E == Counter) << E;
  EXPECT_EQ(readFile(Keep1), "mine");
  EXPECT_EQ(readFile(Keep2), "mine too");
  EXPECT_TRUE(fs::exists(Dir / "cache" / "CACHEDIR.TAG"));

  // 0 empties it; a size that is not one is a usage error.
  run("--cache cache --cache-max-size 0 src/2_counter.cpp" + kFlags);
  EXPECT_FALSE(fs::exists(Counter));
  EXPECT_TRUE(fs::exists(Keep1));
  CommandResult Bad = run("--cache cache --cache-max-size 2T src/2_counter.cpp" + kFlags);
  EXPECT_EQ(Bad.ExitCode, 2);
  EXPECT_NE(Err.find("racecheck: error: --cache-max-size needs a number of bytes, or one with K, M "
                     "or G (as in 500M or 2G), got '2T'"),
            std::string::npos)
      << Err;
  EXPECT_EQ(run("--cache-max-size 1G src/2_counter.cpp" + kFlags).ExitCode, 2);
  EXPECT_NE(Err.find("--cache-max-size bounds the --cache folder; give --cache DIR too"),
            std::string::npos)
      << Err;
}

TEST_F(Scale, ShardsMergedGiveOneRunsReportByteForByte) {
  ASSERT_EQ(runAll("--shard 0/2 --facts-out facts0").ExitCode, 0) << Err;
  EXPECT_NE(Err.find("shard 0/2: 2 of 4 file(s) analysed"), std::string::npos) << Err;
  ASSERT_EQ(runAll("--shard 1/2 --facts-out facts1").ExitCode, 0) << Err;
  for (const char *Format : {"json", "sarif", "text"}) {
    CommandResult Plain = runAll(std::string("--format ") + Format);
    CommandResult Merged = run(std::string("--merge --format ") + Format + " facts0 facts1" + kFlags);
    EXPECT_EQ(Merged.Output, Plain.Output) << Format;
    EXPECT_EQ(Merged.ExitCode, Plain.ExitCode) << Format;
    // The caller of the wrappers is in shard 0, the wrappers in shard 1: the merge's round two.
    EXPECT_NE(Err.find("1 of 4 file(s) analysed twice"), std::string::npos) << Err;
  }
  // Three shards into one folder, with a cache: the same again, and the merge's round two is
  // read from the cache the run before it filled.
  CommandResult Plain = runAll("--format json --cache cache");
  for (int I = 0; I < 3; ++I)
    ASSERT_EQ(runAll("--cache cache --shard " + std::to_string(I) + "/3 --facts-out facts3").ExitCode, 0);
  EXPECT_EQ(run("--cache cache --merge --format json facts3" + kFlags).Output, Plain.Output);
  EXPECT_NE(Err.find("cache: 1 unit(s) read from the cache, 0 parsed"), std::string::npos) << Err;
}

// Bad input: docs/bad-input.md's rows for these options.
TEST_F(Scale, BadShardsCacheFoldersAndMergesExitTwoOrFourWithAReason) {
  struct Case {
    std::string Args, Message;
  } Cases[] = {
      {"--shard 2/2 --facts-out f src/1_jobs.cpp",
       "racecheck: error: --shard needs I/N with whole numbers 0 <= I < N (shard I of N, counted "
       "from 0), got '2/2'"},
      {"--shard x --facts-out f src/1_jobs.cpp", "got 'x'"},
      {"--shard 1/0 --facts-out f src/1_jobs.cpp", "got '1/0'"},
      {"--shard -1/2 --facts-out f src/1_jobs.cpp", "got '-1/2'"},
      {"--shard 0/2 src/1_jobs.cpp",
       "racecheck: error: --shard needs --facts-out DIR, the folder its facts go to"},
      {"--merge", "racecheck: error: --merge needs the folders (or files) the shards wrote"},
      {"--merge no-such-folder", "racecheck: error: --merge: no such folder or file: 'no-such-folder'"},
      {"--merge src", "racecheck: error: --merge: 'src' holds no racecheck facts"},
      {"--merge --shard 0/2 --facts-out f src", "racecheck: error: --merge reads facts; it takes no --shard or --facts-out"},
      {"--cache src src/1_jobs.cpp",
       "racecheck: error: --cache 'src' is a folder that is not empty and is not a racecheck cache"},
      {"--cache src/1_jobs.cpp src/1_jobs.cpp", "racecheck: error: --cache 'src/1_jobs.cpp' is a file, not a folder"},
  };
  for (const Case &C : Cases) {
    CommandResult R = run(C.Args + kFlags);
    EXPECT_EQ(R.ExitCode, 2) << C.Args;
    EXPECT_NE(Err.find(C.Message), std::string::npos) << C.Args << "\n" << Err;
  }
  EXPECT_EQ(fs::directory_iterator(Dir / "src")->path().parent_path(), Dir / "src");
  EXPECT_FALSE(fs::exists(Dir / "src" / "CACHEDIR.TAG")) << "nothing written into the sources";

  ASSERT_EQ(runAll("--shard 0/2 --facts-out f0").ExitCode, 0);
  ASSERT_EQ(runAll("--shard 1/2 --facts-out f1").ExitCode, 0);
  // Unusable shards exit 2, shards that do not match the merge 4.
  struct MergeCase {
    std::string Args, Message;
    int ExitCode;
  } Merges[] = {
      {"--merge f0", "racecheck: error: --merge: shard 1/2 is missing (no racecheck-facts-1-of-2.facts", 2},
      {"--merge f0 f1 f1", "racecheck: error: --merge: shard 1/2 is given twice", 2},
      {"--merge --library f0 f1",
       "racecheck: error: --merge: 'f0/racecheck-facts-0-of-2.facts' was written with other "
       "settings (--library=false --checks='') than this merge's (--library=true --checks='')", 4},
      {"--merge --checks=-*,racecheck-check-then-act f0 f1", "was written with other settings", 4},
  };
  for (const MergeCase &C : Merges) {
    CommandResult R = run(C.Args + kFlags);
    EXPECT_EQ(R.ExitCode, C.ExitCode) << C.Args;
    EXPECT_NE(Err.find(C.Message), std::string::npos) << C.Args << "\n" << Err;
  }

  // Shards of another tree: a header (3_sync.cpp's, shard 1) and a source (1_jobs.cpp's, shard
  // 0) edited after the shards ran; the merge reads neither, but the shards' facts are stale.
  for (const char *Edited : {"sync.h", "1_jobs.cpp"}) {
    std::string Before = readFile(Dir / "src" / Edited);
    writeFile(Dir / "src" / Edited, Before + "// edited\n");
    EXPECT_EQ(run("--merge f0 f1" + kFlags).ExitCode, 4) << Edited;
    EXPECT_NE(Err.find("racecheck: error: --merge: the shards read '" + (Dir / "src" / Edited).string() +
                       "' with other contents than it has here (shards of another tree or "
                       "checkout?); merge in the checkout the shards analysed"),
              std::string::npos)
        << Err;
    writeFile(Dir / "src" / Edited, Before);
  }
  fs::rename(Dir / "src" / "sync.h", Dir / "sync.h");
  EXPECT_EQ(run("--merge f0 f1" + kFlags).ExitCode, 4);
  EXPECT_NE(Err.find("sync.h' but it cannot be read here"), std::string::npos) << Err;
  fs::rename(Dir / "sync.h", Dir / "src" / "sync.h");
  EXPECT_EQ(run("--merge f0 f1" + kFlags).ExitCode, 1) << "the same tree again: the two races";
  // Shards of two trees: shard 0 ran with sync.h edited (1_jobs.cpp reads it), shard 1 not.
  std::string SyncH = readFile(Dir / "src" / "sync.h");
  writeFile(Dir / "src" / "sync.h", SyncH + "// edited\n");
  ASSERT_EQ(runAll("--shard 0/2 --facts-out f2").ExitCode, 0);
  writeFile(Dir / "src" / "sync.h", SyncH);
  EXPECT_EQ(run("--merge f2 f1" + kFlags).ExitCode, 4);
  EXPECT_NE(Err.find("racecheck: error: --merge: 'f1/racecheck-facts-1-of-2.facts' read '" +
                     (Dir / "src" / "sync.h").string() + "' with other contents than "
                     "'f2/racecheck-facts-0-of-2.facts' did: its shards ran on different trees"),
            std::string::npos)
      << Err;

  // Facts of another racecheck build: its identity differs.
  fs::path Shard1 = Dir / "f1" / "racecheck-facts-1-of-2.facts";
  std::string Text = readFile(Shard1);
  size_t At = Text.find("\"identity\":\"") + 12;
  Text[At] = Text[At] == '0' ? '1' : '0';
  writeFile(Shard1, Text);
  CommandResult Other = run("--merge f0 f1" + kFlags);
  EXPECT_EQ(Other.ExitCode, 4);
  EXPECT_NE(Err.find("racecheck: error: --merge: 'f1/racecheck-facts-1-of-2.facts' was written "
                     "by another racecheck"),
            std::string::npos)
      << Err;
  writeFile(Shard1, "not facts\n");
  EXPECT_EQ(run("--merge f0 f1" + kFlags).ExitCode, 2);
  EXPECT_NE(Err.find("line 1 is not racecheck facts"), std::string::npos) << Err;

  // A .racecheck.yaml added after the shards ran: the merge would report other settings' facts.
  writeFile(Dir / "src" / ".racecheck.yaml", "ThreadSafeTypes: ['tally']\n");
  ASSERT_EQ(runAll("--shard 1/2 --facts-out f1").ExitCode, 0);
  fs::remove(Dir / "src" / ".racecheck.yaml");
  EXPECT_EQ(run("--merge f0 f1" + kFlags).ExitCode, 4);
  EXPECT_NE(Err.find("are not those its shard analysed it with"), std::string::npos) << Err;
}

}  // namespace
