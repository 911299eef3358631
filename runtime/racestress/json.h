// Just enough JSON for racestress: writing its JSON lines, and reading them back (the child
// process reports to its parent in the same format) and reading racecheck's --format json.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace racestress {

std::string json_quote(const std::string& text);

class JsonValue {
 public:
  enum class Type { null, boolean, number, string, array, object };

  static std::optional<JsonValue> parse(const std::string& text, std::string* error = nullptr);

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::null; }
  bool as_bool(bool fallback = false) const { return type_ == Type::boolean ? bool_ : fallback; }
  double as_number(double fallback = 0) const { return type_ == Type::number ? number_ : fallback; }
  long long as_int(long long fallback = 0) const {
    return type_ == Type::number ? static_cast<long long>(number_) : fallback;
  }
  const std::string& as_string() const { return string_; }
  // The number's text as written, for integers too big for a double (seeds).
  const std::string& raw() const { return string_; }
  const std::vector<JsonValue>& items() const { return items_; }
  const std::map<std::string, JsonValue>& members() const { return members_; }
  // The member `key`, or a null value.
  const JsonValue& operator[](const std::string& key) const;
  bool has(const std::string& key) const { return members_.count(key) != 0; }

 private:
  friend class JsonParser;
  Type type_ = Type::null;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::vector<JsonValue> items_;
  std::map<std::string, JsonValue> members_;
};

}  // namespace racestress
