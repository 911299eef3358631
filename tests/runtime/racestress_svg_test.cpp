// racestress play/replay/run --svg FILE: the run's interleaving written as an SVG sequence
// diagram beside the usual output (the study site puts one under each play and replay block).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "run_racestress.h"

namespace racestress {
namespace {

Ran racestress(const std::vector<std::string>& args) { return run_racestress(RACESTRESS_BIN, args); }

class RacestressSvg : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = make_temp_dir("racestress-svg"); }
  void TearDown() override { remove_tree(dir_); }
  std::string file(const std::string& name) const { return dir_ + "/" + name; }
  std::string dir_;
};

TEST_F(RacestressSvg, PlayDrawsItsStepsLocksAndWaitsIncluded) {
  const Ran r = racestress({"play", "lost_update/mutex", "--steps", "A.read B.read A.write B.write", "--increments",
                            "1", "--svg", file("mutex.svg")});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("the invariant held"), std::string::npos) << r.out;  // the text output is unchanged
  const std::string svg = read_file(file("mutex.svg"));
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u) << svg;
  EXPECT_NE(svg.find("(waits for mutex 1, held by A)"), std::string::npos) << svg;
  EXPECT_NE(svg.find("counter = 2"), std::string::npos) << svg;
}

TEST_F(RacestressSvg, ReplayDrawsTheFailingInterleaving) {
  const Ran r = racestress({"replay", "lost_update/buggy", "--schedule", "BA3", "--increments", "1", "--svg",
                            file("buggy.svg")});
  const std::string svg = read_file(file("buggy.svg"));
  EXPECT_NE(svg.find("write counter -&gt; 1"), std::string::npos) << r.out << r.err << svg;
}

TEST_F(RacestressSvg, RunWithNoFailureSaysThereIsNothingToDraw) {
  const Ran r = racestress({"run", "lost_update/mutex", "--iterations", "20", "--no-checker", "--svg", file("none.svg")});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("--svg: no variant failed"), std::string::npos) << r.err;
  EXPECT_TRUE(read_file(file("none.svg")).empty());
}

TEST_F(RacestressSvg, AnUnwritablePathIsAUsageError) {
  const Ran r = racestress({"run", "lost_update/buggy", "--svg", file("no/such/folder/x.svg"), "--no-checker"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
}

}  // namespace
}  // namespace racestress
