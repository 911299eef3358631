// FILE: lab/models/result.h
//
// One run's numbers: what models_lab prints (--format json|csv) and the sweep writes, one row
// each. The columns are listed once, in kColumns; JSON and CSV are both made from them.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

namespace lab {

struct RunResult {
  std::string model;
  int clients = 0;
  int requests = 0;
  int io_ms = 0;
  int cpu_us = 0;
  bool unsafe_counter = false;
  int completed = 0;
  double seconds = 0;
  double throughput = 0;  // completed requests per second
  double p50_ms = 0;
  double p99_ms = 0;
  double peak_rss_mib = 0;
  int peak_threads = 0;
  long counter = 0;
  long lost_updates = 0;      // completed - counter
  std::string status = "ok";  // ok, skipped, failed
  std::string note;           // why skipped or failed
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(RunResult, model, clients, requests, io_ms, cpu_us,
                                   unsafe_counter, completed, seconds, throughput, p50_ms, p99_ms,
                                   peak_rss_mib, peak_threads, counter, lost_updates, status, note)

inline constexpr std::array kColumns{
    "model",        "clients", "requests",     "io_ms",  "cpu_us", "unsafe_counter",
    "completed",    "seconds", "throughput",   "p50_ms", "p99_ms", "peak_rss_mib",
    "peak_threads", "counter", "lost_updates", "status", "note"};

void write_csv_header(std::ostream& out);
void write_csv_row(std::ostream& out, const RunResult& r);

}  // namespace lab
