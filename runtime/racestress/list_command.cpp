// racestress list [--scenarios]: every variant with what it declares, or only the scenarios,
// numbered in course order (course_order.cpp): 1.1 is the first variant of the first scenario.
#include <cstdio>
#include <set>

#include "racestress_app.h"

namespace racestress {

int list_main(const CommandLine& line, std::ostream& out) {
  if (line.scenarios_only) {
    for (const std::string& s : racelab::Catalogue::instance().scenarios()) out << s << "\n";
    return kExitOk;
  }
  for (const racelab::Variant* v : racelab::Catalogue::instance().all()) {
    std::string checker = v->checker.empty() ? "-" : v->checker.front();
    for (std::size_t i = 1; i < v->checker.size(); ++i) checker += "," + v->checker[i];
    char row[512];
    std::snprintf(row, sizeof row, "%-5s %-34s %-4s %-5s %-32s %s",
                  racelab::Catalogue::instance().course_number(*v).c_str(), v->name().c_str(), racelab::to_string(v->expect),
                  racelab::to_string(v->tsan), checker.c_str(), v->summary.c_str());
    out << row << "\n";
  }
  return kExitOk;
}

}  // namespace racestress
