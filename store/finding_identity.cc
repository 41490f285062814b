#include "store/finding_identity.h"

#include <cstdint>
#include <cstdio>
#include <string_view>

namespace cuomin::store {
namespace {

// FNV-1a, 64 bits, written here rather than std::hash: identities are stored, so the hash must
// be the same in every build and on every platform; nothing here needs a cryptographic hash.
uint64_t Fnv1a(std::string_view s, uint64_t h = 14695981039346656037ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string Hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// Drops ASCII whitespace and U+3000: a re-published page often differs only in spacing.
std::string WithoutSpaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') continue;
    if (s.substr(i, 3) == "\xE3\x80\x80") {
      i += 2;
      continue;
    }
    out += s[i];
  }
  return out;
}

}  // namespace

std::string TextKey(const scanner::Finding& f) {
  uint64_t h = Fnv1a(f.rule);
  h = Fnv1a("\x1f", h);
  return Hex(Fnv1a(WithoutSpaces(f.text), h));
}

std::string ContextKey(const scanner::Finding& f) {
  std::string sentence = WithoutSpaces(f.context);
  std::string text = WithoutSpaces(f.text);
  if (!text.empty()) {
    size_t at = sentence.find(text);
    if (at != std::string::npos) sentence.erase(at, text.size());
  }
  uint64_t h = Fnv1a(TextKey(f));
  h = Fnv1a("\x1f", h);
  return Hex(Fnv1a(sentence, h));
}

std::string Identity(const std::string& context_key, int occurrence) {
  return context_key + "-" + std::to_string(occurrence);
}

}  // namespace cuomin::store
