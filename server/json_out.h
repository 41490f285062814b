// A JSON writer that appends straight to a string, for the API's long lists (findings, drafts).
// nlohmann::json, used for everything else, builds a tree of maps first; for a page of 100
// findings that tree cost more than the database query (malloc and free were a third of the
// server's time under load), so the lists skip it.
//
//   JsonOut o;
//   o.BeginObject();
//   o.Key("id").Int(3);
//   o.Key("text").String("贯切");
//   o.EndObject();             // o.str() == R"({"id":3,"text":"贯切"})"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.h"

namespace cuomin::server {

class JsonOut {
 public:
  JsonOut() { out_.reserve(16 << 10); }
  JsonOut& BeginObject() { return Open('{'); }
  JsonOut& EndObject() { return Close('}'); }
  JsonOut& BeginArray() { return Open('['); }
  JsonOut& EndArray() { return Close(']'); }
  JsonOut& Key(std::string_view k) {
    Comma();
    Quote(k);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  JsonOut& String(std::string_view v) {
    Comma();
    Quote(v);
    return *this;
  }
  JsonOut& Int(int64_t v) {
    Comma();
    out_ += std::to_string(v);
    return *this;
  }
  JsonOut& Bool(bool v) {
    Comma();
    out_ += v ? "true" : "false";
    return *this;
  }
  JsonOut& Null() {
    Comma();
    out_ += "null";
    return *this;
  }
  // An already serialised JSON value.
  JsonOut& Raw(std::string_view json) {
    Comma();
    out_ += json;
    return *this;
  }
  std::string& str() { return out_; }

 private:
  JsonOut& Open(char c) {
    Comma();
    out_ += c;
    first_.push_back(true);
    return *this;
  }
  JsonOut& Close(char c) {
    out_ += c;
    first_.pop_back();
    return *this;
  }
  // The separator before a value: none after a key or first in its container.
  void Comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
  // A quoted string; control characters escaped, malformed UTF-8 replaced by U+FFFD. Runs of
  // bytes that need nothing are copied whole (the common case: Chinese text).
  void Quote(std::string_view s) {
    out_ += '"';
    bool valid = utf8::IsValid(s);
    size_t run = 0;
    for (size_t i = 0; i < s.size();) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80 && !valid) {
        out_.append(s.data() + run, i - run);
        size_t start = i;
        char32_t cp = utf8::Next(s, i);
        if (cp == utf8::kReplacement && i - start == 1) {
          out_ += "\xEF\xBF\xBD";
        } else {
          out_.append(s.data() + start, i - start);
        }
        run = i;
        continue;
      }
      if (c >= 0x20 && c != '"' && c != '\\') {
        ++i;
        continue;
      }
      out_.append(s.data() + run, i - run);
      if (c == '"' || c == '\\') {
        out_ += '\\';
        out_ += static_cast<char>(c);
      } else {
        static constexpr char kHex[] = "0123456789abcdef";
        out_ += "\\u00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 15];
      }
      run = ++i;
    }
    out_.append(s.data() + run, s.size() - run);
    out_ += '"';
  }

  std::string out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace cuomin::server
