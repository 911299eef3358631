// FILE: examples/withdraw/withdraw_benchmark.cpp
//
// What each withdraw and async_withdraw variant costs: withdrawals per second without the
// harness (plain threads; for async_withdraw, the one-thread event loop), measured in one run
// and printed as ratios, so the numbers compare like with like on whatever machine runs it:
// to the one-mutex fix, and within each family to its first fix (threads: mutex; SQLite:
// sqlite_begin_immediate; PostgreSQL: pg_select_for_update; async: no_suspend_between). Each variant's `plain` run starts `threads`
// customers that each make `withdrawals` withdrawals of 1 from an account holding half of
// what they ask for (so half are paid, half refused), then checks the invariant.
//
//   withdraw_benchmark                      every variant, 2 threads (async: 2 customers)
//   withdraw_benchmark --threads 4 --repeat 5 --scale 0.5
//
// Database variants do far fewer withdrawals (a statement costs microseconds to
// milliseconds); every count is per customer and is printed. The best of --repeat runs is
// kept, to filter out other work on the machine. Buggy variants are measured too (what the
// bug "saves"), and their invariant verdict printed: they may or may not fail on a given run.
#include <racelab/catalogue.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {

struct Row {
  const racelab::Variant* variant = nullptr;
  long long withdrawals = 0;  // per customer
  double ops_per_second = 0;
  bool skipped = false;
  std::string note;
};

long long withdrawals_for(const std::string& variant, double scale) {
  long long base = 1'000'000;
  if (variant.rfind("sqlite_", 0) == 0) base = 5'000;
  if (variant.rfind("pg_", 0) == 0) base = 1'000;
  if (variant == "actor") base = 100'000;
  if (variant.rfind("async_withdraw/", 0) == 0) base = 200'000;
  return std::max(1LL, static_cast<long long>(static_cast<double>(base) * scale));
}

Row measure(const racelab::Variant& v, long long threads, int repeat, double scale) {
  const bool async = v.scenario == "async_withdraw";
  Row row{&v, withdrawals_for(async ? v.name() : v.variant, scale)};
  racelab::Params params = v.params;
  params[async ? "customers" : "threads"] = threads;
  params["amount"] = 1;
  params["withdrawals"] = row.withdrawals;
  params["opening"] = threads * row.withdrawals / 2;
  for (int r = 0; r < repeat; ++r) {
    const auto start = std::chrono::steady_clock::now();
    racelab::Check check;
    try {
      check = v.plain(params);
    } catch (const std::exception& error) {  // e.g. PostgreSQL is not installed
      row.skipped = true;
      row.note = error.what();
      return row;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    row.ops_per_second = std::max(row.ops_per_second, static_cast<double>(threads * row.withdrawals) / seconds);
    if (!check.ok) row.note = "invariant broke: " + check.message;
  }
  if (row.note.empty()) row.note = "invariant held";
  return row;
}

std::string family_baseline(const std::string& name) {
  if (name.rfind("async_withdraw/", 0) == 0) return "async_withdraw/no_suspend_between";
  if (name.rfind("withdraw/sqlite_", 0) == 0) return "withdraw/sqlite_begin_immediate";
  if (name.rfind("withdraw/pg_", 0) == 0) return "withdraw/pg_select_for_update";
  return "withdraw/mutex";
}

std::string format_ratio(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3gx", ratio);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  long long threads = 2;
  int repeat = 3;
  double scale = 1.0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--threads") == 0) threads = std::atoll(argv[i + 1]);
    else if (std::strcmp(argv[i], "--repeat") == 0) repeat = std::atoi(argv[i + 1]);
    else if (std::strcmp(argv[i], "--scale") == 0) scale = std::atof(argv[i + 1]);
    else {
      std::fprintf(stderr, "withdraw_benchmark: unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (threads < 1 || repeat < 1 || scale <= 0 || (argc - 1) % 2 != 0) {
    std::fprintf(stderr, "usage: withdraw_benchmark [--threads N] [--repeat N] [--scale X]\n");
    return 2;
  }

  std::vector<Row> rows;
  std::map<std::string, double> rate;
  for (const char* scenario : {"withdraw", "async_withdraw"}) {
    for (const racelab::Variant* v : racelab::Catalogue::instance().select(scenario)) {
      if (!v->plain) continue;
      rows.push_back(measure(*v, threads, repeat, scale));
      if (!rows.back().skipped) rate[v->name()] = rows.back().ops_per_second;
    }
  }
  auto ratio = [&rate](double ops, const std::string& to) {
    auto it = rate.find(to);
    return it == rate.end() || it->second <= 0 ? std::string("-") : format_ratio(ops / it->second);
  };
  std::printf("withdraw: %lld threads (async: %lld customers on one thread), withdrawals of 1, half refused;"
              " best of %d runs\n\n", threads, threads, repeat);
  std::printf("%-36s %10s %14s %10s %10s  %s\n", "variant", "per thread", "withdrawals/s", "vs mutex", "vs family",
              "invariant on this run");
  for (const Row& row : rows) {
    const std::string name = row.variant->name();
    if (row.skipped) {
      std::printf("%-36s %10s %14s %10s %10s  skipped: %s\n", name.c_str(), "-", "-", "-", "-", row.note.c_str());
      continue;
    }
    std::printf("%-36s %10lld %14.0f %10s %10s  %s%s\n", name.c_str(), row.withdrawals, row.ops_per_second,
                ratio(row.ops_per_second, "withdraw/mutex").c_str(), ratio(row.ops_per_second, family_baseline(name)).c_str(),
                row.variant->expect == racelab::HarnessExpect::fail ? "(buggy) " : "", row.note.c_str());
  }
  return 0;
}
