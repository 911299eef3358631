#include "racelab/catalogue.h"

#include <algorithm>

namespace racelab {

const char* to_string(HarnessExpect e) { return e == HarnessExpect::fail ? "fail" : "pass"; }
const char* to_string(TsanExpect e) { return e == TsanExpect::race ? "race" : "clean"; }

Catalogue& Catalogue::instance() {
  static Catalogue catalogue;
  return catalogue;
}

void Catalogue::add(Variant variant) { variants_.push_back(std::move(variant)); }

std::vector<const Variant*> Catalogue::all() const {
  std::vector<const Variant*> out;
  for (const Variant& v : variants_) out.push_back(&v);
  std::sort(out.begin(), out.end(), [](const Variant* a, const Variant* b) {
    if (a->scenario != b->scenario) return a->scenario < b->scenario;
    if (a->rank != b->rank) return a->rank < b->rank;
    return a->variant < b->variant;
  });
  return out;
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

Registration::Registration(const char* file, Variant variant) {
  variant.file = file;
  Catalogue::instance().add(std::move(variant));
}

}  // namespace racelab
