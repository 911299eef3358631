// UnusedNolintCheck.h: racecheck-unused-nolint.
//
// Flags a NOLINT, NOLINTNEXTLINE or NOLINTBEGIN comment that names a racecheck rule this run
// enabled and suppressed no finding: the race it hid is gone, or it never was one.
// Docs: docs/checks/unused-nolint.md
#pragma once

#include "checks/Rule.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace racecheck {

// A NOLINT, NOLINTNEXTLINE or NOLINTBEGIN comment that names racecheck rules by glob.
struct NolintComment {
  std::string File;
  unsigned Line = 0, Column = 0;
  std::string Text;                // e.g. "NOLINT(racecheck-check-then-act)"
  std::vector<std::string> Globs;  // the racecheck globs in its list
};

class UnusedNolintCheck : public Rule {
public:
  // Its input is not the model: see report().
  void run(const ConcurrencyModel &, std::vector<Finding> &) const override {}
  bool readsModel() const override { return false; }

  // Appends a finding for each of Comments whose (file, line) is not in Used, the comments that
  // suppressed a finding; a comment naming only rules that Globs (the run's --checks) leaves
  // off is left alone.
  void report(const std::vector<NolintComment> &Comments,
              const std::set<std::pair<std::string, unsigned>> &Used, const std::string &Globs,
              std::vector<Finding> &Out) const;
};

}  // namespace racecheck
