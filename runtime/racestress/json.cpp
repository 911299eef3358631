#include "json.h"

#include <cstdio>
#include <cctype>
#include <cstdlib>

namespace racestress {

std::string json_quote(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

const JsonValue& JsonValue::operator[](const std::string& key) const {
  static const JsonValue null_value;
  const auto it = members_.find(key);
  return it == members_.end() ? null_value : it->second;
}

class JsonParser {
 public:
  explicit JsonParser(const std::string& text) : s_(text) {}

  std::optional<JsonValue> document(std::string* error) {
    JsonValue v;
    if (!value(v, 0)) {
      if (error) *error = error_ + " at offset " + std::to_string(pos_);
      return std::nullopt;
    }
    skip_space();
    if (pos_ != s_.size()) {
      if (error) *error = "trailing text at offset " + std::to_string(pos_);
      return std::nullopt;
    }
    return v;
  }

 private:
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) ++pos_;
  }
  bool fail(const char* why) {
    error_ = why;
    return false;
  }
  bool literal(const char* word) {
    std::size_t n = 0;
    while (word[n] != 0) ++n;
    if (s_.compare(pos_, n, word) != 0) return fail("unknown literal");
    pos_ += n;
    return true;
  }

  bool value(JsonValue& v, int depth) {
    if (depth > 64) return fail("nested too deeply");
    skip_space();
    if (pos_ >= s_.size()) return fail("unexpected end");
    const char c = s_[pos_];
    if (c == '{') return object(v, depth);
    if (c == '[') return array(v, depth);
    if (c == '"') {
      v.type_ = JsonValue::Type::string;
      return string(v.string_);
    }
    if (c == 't') { v.type_ = JsonValue::Type::boolean; v.bool_ = true; return literal("true"); }
    if (c == 'f') { v.type_ = JsonValue::Type::boolean; v.bool_ = false; return literal("false"); }
    if (c == 'n') { v.type_ = JsonValue::Type::null; return literal("null"); }
    return number(v);
  }

  bool number(JsonValue& v) {
    const std::size_t start = pos_;
    while (pos_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '-' ||
                                s_[pos_] == '+' || s_[pos_] == '.' || s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
    }
    if (start == pos_) return fail("unexpected character");
    v.type_ = JsonValue::Type::number;
    v.string_ = s_.substr(start, pos_ - start);
    char* end = nullptr;
    v.number_ = std::strtod(v.string_.c_str(), &end);
    if (end == nullptr || *end != 0) return fail("bad number");
    return true;
  }

  static void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  bool string(std::string& out) {
    ++pos_;  // opening quote
    while (pos_ < s_.size()) {
      const char c = s_[pos_++];
      if (c == '"') return true;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) break;
      const char e = s_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          if (pos_ + 4 > s_.size()) return fail("short \\u escape");
          append_utf8(out, static_cast<unsigned>(std::strtoul(s_.substr(pos_, 4).c_str(), nullptr, 16)));
          pos_ += 4;
          break;
        }
        default: return fail("bad escape");
      }
    }
    return fail("unterminated string");
  }

  bool array(JsonValue& v, int depth) {
    v.type_ = JsonValue::Type::array;
    ++pos_;
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == ']') { ++pos_; return true; }
    for (;;) {
      JsonValue item;
      if (!value(item, depth + 1)) return false;
      v.items_.push_back(std::move(item));
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') { ++pos_; continue; }
      if (pos_ < s_.size() && s_[pos_] == ']') { ++pos_; return true; }
      return fail("expected , or ]");
    }
  }

  bool object(JsonValue& v, int depth) {
    v.type_ = JsonValue::Type::object;
    ++pos_;
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '}') { ++pos_; return true; }
    for (;;) {
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != '"') return fail("expected a key");
      std::string key;
      if (!string(key)) return false;
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != ':') return fail("expected :");
      ++pos_;
      JsonValue item;
      if (!value(item, depth + 1)) return false;
      v.members_[key] = std::move(item);
      skip_space();
      if (pos_ < s_.size() && s_[pos_] == ',') { ++pos_; continue; }
      if (pos_ < s_.size() && s_[pos_] == '}') { ++pos_; return true; }
      return fail("expected , or }");
    }
  }

  const std::string& s_;
  std::size_t pos_ = 0;
  std::string error_;
};

std::optional<JsonValue> JsonValue::parse(const std::string& text, std::string* error) {
  return JsonParser(text).document(error);
}

}  // namespace racestress
