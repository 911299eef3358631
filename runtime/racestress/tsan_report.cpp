#include "tsan_report.h"

#include <dirent.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace racestress {
namespace {

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  return s.substr(i);
}

// "    #0 add /work/x/buggy.cpp:33:13 (racestress+0x1234)" -> "buggy.cpp:33"
std::string frame_location(const std::string& frame) {
  const auto open = frame.rfind(" (");
  std::string body = open == std::string::npos ? frame : frame.substr(0, open);
  const auto space = body.rfind(' ');
  std::string where = space == std::string::npos ? body : body.substr(space + 1);
  // drop a trailing column
  const auto last = where.rfind(':');
  if (last != std::string::npos) {
    const auto prev = where.rfind(':', last - 1);
    if (prev != std::string::npos) where = where.substr(0, last);
  }
  return std::filesystem::path(where).filename().string();
}

}  // namespace

std::vector<TsanFinding> parse_tsan_reports(const std::string& text) {
  std::vector<TsanFinding> findings;
  std::istringstream in(text);
  std::string line;
  std::string pending_access;
  while (std::getline(in, line)) {
    const std::string t = trim(line);
    if (starts_with(t, "WARNING: ThreadSanitizer: ")) {
      TsanFinding f;
      f.kind = t.substr(std::string("WARNING: ThreadSanitizer: ").size());
      const auto pid = f.kind.find(" (pid=");
      if (pid != std::string::npos) f.kind = f.kind.substr(0, pid);
      findings.push_back(std::move(f));
      pending_access.clear();
    } else if (findings.empty()) {
      continue;
    } else if (starts_with(t, "SUMMARY: ThreadSanitizer: ")) {
      TsanFinding& f = findings.back();
      f.summary = t.substr(std::string("SUMMARY: ThreadSanitizer: ").size());
      // "<kind> <file>:<line>[:col] in <function>"
      const auto in_pos = f.summary.rfind(" in ");
      std::string head = f.summary;
      if (in_pos != std::string::npos) {
        f.function = f.summary.substr(in_pos + 4);
        head = f.summary.substr(0, in_pos);
      }
      if (starts_with(head, f.kind + " ")) f.location = std::filesystem::path(head.substr(f.kind.size() + 1)).filename().string();
    } else if (starts_with(t, "Location is global '")) {
      std::string name = t.substr(std::string("Location is global '").size());
      name = name.substr(0, name.find('\''));
      const std::string anon = "(anonymous namespace)::";
      if (starts_with(name, anon)) name = name.substr(anon.size());
      findings.back().variable = name;
    } else if (t.find(" of size ") != std::string::npos &&
               (t.find(" by thread ") != std::string::npos || t.find(" by main thread") != std::string::npos)) {
      pending_access = t;
      if (!pending_access.empty() && pending_access.back() == ':') pending_access.pop_back();
    } else if (!pending_access.empty() && starts_with(t, "#0 ")) {
      findings.back().accesses.push_back(pending_access + " at " + frame_location(t));
      pending_access.clear();
    }
  }
  return findings;
}

std::string read_tsan_logs(const std::string& dir, const std::string& prefix) {
  std::string all;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return all;
  while (dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (!starts_with(name, prefix)) continue;
    std::ifstream file(dir + "/" + name);
    std::ostringstream content;
    content << file.rdbuf();
    all += content.str();
  }
  closedir(d);
  return all;
}

}  // namespace racestress
