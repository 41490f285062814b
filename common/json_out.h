// A JSON writer that appends straight to a string: the one writer of a finding's JSON
// (scanner/finding_json.h) for the JSON Lines printer, and the API's long lists (findings,
// drafts). nlohmann::json, used for everything else, builds a tree of maps first; for a page of
// 100 findings that tree cost more than the database query (malloc and free were a third of the
// server's time under load), so these skip it.
//
// Strings come out as valid UTF-8 (a malformed byte becomes U+FFFD) with the controls escaped,
// and also DEL, C1 controls, U+2028 and U+2029: JSON allows them raw, but U+0085, U+2028 and
// U+2029 end lines for some JSON Lines readers (and U+2028/9 end JavaScript strings before
// ES2019), and C1 controls can reach a terminal.
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

namespace cuomin {

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
  // A quoted string. Runs of bytes that need nothing are copied whole (the common case:
  // Chinese text).
  void Quote(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    auto escape = [this](char32_t c) {
      out_ += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out_ += kHex[(c >> shift) & 15];
    };
    out_ += '"';
    bool valid = utf8::IsValid(s);
    size_t run = 0;
    for (size_t i = 0; i < s.size();) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80) {
        // In valid UTF-8 only these lead bytes can start C1 controls, U+2028 or U+2029.
        if (valid && c != 0xC2 && c != 0xE2) {
          ++i;
          continue;
        }
        size_t start = i;
        char32_t cp = utf8::Next(s, i);
        bool bad = !valid && cp == utf8::kReplacement && i - start == 1;
        bool hostile = (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029;
        if (bad || hostile) {
          out_.append(s.data() + run, start - run);
          if (bad) {
            out_ += "\xEF\xBF\xBD";
          } else {
            escape(cp);
          }
          run = i;
        }
        continue;
      }
      if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) {
        ++i;
        continue;
      }
      out_.append(s.data() + run, i - run);
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\b':
          out_ += "\\b";
          break;
        case '\f':
          out_ += "\\f";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        default:
          escape(c);
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

}  // namespace cuomin
