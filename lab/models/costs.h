// FILE: lab/models/costs.h
//
// Two small measurements for the page, without the backend:
//   thread_cost  what N idle threads reserve (address space) and commit (resident memory);
//   cpu_speedup  one fixed CPU-bound job split over 1..N threads, and how much faster it gets.
#pragma once

#include <nlohmann/json.hpp>

namespace lab {

nlohmann::json thread_cost(int threads);
nlohmann::json cpu_speedup(int work_ms, int max_threads);

}  // namespace lab
