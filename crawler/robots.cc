#include "crawler/robots.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "common/strings.h"

namespace cuomin::crawler {
namespace {

constexpr size_t kMaxRobotsBytes = 500 * 1024;

// '*' matches any sequence, a final '$' anchors the end; otherwise a prefix match.
bool Matches(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // Iterative wildcard match with backtracking to the last '*'.
  size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (p == pattern.size() && !anchored) {
      return true;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// Patterns are compared percent-encoded: encode what the request line would encode.
std::string EncodePattern(std::string_view v) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(v[i]);
    if (c >= 0x80 || c == ' ') {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else if (c == '%' && i + 2 < v.size()) {
      out.push_back('%');
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(v[i + 1]))));
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(v[i + 2]))));
      i += 2;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace

Robots Robots::AllowAll() { return Robots(); }

Robots Robots::DisallowAll() {
  Robots r;
  r.disallow_all_ = true;
  return r;
}

Robots Robots::Parse(std::string_view body, std::string_view product) {
  if (body.size() > kMaxRobotsBytes) body = body.substr(0, kMaxRobotsBytes);
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  std::string me = AsciiLower(product);

  struct Group {
    std::vector<std::string> agents;
    std::vector<Rule> rules;
    std::optional<double> delay;
  };
  std::vector<Group> groups;
  std::vector<std::string> sitemaps;
  bool in_agents = false;  // consecutive user-agent lines open one group
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(pos, end - pos);
    pos = end + 1;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = AsciiLower(Trim(line.substr(0, colon)));
    std::string_view value = Trim(line.substr(colon + 1));
    if (key == "user-agent") {
      if (!in_agents) groups.emplace_back();
      in_agents = true;
      groups.back().agents.push_back(AsciiLower(value));
      continue;
    }
    if (key == "sitemap") {
      sitemaps.emplace_back(value);
      continue;
    }
    bool rule = key == "allow" || key == "disallow";
    if (!rule && key != "crawl-delay") continue;
    in_agents = false;
    if (groups.empty()) continue;  // rules before any user-agent line belong to no group
    if (key == "crawl-delay") {
      char* e = nullptr;
      std::string v(value);
      double d = std::strtod(v.c_str(), &e);
      if (e != v.c_str() && d >= 0) groups.back().delay = d;
    } else if (!(key == "disallow" && value.empty())) {  // "Disallow:" allows everything
      groups.back().rules.push_back({EncodePattern(value), key == "allow"});
    }
  }

  // RFC 9309 2.2.1: the groups naming our token are merged; else the '*' groups.
  Robots r;
  r.sitemaps_ = std::move(sitemaps);
  auto take = [&](bool star) {
    bool any = false;
    for (const Group& g : groups) {
      bool match = false;
      for (const std::string& a : g.agents) {
        if (star ? a == "*" : (!a.empty() && a != "*" && me.rfind(a, 0) == 0)) match = true;
      }
      if (!match) continue;
      any = true;
      r.rules_.insert(r.rules_.end(), g.rules.begin(), g.rules.end());
      if (g.delay) r.crawl_delay_ = g.delay;
    }
    return any;
  };
  if (!take(false)) take(true);
  return r;
}

bool Robots::Allowed(std::string_view target) const {
  if (disallow_all_) return target == "/robots.txt";
  if (target == "/robots.txt") return true;
  size_t best = 0;
  bool allowed = true;
  bool found = false;
  for (const Rule& rule : rules_) {
    if (!Matches(rule.pattern, target)) continue;
    size_t len = rule.pattern.size();
    if (!found || len > best || (len == best && rule.allow)) {
      best = len;
      allowed = rule.allow;
      found = true;
    }
  }
  return allowed;
}

}  // namespace cuomin::crawler
