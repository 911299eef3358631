// racestress run --shard I/N: one share of the selected variants, so a CI matrix of N jobs runs
// every variant exactly once. Shard I (0 <= I < N, counted from 0 like GoogleTest's
// GTEST_SHARD_INDEX) takes the selected variants at positions I, I+N, I+2N, ... of the
// selection order, which depends only on the selectors and the binary's catalogue: every job
// must be given the same selectors and the same racestress.
//
// Without --shard, `racestress run` honours GoogleTest's own variables: GTEST_TOTAL_SHARDS and
// GTEST_SHARD_INDEX (both set, or neither; what GoogleTest rejects, racestress rejects), so the
// job that shards a GoogleTest suite shards racestress the same way. A malformed value in either
// place is a usage error (exit 2).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace racestress {

struct Shard {
  int index = 0;  // I, from 0
  int count = 1;  // N
};

// "I/N" with integers 0 <= I < N; empty, with `error` set to one line, otherwise.
std::optional<Shard> parse_shard(const std::string& text, std::string& error);

// From GTEST_SHARD_INDEX and GTEST_TOTAL_SHARDS (`index_text`, `total_text`; null when unset).
// Neither set: no shard and no error. One set without the other, or a bad value: `error` set.
std::optional<Shard> shard_from_gtest_variables(const char* index_text, const char* total_text, std::string& error);

// Whether the item at `position` of the selection belongs to `shard`.
inline bool in_shard(const Shard& shard, std::size_t position) {
  return static_cast<int>(position % static_cast<std::size_t>(shard.count)) == shard.index;
}

// The items of `all` that belong to `shard`, in their order.
template <typename T>
std::vector<T> take_shard(const std::vector<T>& all, const Shard& shard) {
  std::vector<T> out;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (in_shard(shard, i)) out.push_back(all[i]);
  }
  return out;
}

}  // namespace racestress
