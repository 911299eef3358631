// FILE: lab/models/tests/models_lab_test.cpp
//
// Holds models_lab to what docs/models-lab.md says of it, by running the real command (each
// run starts its own backend) at small sizes: 1-5 ms of I/O, a few dozen requests. Timings are
// never asserted; counts, exit codes and the output's shape are.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "../result.h"

namespace {

struct Output {
  int exit_code = -1;
  std::string text;  // stdout, and stderr too when asked for
};

// `shell_prefix` runs before the command in the same shell (to set a ulimit, say).
Output models_lab(const std::string& args, bool with_stderr = false,
                  const std::string& shell_prefix = "") {
  const std::string cmd = shell_prefix + std::string(MODELS_LAB) + " " + args +
                          (with_stderr ? " 2>&1" : " 2>/dev/null");
  Output out;
  FILE* pipe = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  for (size_t n; (n = fread(buf.data(), 1, buf.size(), pipe)) > 0;) out.text.append(buf.data(), n);
  const int status = pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

nlohmann::json run_json(const std::string& args) {
  const Output out = models_lab(args + " --format json");
  EXPECT_EQ(out.exit_code, 0) << args << "\n" << out.text;
  return nlohmann::json::parse(out.text);
}

const std::array kAllModels{
    "sequential", "thread-per-request", "thread-pool", "loop-callbacks",
    "coroutines", "coroutines-mt",      "fibers",      "coroutines-split-update"};
const std::array kThreadedModels{"thread-per-request", "thread-pool", "coroutines-mt", "fibers"};

class EveryModel : public testing::TestWithParam<const char*> {};

TEST_P(EveryModel, CompletesEveryRequestAndCountsEachOnce) {
  const auto r = run_json(std::string("--model ") + GetParam() +
                          " --clients 6 --requests 30 --io-ms 2 --cpu-us 50");
  EXPECT_EQ(r["status"], "ok") << r["note"];
  EXPECT_EQ(r["completed"], 30);
  EXPECT_EQ(r["counter"], 30);
  EXPECT_EQ(r["lost_updates"], 0);
  EXPECT_GE(r["peak_threads"].get<int>(), 1);
  EXPECT_GT(r["peak_rss_mib"].get<double>(), 0);
}

INSTANTIATE_TEST_SUITE_P(Lab, EveryModel, testing::ValuesIn(kAllModels), [](const auto& info) {
  std::string name = info.param;
  std::erase(name, '-');
  return name;
});

// One thread runs every callback and every coroutine step to its end: nothing interleaves
// with the counter's read-work-write, however wide --cpu-us makes it.
TEST(UnsafeCounter, TheSingleThreadedLoopNeverLosesAnUpdate) {
  for (const char* model : {"loop-callbacks", "coroutines"}) {
    const auto r = run_json(std::string("--model ") + model +
                            " --clients 20 --requests 100 --io-ms 2 --cpu-us 200 --unsafe-counter");
    EXPECT_EQ(r["completed"], 100) << model;
    EXPECT_EQ(r["lost_updates"], 0) << model;
    EXPECT_EQ(r["peak_threads"], 1) << model;
  }
}

// The update spans a co_await: all clients in flight read the same value. One thread, still lost.
TEST(UnsafeCounter, AnUpdateAcrossACoAwaitLosesUpdatesOnOneThread) {
  const auto r = run_json(
      "--model coroutines-split-update --clients 10 --requests 50 --io-ms 2 "
      "--unsafe-counter");
  EXPECT_EQ(r["completed"], 50);
  EXPECT_GT(r["lost_updates"].get<long>(), 0);
  EXPECT_EQ(r["peak_threads"], 1);
}

// A race is a matter of timing: each threaded model gets five runs to lose an update.
TEST(UnsafeCounter, ThreadedModelsLoseUpdates) {
  for (const char* model : kThreadedModels) {
    long lost = 0;
    for (int attempt = 0; attempt < 5 && lost == 0; ++attempt) {
      const auto r =
          run_json(std::string("--model ") + model +
                   " --clients 16 --requests 160 --io-ms 1 --cpu-us 300 --unsafe-counter");
      EXPECT_EQ(r["completed"], 160) << model;
      lost = r["lost_updates"].get<long>();
    }
    EXPECT_GT(lost, 0) << model << " lost no update in five runs";
  }
}

TEST(Output, JsonHasEveryColumn) {
  const auto r = run_json("--model coroutines --clients 2 --requests 4 --io-ms 1");
  for (const char* column : lab::kColumns) EXPECT_TRUE(r.contains(column)) << column;
  EXPECT_EQ(r["model"], "coroutines");
  EXPECT_EQ(r["clients"], 2);
}

std::vector<std::string> csv_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
  return cells;
}

TEST(Output, CsvHasEveryColumnInEveryRow) {
  const Output out = models_lab("--model all --clients 2 --requests 4 --io-ms 1 --format csv");
  ASSERT_EQ(out.exit_code, 0) << out.text;
  std::istringstream lines(out.text);
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(csv_cells(header),
            std::vector<std::string>(lab::kColumns.begin(), lab::kColumns.end()));
  int rows = 0;
  for (std::string row; std::getline(lines, row); ++rows) {
    const auto cells = csv_cells(row + " ");  // a trailing empty note is still a cell
    EXPECT_EQ(cells.size(), lab::kColumns.size()) << row;
  }
  EXPECT_EQ(rows, static_cast<int>(kAllModels.size()));
}

TEST(Sweep, WritesOneRowPerModelAndSizeAndSaysWhyItSkips) {
  const std::string csv = testing::TempDir() + "models_lab_sweep.csv";
  const Output out = models_lab(
      "sweep --clients 1,4 --min-requests 8 --io-ms 1 "
      "--models sequential,coroutines --out " +
      csv);
  ASSERT_EQ(out.exit_code, 0) << out.text;
  std::ifstream in(csv);
  std::string line;
  int rows = -1;  // the header
  while (std::getline(in, line)) ++rows;
  EXPECT_EQ(rows, 4);

  // 100 requests one at a time at 50 ms is about 5 s: over a 1 s budget, so skipped, with why.
  const Output skipped = models_lab(
      "sweep --clients 1 --min-requests 100 --io-ms 50 --budget-s 1 "
      "--models sequential --out -");
  EXPECT_EQ(skipped.exit_code, 0);
  EXPECT_NE(skipped.text.find("skipped"), std::string::npos) << skipped.text;
  EXPECT_NE(skipped.text.find("would take about 5 s"), std::string::npos) << skipped.text;
}

// Every thread reserves an 8 MiB stack: under a 600 MB address-space limit the system refuses
// thread-per-request its threads long before 200 are running (pthread_create fails with EAGAIN).
// The sweep skips that size and says so; it is not a failed run.
TEST(Sweep, SkipsAModelTheSystemRefusesThreadsAndSaysSo) {
  const Output out = models_lab(
      "sweep --models thread-per-request --clients 200 --min-requests 400 --io-ms 50 --out -",
      false, "ulimit -s 8192 && ulimit -v 600000 && ");
  EXPECT_EQ(out.exit_code, 0) << out.text;
  EXPECT_NE(out.text.find(",skipped,\"the system refused a thread ("), std::string::npos) << out.text;
}

// "1 MB per thread" is address space: each idle thread reserves its whole stack (glibc's default,
// from ulimit -s) and commits the few pages it touched. Sizes, not times.
TEST(Costs, AnIdleThreadReservesItsStackButCommitsLittleOfIt) {
  const Output out = models_lab("threads --count 50");
  ASSERT_EQ(out.exit_code, 0) << out.text;
  const auto r = nlohmann::json::parse(out.text);
  EXPECT_EQ(r["threads"], 50);
  const double stack = r["default_stack_kib"].get<double>();
  const double reserved = r["reserved_kib_per_thread"].get<double>();
  const double committed = r["committed_kib_per_thread"].get<double>();
  EXPECT_GE(reserved, stack) << out.text;
  EXPECT_GT(committed, 0) << out.text;
  EXPECT_LT(committed, reserved / 10) << out.text;
}

TEST(Costs, CoresSplitsTheJobOverOneToNThreads) {
  const Output out = models_lab("cores --work-ms 10 --max-threads 3");
  ASSERT_EQ(out.exit_code, 0) << out.text;
  const auto r = nlohmann::json::parse(out.text);
  ASSERT_EQ(r["runs"].size(), 3u) << out.text;
  for (int t = 1; t <= 3; ++t) {
    const auto& run = r["runs"][t - 1];
    EXPECT_EQ(run["threads"], t);
    EXPECT_GT(run["seconds"].get<double>(), 0);
    EXPECT_TRUE(run.contains("cpu_seconds") && run.contains("speedup")) << run;
  }
  EXPECT_EQ(r["runs"][0]["speedup"], 1.0);
}

// Documented: exit code 2 and a message naming the problem, for every kind of bad command line.
TEST(BadFlags, ExitTwoWithAMessage) {
  for (const char* args : {"", "--model nope", "--model coroutines --clients 0",
                           "--model coroutines --format xml", "--model coroutines --bogus",
                           "--model coroutines --requests many", "sweep --clients 1,x"}) {
    const Output out = models_lab(args, true);
    EXPECT_EQ(out.exit_code, 2) << "models_lab " << args << "\n" << out.text;
    EXPECT_NE(out.text.find("models_lab: "), std::string::npos) << out.text;
  }
}

}  // namespace
