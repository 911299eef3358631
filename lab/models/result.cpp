// FILE: lab/models/result.cpp — CSV from the same fields as the JSON (see result.h).
#include "result.h"

#include <iomanip>
#include <sstream>

namespace lab {

namespace {

std::string csv_cell(const nlohmann::json& v) {
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string quoted = "\"";
    for (char ch : s) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return quoted + "\"";
  }
  if (v.is_number_float()) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(3) << v.get<double>();
    return out.str();
  }
  if (v.is_boolean()) return v.get<bool>() ? "1" : "0";
  return v.dump();
}

}  // namespace

void write_csv_header(std::ostream& out) {
  for (size_t i = 0; i < kColumns.size(); ++i) out << (i ? "," : "") << kColumns[i];
  out << "\n";
}

void write_csv_row(std::ostream& out, const RunResult& r) {
  const nlohmann::json j = r;
  for (size_t i = 0; i < kColumns.size(); ++i) out << (i ? "," : "") << csv_cell(j.at(kColumns[i]));
  out << "\n";
}

}  // namespace lab
