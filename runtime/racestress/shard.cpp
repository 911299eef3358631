#include "shard.h"

#include <cerrno>
#include <climits>
#include <cstdlib>

namespace racestress {
namespace {

// A whole non-negative decimal number that fits an int.
bool parse_count(const std::string& text, int& value) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return false;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), nullptr, 10);
  if (errno != 0 || v > INT_MAX) return false;
  value = static_cast<int>(v);
  return true;
}

}  // namespace

std::optional<Shard> parse_shard(const std::string& text, std::string& error) {
  const auto slash = text.find('/');
  Shard s;
  if (slash == std::string::npos || !parse_count(text.substr(0, slash), s.index) ||
      !parse_count(text.substr(slash + 1), s.count) || s.count == 0 || s.index >= s.count) {
    error = "--shard needs I/N with whole numbers 0 <= I < N (shard I of N, counted from 0), got '" + text + "'";
    return std::nullopt;
  }
  return s;
}

std::optional<Shard> shard_from_gtest_variables(const char* index_text, const char* total_text, std::string& error) {
  if (index_text == nullptr && total_text == nullptr) return std::nullopt;
  if (index_text == nullptr || total_text == nullptr) {
    error = std::string("GoogleTest sharding needs both GTEST_SHARD_INDEX and GTEST_TOTAL_SHARDS; only ") +
            (index_text != nullptr ? "GTEST_SHARD_INDEX" : "GTEST_TOTAL_SHARDS") + " is set";
    return std::nullopt;
  }
  const std::string joined = std::string(index_text) + "/" + total_text;
  const auto shard = parse_shard(joined, error);
  if (!shard) {
    error = "GTEST_SHARD_INDEX=" + std::string(index_text) + " GTEST_TOTAL_SHARDS=" + total_text +
            " is not a shard: needs whole numbers 0 <= index < total";
  }
  return shard;
}

}  // namespace racestress
