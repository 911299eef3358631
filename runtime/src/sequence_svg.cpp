// The interleaving as a standalone SVG sequence diagram: a lifeline per actor with the shared
// state in the middle, one row per step in order, an arrow for each access, a box for each lock
// or wait step, and the state after the step on the right when the trace recorded it. Plain SVG
// with its own styles and no script, so a page shows it with a bare <img>.
#include <algorithm>
#include <sstream>

#include "racelab/report.h"

namespace racelab {

std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

constexpr int kCharWidth = 7;  // monospace at 12px, a little generous
constexpr int kRowHeight = 30;
constexpr int kTop = 60;       // below the participants' boxes
constexpr int kMargin = 12;


int text_width(const std::string& text) { return static_cast<int>(text.size()) * kCharWidth; }

// What a row says: the step as the step table shows it, without the actor's name.
std::string step_text(const Event& e) { return describe_step(e); }

}  // namespace

std::string render_sequence_svg(const Trace& trace) {
  const int actors = std::max(trace.actors, 1);
  const int shared = actors / 2;  // the shared state's lifeline sits before this actor's
  int widest = text_width("shared state");
  bool has_state = false;
  int state_width = 0;
  for (const Event& e : trace.events) {
    widest = std::max(widest, text_width(step_text(e)));
    if (!e.state.empty()) has_state = true;
    state_width = std::max(state_width, text_width(e.state));
  }
  const int gap = widest + 2 * kMargin;  // between neighbouring lifelines: an arrow's label fits
  std::vector<int> x;                    // lifeline of each actor; the shared state's is x_shared
  int next = kMargin + gap / 2;
  int x_shared = 0;
  for (int a = 0; a < actors; ++a) {
    if (a == shared) {
      x_shared = next;
      next += gap;
    }
    x.push_back(next);
    next += gap;
  }
  if (shared >= actors) {
    x_shared = next;
    next += gap;
  }
  const int x_state = next - gap / 2 + kMargin;
  const int width = has_state ? x_state + std::max(state_width, text_width("state after the step")) + kMargin
                              : next - gap / 2 + kMargin;
  const int rows = static_cast<int>(trace.events.size());
  const int height = kTop + rows * kRowHeight + kMargin;

  std::ostringstream out;
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" viewBox=\"0 0 " << width << " " << height << "\" role=\"img\">\n"
      << "<title>" << rows << " steps of " << actors << " " << xml_escape(trace.columns) << "s, in the order they ran</title>\n"
      << "<style>text{font:12px monospace;fill:#222}.life{stroke:#999;stroke-dasharray:4 3}"
         ".head{fill:#eef;stroke:#557}.arrow{stroke:#333;marker-end:url(#tip)}.wait{fill:#fde2c8;stroke:#b60}"
         ".sync{fill:#e4f2e4;stroke:#474}.state{fill:#555}.n{fill:#888}</style>\n"
      << "<defs><marker id=\"tip\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
         "orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#333\"/></marker></defs>\n";
  auto head = [&](int cx, const std::string& name) {
    const int w = text_width(name) + 16;
    out << "<rect class=\"head\" x=\"" << cx - w / 2 << "\" y=\"" << kMargin << "\" width=\"" << w
        << "\" height=\"26\" rx=\"4\"/>\n<text x=\"" << cx << "\" y=\"" << kMargin + 17
        << "\" text-anchor=\"middle\">" << xml_escape(name) << "</text>\n<line class=\"life\" x1=\"" << cx << "\" y1=\""
        << kMargin + 26 << "\" x2=\"" << cx << "\" y2=\"" << height - kMargin << "\"/>\n";
  };
  for (int a = 0; a < actors; ++a) head(x[static_cast<std::size_t>(a)], trace.columns + " " + actor_name(a));
  head(x_shared, "shared state");
  if (has_state) out << "<text class=\"state\" x=\"" << x_state << "\" y=\"" << kMargin + 17 << "\">state after the step</text>\n";

  for (int i = 0; i < rows; ++i) {
    const Event& e = trace.events[static_cast<std::size_t>(i)];
    const int y = kTop + i * kRowHeight + kRowHeight / 2;
    const int ax = e.actor >= 0 && e.actor < actors ? x[static_cast<std::size_t>(e.actor)] : x_shared;
    const std::string text = step_text(e);
    out << "<text class=\"n\" x=\"2\" y=\"" << y + 4 << "\">" << i + 1 << "</text>\n";
    if (e.kind == EventKind::point) {
      const int mid = (ax + x_shared) / 2;
      out << "<line class=\"arrow\" x1=\"" << ax << "\" y1=\"" << y << "\" x2=\"" << x_shared << "\" y2=\"" << y
          << "\"/>\n<text x=\"" << mid << "\" y=\"" << y - 5 << "\" text-anchor=\"middle\">" << xml_escape(text)
          << "</text>\n";
    } else {
      const int w = text_width(text) + 12;
      out << "<rect class=\"" << (e.kind == EventKind::blocked ? "wait" : "sync") << "\" x=\"" << ax - w / 2
          << "\" y=\"" << y - 11 << "\" width=\"" << w << "\" height=\"20\" rx=\"3\"/>\n<text x=\"" << ax << "\" y=\""
          << y + 4 << "\" text-anchor=\"middle\">" << xml_escape(text) << "</text>\n";
    }
    if (!e.state.empty()) {
      out << "<text class=\"state\" x=\"" << x_state << "\" y=\"" << y + 4 << "\">" << xml_escape(e.state) << "</text>\n";
    }
  }
  out << "</svg>\n";
  return out.str();
}

}  // namespace racelab
