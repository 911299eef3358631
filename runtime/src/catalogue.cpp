#include "racelab/catalogue.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace racelab {

const char* to_string(HarnessExpect e) { return e == HarnessExpect::fail ? "fail" : "pass"; }
const char* to_string(TsanExpect e) { return e == TsanExpect::race ? "race" : "clean"; }

namespace {

// Listed scenarios by their place in the course, the others after them by name.
std::pair<std::size_t, std::string> course_place(const std::string& scenario) {
  const auto& order = course_order();
  const auto it = std::find(order.begin(), order.end(), scenario);
  return {static_cast<std::size_t>(it - order.begin()), it == order.end() ? scenario : std::string()};
}

}  // namespace

Catalogue& Catalogue::instance() {
  static Catalogue catalogue;
  return catalogue;
}

void Catalogue::add(Variant variant) { variants_.push_back(std::move(variant)); }

std::vector<const Variant*> Catalogue::all() const {
  std::vector<const Variant*> out;
  for (const Variant& v : variants_) out.push_back(&v);
  std::sort(out.begin(), out.end(), [](const Variant* a, const Variant* b) {
    if (a->scenario != b->scenario) return course_place(a->scenario) < course_place(b->scenario);
    if (a->rank != b->rank) return a->rank < b->rank;
    return a->variant < b->variant;
  });
  return out;
}

std::vector<std::string> Catalogue::scenarios() const {
  std::vector<std::string> out;
  for (const Variant* v : all()) {
    if (out.empty() || out.back() != v->scenario) out.push_back(v->scenario);
  }
  return out;
}

std::string Catalogue::course_number(const Variant& variant) const {
  const auto names = scenarios();
  const auto s = std::find(names.begin(), names.end(), variant.scenario);
  int n = 0;
  for (const Variant* v : all()) {
    if (v->scenario != variant.scenario) continue;
    ++n;
    if (v == &variant) break;
  }
  return std::to_string(s - names.begin() + 1) + "." + std::to_string(n);
}

std::vector<const Variant*> Catalogue::select(const std::string& selector) const {
  std::vector<const Variant*> out;
  for (const Variant* v : all()) {
    if (v->scenario == selector || v->name() == selector) out.push_back(v);
  }
  return out;
}

const Variant* Catalogue::find(const std::string& name) const {
  for (const Variant& v : variants_) {
    if (v.name() == name) return &v;
  }
  return nullptr;
}

Registration::Registration(const char* file, const char* marked_rules, Variant variant) {
  variant.file = file;
  if (marked_rules) {
    // Written once: a second copy in the declaration would drift from the markers.
    if (!variant.checker.empty()) {
      std::fprintf(stderr, "racelab: %s sets .checker; mark the lines with `// expect:` instead\n", file);
      std::abort();
    }
    std::istringstream rules(marked_rules);
    for (std::string rule; std::getline(rules, rule, ',');) variant.checker.push_back(rule);
  }
  Catalogue::instance().add(std::move(variant));
}

}  // namespace racelab
