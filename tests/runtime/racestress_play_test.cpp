// racestress play (a learner's named steps) and replay --schedule with a schedule that does
// not fit: the real binary, its output and exit codes.
#include <gtest/gtest.h>

#include "run_racestress.h"

namespace racestress {
namespace {

#if defined(__SANITIZE_THREAD__)
constexpr bool kTsanBuild = true;
#else
constexpr bool kTsanBuild = false;
#endif

Ran racestress(const std::vector<std::string>& args) { return run_racestress(RACESTRESS_BIN, args); }

TEST(RacestressPlay, RunsTheLostUpdateAsWrittenWithTheStateAfterEachStep) {
  const Ran r = racestress({"play", "lost_update/buggy", "--steps", "A.read B.read A.write B.write", "--increments", "1"});
  // In-process: in the tsan build the race is reported and TSan's exit code (66) wins.
  EXPECT_EQ(r.code, kTsanBuild ? 66 : 1) << r.out << r.err;
  EXPECT_NE(r.out.find("   1  A.read  | A: read counter -> 0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("   2  B.read  |"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("B: write counter -> 1  buggy.cpp:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| counter = 1\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the invariant broke: counter is 1, expected 2"), std::string::npos) << r.out;
}

TEST(RacestressPlay, TheSameStepsOnTheMutexFixMakeBWait) {
  const Ran r = racestress({"play", "lost_update/mutex", "--steps", "A.read B.read A.write B.write", "--increments", "1"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("A: [acquires mutex 1]"), std::string::npos) << r.out;
  const auto waits = r.out.find("B: (waits for mutex 1, held by A)");
  const auto a_writes = r.out.find("A: write counter -> 1");
  const auto b_reads = r.out.find("B: read counter -> 1");
  ASSERT_NE(waits, std::string::npos) << r.out;
  EXPECT_LT(waits, a_writes) << r.out;
  const auto a_releases = r.out.find("A: [releases mutex 1]");
  EXPECT_LT(a_writes, a_releases) << r.out;
  EXPECT_LT(a_releases, b_reads) << r.out;
  EXPECT_NE(r.out.find("the invariant held"), std::string::npos) << r.out;
}

TEST(RacestressPlay, StepsAfterTheLastRunToTheEnd) {
  const Ran r = racestress({"play", "lost_update/mutex", "--steps", "B.read", "--increments", "2"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("B.read |"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("your steps are done"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("counter = 4"), std::string::npos) << r.out;
}

// A deadlock never reaches the invariant's check, and play says so.
TEST(RacestressPlay, ADeadlockIsReportedAsADeadlock) {
  const Ran r = racestress({"play", "transfer_deadlock/buggy", "--steps", "A.locks B.locks"});
  // In-process: in the tsan build TSan reports the lock-order inversion and its exit code wins.
  EXPECT_EQ(r.code, kTsanBuild ? 66 : 1) << r.out << r.err;
  EXPECT_NE(r.out.find("\ndeadlock: every unfinished actor waits; A holds account 1's mutex"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("the invariant broke"), std::string::npos) << r.out;
}

TEST(RacestressReplay, ADeadlockIsReportedAsADeadlock) {
  const Ran r = racestress({"replay", "transfer_deadlock/buggy", "--schedule", "BA3B2A"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("replay of transfer_deadlock/buggy (schedule BA3B2A): deadlock\n"), std::string::npos) << r.out;
}

// try_lock never waits, so it is no decision, but the step table shows each try: the one that
// fails (try_lock_backoff's A finds account 2 taken and backs off) and the one that takes it.
TEST(RacestressPlay, TryLockAttemptsAreSteps) {
  const Ran r = racestress({"play", "transfer_deadlock/try_lock_backoff", "--steps", "A.locks B.locks A.backs B.locks"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  const auto fails = r.out.find("A: [try_lock mutex 2: held by B, fails]");
  const auto releases = r.out.find("A: [releases mutex 1]");
  const auto takes = r.out.find("B: [try_lock mutex 1: takes it]");
  ASSERT_NE(fails, std::string::npos) << r.out;
  ASSERT_NE(takes, std::string::npos) << r.out;
  EXPECT_LT(fails, releases) << r.out;
  EXPECT_LT(releases, takes) << r.out;
}

// The mutex variant, so that no data race (and no TSan exit code) hides the usage error.
TEST(RacestressPlay, AnActorOrStepThatDoesNotExistIsAUsageErrorListingTheValidNames) {
  for (const std::string& steps : {"A.read C.read", "A.read B.jump", "A.wri"}) {
    const Ran r = racestress({"play", "lost_update/mutex", "--steps", steps});
    EXPECT_EQ(r.code, 2) << steps << "\n" << r.out << r.err;
    EXPECT_NE(r.err.find("valid steps of lost_update/mutex: A.read A.write B.read B.write"), std::string::npos) << r.err;
  }
  const Ran c = racestress({"play", "lost_update/mutex", "--steps", "A.read C.read"});
  EXPECT_NE(c.err.find("there is no actor C"), std::string::npos) << c.err;
}

TEST(RacestressPlay, AScheduleTheRunCannotFollowIsAUsageError) {
  const Ran r = racestress({"play", "lost_update/mutex", "--steps", "A.write", "--increments", "1"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("A.write, cannot be taken: A's next step is 'read counter'"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(RacestressPlay, MalformedStepsAndMissingStepsAreUsageErrors) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"play", "lost_update/mutex", "--steps", "A.read 7"},
           {"play", "lost_update/mutex"},
           {"play", "no_such/variant", "--steps", "A"}}) {
    const Ran r = racestress(args);
    EXPECT_EQ(r.code, 2) << r.out << r.err;
    EXPECT_EQ(r.err.rfind("racestress: ", 0), 0U) << r.err;
  }
}

TEST(RacestressReplay, AScheduleNamingActorsThatDoNotExistIsAUsageError) {
  const Ran r = racestress({"replay", "lost_update/mutex", "--schedule", "ZZZ"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--schedule ZZZ does not fit lost_update/mutex: decision 1 of the schedule picks Z, but only A, B "
                       "could run there"),
            std::string::npos)
      << r.err;
}

TEST(RacestressReplay, AScheduleTooShortForTheRunIsAUsageError) {
  const Ran r = racestress({"replay", "lost_update/mutex", "--schedule", "A"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("the schedule ended after 1 decisions"), std::string::npos) << r.err;
}

// The state callback takes the mutex the actors take. While A is paused at its point holding
// it, play must not crash or hang (it used to: exit 139): it says why that row has no state.
TEST(RacestressPlay, AStateCallbackThatNeedsALockAnActorHoldsIsNotShownForThatStep) {
  const Ran r = run_racestress(RACESTRESS_FIXTURE_BIN, {"play", "selftest/locked_state", "--steps", "A.read B.read"});
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  // A's own step: A is paused at its point, holding the mutex.
  const auto a_read = r.out.find("A.read | A: read");
  ASSERT_NE(a_read, std::string::npos) << r.out;
  const std::string a_row = r.out.substr(a_read, r.out.find('\n', a_read) - a_read);
  EXPECT_NE(a_row.find("| (state not shown: A holds mutex 1)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(state not shown: B holds mutex 1)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("A: [releases mutex 1]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("| guarded = 1\n"), std::string::npos) << r.out;  // A released, B not yet in
  EXPECT_NE(r.out.find("| guarded = 2\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the invariant held"), std::string::npos) << r.out;
}

TEST(RacestressOutcomes, TheHistogramCountsEveryFinalState) {
  const Ran r = racestress({"run", "lost_update/buggy", "--outcomes", "--increments", "1", "--iterations", "300",
                            "--no-checker"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("outcomes of 300 runs (final state: runs):"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("counter = 1 "), std::string::npos) << r.out;  // the lost update
  EXPECT_NE(r.out.find("counter = 2 "), std::string::npos) << r.out;
  const Ran json = racestress({"run", "lost_update/mutex", "--outcomes", "--increments", "1", "--iterations", "200",
                               "--no-checker", "--format", "json"});
  const auto lines = json_lines(json.out);
  ASSERT_EQ(lines.size(), 1U) << json.out;
  EXPECT_EQ(lines[0]["outcomes"]["counter = 2"].get<long long>(), 200) << json.out;
}

TEST(RacestressSyncSteps, AFlagAddsLocksToTheStepTable) {
  const Ran plain = racestress({"replay", "lost_update/mutex", "--seed", "1", "--increments", "1"});
  EXPECT_EQ(plain.out.find("[acquires mutex 1]"), std::string::npos) << plain.out;
  const Ran r = racestress({"replay", "lost_update/mutex", "--seed", "1", "--increments", "1", "--sync-steps"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("[acquires mutex 1]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[releases mutex 1]"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace racestress
