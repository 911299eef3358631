#include "racelab/test.h"

namespace racelab {

Check expect_eq(const std::string& what, long long actual, long long expected) {
  if (actual == expected) return Check::holds();
  return Check::broken(what + " is " + std::to_string(actual) + ", expected " + std::to_string(expected));
}

Check expect(bool condition, std::string message) {
  return condition ? Check::holds() : Check::broken(std::move(message));
}

StressTest& StressTest::setup(std::function<void()> make_fresh_state) {
  setup_ = std::move(make_fresh_state);
  return *this;
}
StressTest& StressTest::actor(std::function<void()> body) {
  actors_.push_back(std::move(body));
  return *this;
}
StressTest& StressTest::invariant(std::function<Check()> check) {
  invariant_ = std::move(check);
  return *this;
}
StressTest& StressTest::teardown(std::function<void()> release_state) {
  teardown_ = std::move(release_state);
  return *this;
}
StressTest& StressTest::state(std::function<std::string()> describe) {
  state_ = std::move(describe);
  return *this;
}
void StressTest::run_setup() const {
  if (setup_) setup_();
}
Check StressTest::run_invariant() const { return invariant_ ? invariant_() : Check::holds(); }
void StressTest::run_teardown() const {
  if (teardown_) teardown_();
}

}  // namespace racelab
