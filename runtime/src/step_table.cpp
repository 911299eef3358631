// The failing interleaving as a table a learner can follow: one row per step, one column per
// actor, each cell the point's label with the value read or written, and its source line.
#include <algorithm>
#include <filesystem>
#include <sstream>

#include "racelab/report.h"

namespace racelab {
namespace {

std::string cell(const Event& e) { return describe_step(e); }

std::string pad(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

}  // namespace

std::string describe_step(const Event& e) {
  std::string text = e.label;
  if (e.has_value) text += " -> " + std::to_string(e.value);
  if (e.kind == EventKind::blocked) text = "(" + text + ")";
  if (e.kind == EventKind::sync) text = "[" + text + "]";
  if (e.line > 0) text += "  " + std::filesystem::path(e.file).filename().string() + ":" + std::to_string(e.line);
  return text;
}

std::string render_step_table(const Trace& trace, std::size_t max_rows) {
  const int actors = std::max(trace.actors, 1);
  std::vector<std::size_t> width(static_cast<std::size_t>(actors), 0);
  for (int a = 0; a < actors; ++a) width[static_cast<std::size_t>(a)] = (trace.columns + " " + actor_name(a)).size();
  for (const Event& e : trace.events) {
    if (e.actor >= 0 && e.actor < actors) {
      auto& w = width[static_cast<std::size_t>(e.actor)];
      w = std::max(w, actor_name(e.actor).size() + 2 + cell(e).size());
    }
  }
  const std::size_t step_width = std::max<std::size_t>(4, std::to_string(trace.events.size()).size());
  std::ostringstream out;
  std::string header = pad("step", step_width);
  for (int a = 0; a < actors; ++a) {
    header += " | " + pad(trace.columns + " " + actor_name(a), width[static_cast<std::size_t>(a)]);
  }
  while (!header.empty() && header.back() == ' ') header.pop_back();
  out << header << "\n";
  const std::size_t rows = std::min(trace.events.size(), max_rows);
  for (std::size_t i = 0; i < rows; ++i) {
    const Event& e = trace.events[i];
    std::string line = pad(std::to_string(i + 1), step_width);
    for (int a = 0; a < actors; ++a) {
      const std::string text = a == e.actor ? actor_name(a) + ": " + cell(e) : "";
      line += " | " + pad(text, width[static_cast<std::size_t>(a)]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
  if (trace.events.size() > rows) {
    out << "... " << (trace.events.size() - rows) << " more steps\n";
  }
  return out.str();
}

std::string render_mermaid(const Trace& trace) {
  std::ostringstream out;
  out << "sequenceDiagram\n";
  const int actors = std::max(trace.actors, 1);
  const int middle = actors / 2;
  for (int a = 0; a < actors; ++a) {
    if (a == middle) out << "  participant S as shared state\n";
    out << "  participant " << actor_name(a) << " as " << trace.columns << " " << actor_name(a) << "\n";
  }
  for (const Event& e : trace.events) {
    std::string text = e.label;
    if (e.has_value) text += " = " + std::to_string(e.value);
    for (char& c : text) {
      if (c == ';' || c == '#' || c == ':') c = ' ';  // characters Mermaid reads as syntax
    }
    if (e.kind == EventKind::blocked || e.kind == EventKind::sync) {
      out << "  Note over " << actor_name(e.actor) << ": " << text << "\n";
    } else {
      out << "  " << actor_name(e.actor) << "->>S: " << text << "\n";
    }
  }
  return out.str();
}

}  // namespace racelab
