// FILE: lab/models/models.h
//
// The models, one file each, and the one list that names them (for --model, the sweep and
// the docs). Every model runs run.workload().requests requests with run.workload().clients in
// flight, against run.backend(), and calls run.issued(id) and run.replied(id) for each.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <span>
#include <string_view>

#include "workload.h"

namespace lab {

void run_sequential(Run& run);
void run_thread_per_request(Run& run);
void run_thread_pool(Run& run);
void run_loop_callbacks(Run& run);
void run_coroutines(Run& run);
void run_coroutines_mt(Run& run);
void run_coroutines_split_update(Run& run);
void run_fibers(Run& run);

// One request as a coroutine on the loop (coroutines.cpp); the split-update model reuses it.
boost::asio::awaitable<void> request(Run& run, int id);

struct Model {
  std::string_view name;
  std::string_view summary;
  void (*run)(Run&);
  bool in_sweep;  // the split-update lesson runs like `coroutines`; the sweep leaves it out
};

std::span<const Model> models();
const Model* find_model(std::string_view name);

// How many requests the model keeps in flight at most, for the sweep's time estimate.
int max_in_flight(const Model& m, const Workload& w);

}  // namespace lab
