// examples/async_withdraw/payment_provider.h: the slow part of a withdrawal, as a coroutine.
//
// Paying out takes one tick of the event loop's virtual clock: the calling task suspends
// (as it would awaiting an HTTP call to a payment provider) and other tasks run meanwhile.
// The provider approves every request, except every `decline_every`-th one when that is
// above 0: real providers decline, and a fix has to leave the books right when they do.
#pragma once

#include <racelab/async.h>

namespace async_withdraw {

class PaymentProvider {
 public:
  void open(long long decline_every) {
    decline_every_ = decline_every;
    calls_ = 0;
  }

  // co_await provider.pay_out(loop, amount) -> approved?
  racelab::Task<bool> pay_out(racelab::EventLoop& loop, long long amount) {
    co_await loop.sleep(1);  // the round trip: the loop runs other tasks meanwhile
    ++calls_;
    co_return amount > 0 && !(decline_every_ > 0 && calls_ % decline_every_ == 0);
  }

 private:
  long long decline_every_ = 0;
  long long calls_ = 0;
};

}  // namespace async_withdraw
