// FILE: lab/models/main.cpp
//
// models_lab: runs the concurrency models on one real workload and prints their numbers.
//   models_lab --model coroutines --clients 1000 --requests 4000     one run (or --model all)
//   models_lab sweep --out sweep.csv                                  every model, 1..10,000
//   clients models_lab threads --count 1000                                   what an idle thread
//   costs models_lab cores --work-ms 400                                    CPU-bound speed-up
// Exit codes: 0 every run completed; 1 a run failed (crashed, timed out, requests missing);
// 2 usage error; 66 ThreadSanitizer reported a race in a run (tsan build).
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "backend.h"
#include "costs.h"
#include "measure.h"

namespace {

using namespace lab;

constexpr int kUsageError = 2;
constexpr int kRunFailed = 1;
constexpr int kTsanReported = 66;

struct SweepOptions {
  std::string out = "-";
  std::vector<int> clients{1, 10, 100, 1000, 10000};
  int requests_per_client = 2;
  int min_requests = 100;
  int budget_s = 30;
  std::vector<std::string> models;
};

// 10,000 clients need 10,000 sockets on each side: raise the soft limit to the hard one.
void raise_fd_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

void print_text(std::ostream& out, const RunResult& r) {
  out << std::left << std::setw(24) << r.model << " clients " << std::setw(6) << r.clients
      << " requests " << std::setw(6) << r.requests;
  if (r.status != "ok") {
    out << r.status << ": " << r.note << "\n";
    return;
  }
  out << std::fixed << std::setprecision(2) << r.seconds << " s  " << std::setprecision(0)
      << r.throughput << " req/s  p50 " << std::setprecision(1) << r.p50_ms << " ms  p99 "
      << r.p99_ms << " ms  rss " << r.peak_rss_mib << " MiB  threads " << r.peak_threads
      << "  lost " << r.lost_updates << "\n";
}

int exit_code_for(const std::vector<Measured>& runs) {
  int code = 0;
  for (const auto& m : runs) {
    if (m.result.status == "failed" || m.result.completed != m.result.requests)
      code = kRunFailed;
    else if (m.exit_code == kTsanReported && code == 0)
      code = kTsanReported;
  }
  return code;
}

int run_models(const std::string& model_name, const Workload& w, const std::string& format,
               int timeout_s) {
  std::vector<const Model*> chosen;
  for (const auto& m : models())
    if (model_name == "all" || m.name == model_name) chosen.push_back(&m);

  const Backend backend = start_backend();
  std::vector<Measured> runs;
  for (const Model* m : chosen) runs.push_back(measure(*m, w, backend.port, timeout_s));
  stop_backend(backend);

  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : runs) out.push_back(m.result);
    std::cout << (runs.size() == 1 ? out[0] : out).dump(2) << "\n";
  } else if (format == "csv") {
    write_csv_header(std::cout);
    for (const auto& m : runs) write_csv_row(std::cout, m.result);
  } else {
    for (const auto& m : runs) print_text(std::cout, m.result);
  }
  return exit_code_for(runs);
}

// Why the sweep does not run `m` at this size, or "" when it does.
std::string skip_reason(const Model& m, const Workload& w, int budget_s) {
  const double waves = std::ceil(static_cast<double>(w.requests) / max_in_flight(m, w));
  const double estimate_s = waves * w.io_ms / 1000.0;
  if (estimate_s <= budget_s) return "";
  std::ostringstream why;
  why << "at most " << max_in_flight(m, w) << " requests in flight: " << w.requests
      << " requests x " << w.io_ms << " ms would take about " << std::lround(estimate_s)
      << " s (budget " << budget_s << " s)";
  return why.str();
}

RunResult skipped_result(const Model& m, const Workload& w, std::string why) {
  RunResult r;
  r.model = std::string(m.name);
  r.clients = w.clients;
  r.requests = w.requests;
  r.io_ms = w.io_ms;
  r.cpu_us = w.cpu_us;
  r.unsafe_counter = w.unsafe_counter;
  r.status = "skipped";
  r.note = std::move(why);
  return r;
}

int run_sweep(const SweepOptions& s, Workload base) {
  std::ofstream file;
  if (s.out != "-") {
    file.open(s.out);
    if (!file) {
      std::cerr << "models_lab: cannot write " << s.out << "\n";
      return kUsageError;
    }
  }
  std::ostream& out = s.out == "-" ? std::cout : file;
  write_csv_header(out);

  const Backend backend = start_backend();
  std::vector<Measured> runs;
  for (const auto& m : models()) {
    if (!m.in_sweep) continue;
    if (!s.models.empty() && std::ranges::find(s.models, m.name) == s.models.end()) continue;
    for (int c : s.clients) {
      Workload w = base;
      w.clients = c;
      w.requests = std::max(s.min_requests, c * s.requests_per_client);
      Measured run;
      if (std::string why = skip_reason(m, w, s.budget_s); !why.empty()) {
        run.result = skipped_result(m, w, why);
      } else {
        run = measure(m, w, backend.port, 4 * s.budget_s);
        // A model the system refuses threads is skipped, with the refusal as the reason.
        if (run.result.status == "failed" &&
            run.result.note.find("the system refused") != std::string::npos)
          run.result.status = "skipped";
      }
      print_text(std::cerr, run.result);
      write_csv_row(out, run.result);
      out.flush();
      if (run.result.status != "skipped") runs.push_back(run);
    }
  }
  stop_backend(backend);
  return exit_code_for(runs);
}

// Everything the command line sets.
struct Cli {
  Workload w;
  std::string model;
  std::string format = "text";
  int timeout_s = 120;
  SweepOptions sweep;
  int idle_threads = 1000;
  int work_ms = 400;
  int max_threads = 4;
  CLI::App* sweep_cmd = nullptr;
  CLI::App* threads_cmd = nullptr;
  CLI::App* cores_cmd = nullptr;
};

template <class T>
void add_number(CLI::App& app, const std::string& flag, T& value, T lo, T hi,
                const std::string& help) {
  app.add_option(flag, value, help)->check(CLI::Range(lo, hi))->capture_default_str();
}

void add_run_options(CLI::App& app, Cli& c) {
  std::vector<std::string> names{"all"};
  for (const auto& m : models()) names.emplace_back(m.name);
  app.add_option("--model", c.model, "which model to run, or all")->check(CLI::IsMember(names));
  add_number(app, "--clients", c.w.clients, 1, 100000, "requests in flight at once");
  add_number(app, "--requests", c.w.requests, 1, 10000000, "requests in all");
  add_number(app, "--io-ms", c.w.io_ms, 0, 60000, "the backend's delay per request");
  add_number(app, "--cpu-us", c.w.cpu_us, 0, 1000000, "CPU work per request, in the update");
  add_number(app, "--stall-ms", c.w.stall_ms, 0, 60000, "the middle request burns this much CPU");
  add_number(app, "--pool-threads", c.w.pool_threads, 1, 10000, "thread-pool size");
  add_number(app, "--timeout-s", c.timeout_s, 1, 3600, "kill a run after this long");
  app.add_flag("--unsafe-counter", c.w.unsafe_counter, "count requests in a plain long");
  app.add_option("--format", c.format, "text, json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
}

void add_sweep(CLI::App& app, Cli& c) {
  std::vector<std::string> names;
  for (const auto& m : models()) names.emplace_back(m.name);
  CLI::App& sweep = *app.add_subcommand("sweep", "every model at 1..10,000 clients, as CSV");
  c.sweep_cmd = &sweep;
  sweep.add_option("--out", c.sweep.out, "CSV file, - for stdout")->capture_default_str();
  sweep.add_option("--clients", c.sweep.clients, "client counts")
      ->check(CLI::Range(1, 100000))
      ->delimiter(',');
  sweep.add_option("--models", c.sweep.models, "only these models")
      ->check(CLI::IsMember(names))
      ->delimiter(',');
  add_number(sweep, "--requests-per-client", c.sweep.requests_per_client, 1, 1000, "");
  add_number(sweep, "--min-requests", c.sweep.min_requests, 1, 1000000, "");
  add_number(sweep, "--budget-s", c.sweep.budget_s, 1, 3600, "skip a run estimated longer");
  add_number(sweep, "--io-ms", c.w.io_ms, 0, 60000, "the backend's delay per request");
  add_number(sweep, "--cpu-us", c.w.cpu_us, 0, 1000000, "CPU work per request");
}

void add_cost_commands(CLI::App& app, Cli& c) {
  c.threads_cmd = app.add_subcommand("threads", "reserved versus committed memory of threads");
  add_number(*c.threads_cmd, "--count", c.idle_threads, 1, 30000, "idle threads to start");
  c.cores_cmd = app.add_subcommand("cores", "one CPU-bound job over 1..N threads");
  add_number(*c.cores_cmd, "--work-ms", c.work_ms, 10, 60000, "the job, on one thread");
  add_number(*c.cores_cmd, "--max-threads", c.max_threads, 1, 256, "split it up to this far");
}

int dispatch(const Cli& c) {
  if (*c.threads_cmd) {
    std::cout << thread_cost(c.idle_threads).dump(2) << "\n";
    return 0;
  }
  if (*c.cores_cmd) {
    std::cout << cpu_speedup(c.work_ms, c.max_threads).dump(2) << "\n";
    return 0;
  }
  if (*c.sweep_cmd) return run_sweep(c.sweep, c.w);
  return run_models(c.model, c.w, c.format, c.timeout_s);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"models_lab: the concurrency models on one real I/O-bound workload"};
  app.footer(
      "Exit codes: 0 all runs completed, 1 a run failed, 2 usage error, 66 ThreadSanitizer "
      "reported (tsan build).");
  Cli cli;
  add_run_options(app, cli);
  add_sweep(app, cli);
  add_cost_commands(app, cli);
  app.require_subcommand(0, 1);
  try {
    app.parse(argc, argv);
    if (app.get_subcommands().empty() && cli.model.empty())
      throw CLI::RequiredError("--model (or a subcommand: sweep, threads, cores)");
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "models_lab: " << e.what() << "\nRun models_lab --help for the options.\n";
    return kUsageError;
  }

  raise_fd_limit();
  try {
    return dispatch(cli);
  } catch (const std::exception& e) {
    std::cerr << "models_lab: " << e.what() << "\n";
    return kRunFailed;
  }
}
