// examples/async_withdraw/customers.h: the harness wiring every async_withdraw variant shares,
// so that a variant file is its banner, its version of withdraw(), and its declaration.
//
//   `customers` tasks on one event loop (one thread) each make `withdrawals` withdrawals of
//   `amount`; customer c comes in at tick c * `arrival_gap`: with the default 1, just as the one
//   before is back from the payment provider; with 0, all of them start together. The provider
//   declines every `decline_every`-th payment (0: none). Once the loop is done the variant
//   checks the invariant against the Ledger of what was paid out.
//
// A variant describes its bank as a type with three static functions:
//   static void open(const racelab::Params& p);                  fresh state, before the loop
//   static racelab::Task<bool> pay_out(racelab::EventLoop& loop, long long amount);
//                                                                the variant's withdraw()
//   static racelab::Check check(const withdraw_scenario::Ledger& ledger);   afterwards
//   static std::string describe(const withdraw_scenario::Ledger& ledger);   the state, in words
// and, if it needs something made with each loop and kept while it runs (async_mutex.cpp's
// lock), a type PerLoop constructible from the loop. It registers Customers<ItsBank>::make_test
// and ::run_plain. A variant whose account is one `long long balance` uses
// OneBalance<balance, provider, withdraw> as its bank (or derives from it to add a PerLoop).
#pragma once

#include <racelab/async.h>
#include <racelab/catalogue.h>

#include "ledger.h"
#include "payment_provider.h"

namespace async_withdraw {

// The parameters every variant starts from (racestress run async_withdraw --customers 3 ...).
inline racelab::Params customer_params() {
  return {{"customers", 2},   {"opening", 100},     {"amount", 100},
          {"withdrawals", 1}, {"decline_every", 0}, {"arrival_gap", 1}};
}

template <class Bank>
class Customers {
 public:
  static racelab::StressTest make_test(const racelab::Params& p) {
    racelab::StressTest test;
    test.setup([p] { open(p); });
    test.actor([p] { run_bank(p); });  // one actor: the loop's thread; its tasks are the columns
    test.invariant([] { return Bank::check(ledger_); });
    test.state([] { return Bank::describe(ledger_); });
    return test;
  }

  // The same customers on a plain event loop, without the harness.
  static racelab::Check run_plain(const racelab::Params& p) {
    open(p);
    run_bank(p);
    return Bank::check(ledger_);
  }

 private:
  static void open(const racelab::Params& p) {
    Bank::open(p);
    ledger_.open(p.at("opening"));
  }

  static racelab::Task<> customer(racelab::EventLoop& loop, long long arrival, racelab::Params p) {
    if (arrival > 0) co_await loop.sleep(arrival);
    for (long long i = 0; i < p.at("withdrawals"); ++i) {
      if (co_await Bank::pay_out(loop, p.at("amount"))) ledger_.paid(p.at("amount"));
    }
  }

  // One event loop, one thread: every customer is a task on it.
  static void run_bank(const racelab::Params& p) {
    racelab::EventLoop loop;
    if constexpr (requires { typename Bank::PerLoop; }) {
      typename Bank::PerLoop per_loop(loop);
      spawn_and_run(loop, p);
    } else {
      spawn_and_run(loop, p);
    }
  }

  static void spawn_and_run(racelab::EventLoop& loop, const racelab::Params& p) {
    for (long long c = 0; c < p.at("customers"); ++c) {
      loop.spawn(customer(loop, c * p.at("arrival_gap"), p));
    }
    loop.run();
  }

  static inline withdraw_scenario::Ledger ledger_;  // what was paid out
};

// The bank of most variants: one `long long` balance, the variant's payment provider, and its
// withdraw().
template <long long& Balance, PaymentProvider& Provider,
          racelab::Task<bool> (&Withdraw)(racelab::EventLoop&, long long)>
struct OneBalance {
  static void open(const racelab::Params& p) {
    Balance = p.at("opening");
    Provider.open(p.at("decline_every"));
  }
  static racelab::Task<bool> pay_out(racelab::EventLoop& loop, long long amount) { return Withdraw(loop, amount); }
  static racelab::Check check(const withdraw_scenario::Ledger& ledger) { return ledger.check(Balance); }
  static std::string describe(const withdraw_scenario::Ledger& ledger) { return ledger.describe(Balance); }
};

}  // namespace async_withdraw
