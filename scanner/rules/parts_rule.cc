// formulation_parts: a fixed formulation of several parts (创新、协调、绿色、开放、共享;
// 政治意识、大局意识、核心意识、看齐意识) cut short or reworded where the text cites it as that
// formulation: a part missing, the parts in another order, or the character all parts share
// dropped from each of them (不敢腐、不能腐、不想腐 written 不敢、不能、不想).
//
// Texts name some parts of such a list all the time in their own words (坚持创新、协调发展;
// 中国特色社会主义道路、理论、制度、文化), so a list is only judged where the text says it means
// the formulation: the formulation's name (its head: 新发展理念, 四个意识) right after it or right
// before it, or quotation marks around exactly the list. All the parts in another order are a
// reordered formulation wherever they stand. A whole group of a formulation written in groups
// (富强、民主、文明、和谐，自由、平等…) is no part missing, and a list that ends in 等 says itself
// that it is not the whole.
#include <algorithm>
#include <map>
#include <unordered_set>

#include "common/strings.h"
#include "common/utf8.h"
#include "scanner/rules/types.h"
#include "scanner/rules/word_list_loading.h"
#include "scanner/rules/word_rule.h"

namespace cuomin::scanner::rules {
namespace {

struct Formulation {
  std::string written;  // the form as the suggestion writes it
  // parts[i]: the part's accepted wordings (the first is the current one).
  std::vector<std::vector<std::string>> parts;
  std::vector<size_t> group_of;  // group index of each part (groups are divided by ，)
  std::vector<std::string> heads;
  // The letters every part shares at its end (suffix) or start, and the parts less them.
  std::string shared;
  bool shared_is_suffix = true;
  // One shared character is a part of each slogan's word (腐 of 不敢腐, 稳 of 稳就业), not a
  // word the parts can share: written once for all (不敢、不能、不想腐) the slogan is cut short.
  // Shared words (建设, 意识) may be written once (经济、政治、文化、社会、生态文明建设).
  bool shared_binds = false;
  std::vector<std::vector<std::string>> reduced;
};

struct PartRef {
  uint32_t form;
  uint32_t part;
  bool reduced;
};

struct Occurrence {
  size_t begin, end;
  uint32_t part;
  // A part less its shared letters, with those letters written next to it once for the list:
  // the list's last part (suffix) or first (prefix); begin/end include the letters.
  bool with_shared = false;
};

constexpr std::u32string_view kListSeparators = U"、，,和与及 ";
constexpr std::u32string_view kOpenQuotes = U"“‘「『\"";
constexpr std::u32string_view kCloseQuotes = U"”’」』\"";

bool Contains(std::u32string_view set, char32_t c) {
  return set.find(c) != std::u32string_view::npos;
}

// The text between two parts of one list: separators and quotation marks only, and at least one
// separator (two parts written together are other wording).
bool IsListGap(std::string_view gap) {
  if (gap.empty()) return false;
  size_t letters = 0, separators = 0;
  for (size_t i = 0; i < gap.size();) {
    const char32_t c = utf8::Next(gap, i);
    ++letters;
    if (Contains(kListSeparators, c)) {
      ++separators;
    } else if (!Contains(kOpenQuotes, c) && !Contains(kCloseQuotes, c)) {
      return false;
    }
  }
  return separators > 0 && letters <= 3;
}

std::string_view SkipOne(std::string_view s, std::u32string_view set) {
  if (s.empty()) return s;
  size_t i = 0;
  const char32_t c = utf8::Next(s, i);
  return Contains(set, c) ? s.substr(i) : s;
}

std::string_view DropLastOne(std::string_view s, std::u32string_view set) {
  if (s.empty()) return s;
  size_t i = s.size();
  const char32_t c = utf8::Prev(s, i);
  return Contains(set, c) ? s.substr(0, i) : s;
}

class PartsRule : public WordRule {
 public:
  PartsRule(RuleInfo info, std::vector<Formulation> forms, std::vector<std::string> words,
            std::vector<std::vector<PartRef>> refs)
      : WordRule(std::move(info)),
        forms_(std::move(forms)),
        words_(std::move(words)),
        refs_(std::move(refs)) {}

  void Words(const std::function<void(std::string_view, uint32_t)>& add) const override {
    for (size_t i = 0; i < words_.size(); ++i) add(words_[i], static_cast<uint32_t>(i));
  }

  void OnMatches(const WordContext& ctx, const std::vector<WordMatch>& matches,
                 std::vector<Hit>& out) const override {
    // Per form and kind (whole parts, parts less the shared letters), in text order.
    std::map<std::pair<uint32_t, bool>, std::vector<Occurrence>> by_form;
    for (const WordMatch& m : matches) {
      for (const PartRef& r : refs_[m.entry]) {
        const Formulation& f = forms_[r.form];
        if (r.reduced && !IsReducedHere(f, ctx.text, m.begin, m.end)) {
          if (!f.shared_binds) continue;
          const size_t begin = f.shared_is_suffix ? m.begin : m.begin - f.shared.size();
          const size_t end = f.shared_is_suffix ? m.end + f.shared.size() : m.end;
          by_form[{r.form, true}].push_back({begin, end, r.part, true});
          continue;
        }
        by_form[{r.form, r.reduced}].push_back({m.begin, m.end, r.part});
      }
    }
    for (auto& [key, occ] : by_form) {
      std::sort(occ.begin(), occ.end(), [](const Occurrence& a, const Occurrence& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
      });
      std::vector<Occurrence> chain;
      // Copies, not the structured binding: C++17 lambdas may not capture one (clang refuses).
      const Formulation& form = forms_[key.first];
      const bool reduced = key.second;
      auto flush = [&] {
        if (!chain.empty()) Judge(ctx, form, reduced, chain, out);
        chain.clear();
      };
      for (const Occurrence& o : occ) {
        if (!chain.empty() && o.begin < chain.back().end) continue;  // inside the last part
        // The letters written once close the list after its last part or open it before its
        // first: 不敢腐、不能腐 is two lists of one.
        const bool closed =
            !chain.empty() && (form.shared_is_suffix ? chain.back().with_shared : o.with_shared);
        if (!chain.empty() &&
            (closed || !IsListGap(ctx.text.substr(chain.back().end, o.begin - chain.back().end))))
          flush();
        chain.push_back(o);
      }
      flush();
    }
  }

 private:
  // A part less its shared letters is that only where the letters are not there (不敢 of
  // 不敢腐 is no cut-short part).
  static bool IsReducedHere(const Formulation& f, std::string_view text, size_t begin, size_t end) {
    return f.shared_is_suffix ? !text.substr(end).starts_with(f.shared)
                              : !text.substr(0, begin).ends_with(f.shared);
  }

  // The list is cited as the formulation: its head right after it (“…”的新发展理念) or right
  // before it (四个意识：…), or quotation marks around exactly the list.
  static bool Quoted(std::string_view text, size_t begin, size_t end) {
    const std::string_view before = text.substr(0, begin), after = text.substr(end);
    return DropLastOne(before, kOpenQuotes).size() < before.size() &&
           SkipOne(after, kCloseQuotes).size() < after.size();
  }
  static bool HeadAfter(const Formulation& f, std::string_view text, size_t end) {
    std::string_view after = SkipOne(text.substr(end), kCloseQuotes);
    if (after.starts_with("的")) after.remove_prefix(std::string_view("的").size());
    after = SkipOne(after, kOpenQuotes);
    return std::any_of(f.heads.begin(), f.heads.end(),
                       [&](const std::string& h) { return after.starts_with(h); });
  }
  static bool HeadBefore(const Formulation& f, std::string_view text, size_t begin) {
    std::string_view before = DropLastOne(text.substr(0, begin), kOpenQuotes);
    for (std::string_view joiner : {"，即", "即", "：", ":", "（", "("}) {
      if (before.ends_with(joiner)) {
        before.remove_suffix(joiner.size());
        break;
      }
    }
    before = DropLastOne(before, kCloseQuotes);
    return std::any_of(f.heads.begin(), f.heads.end(),
                       [&](const std::string& h) { return before.ends_with(h); });
  }

  // The list goes on (or starts) with an item that begins or ends like a missing part: the
  // text names it in other words (坚持共产党的领导 for 坚持中国共产党的领导, the wording of
  // 1987), which is no part left out.
  static bool MissingWrittenOtherwise(const Formulation& f, const std::vector<bool>& seen,
                                      std::string_view text, size_t begin, size_t end) {
    static constexpr std::u32string_view kItemEnds = U"、，,；;。：:！？!?“”（）()\n";
    std::u32string next, prev;
    size_t i = end;
    if (i < text.size() && Contains(kListSeparators, utf8::Next(text, i))) {
      while (i < text.size() && next.size() < 20) {
        const char32_t c = utf8::Next(text, i);
        if (Contains(kItemEnds, c)) break;
        next.push_back(c);
      }
    }
    i = begin;
    if (i > 0 && Contains(kListSeparators, utf8::Prev(text, i))) {
      while (i > 0 && prev.size() < 20) {
        const char32_t c = utf8::Prev(text, i);
        if (Contains(kItemEnds, c)) break;
        prev.insert(prev.begin(), c);
      }
    }
    auto like = [](const std::u32string& item, const std::u32string& part) {
      return item.size() >= 2 && (item.substr(0, 2) == part.substr(0, 2) ||
                                  item.substr(item.size() - 2) == part.substr(part.size() - 2));
    };
    for (size_t p = 0; p < f.parts.size(); ++p) {
      if (seen[p]) continue;
      for (const std::string& w : f.parts[p]) {
        const std::u32string part = utf8::ToUtf32(w);
        if (like(next, part) || like(prev, part)) return true;
      }
    }
    return false;
  }

  void Judge(const WordContext& ctx, const Formulation& f, bool reduced,
             const std::vector<Occurrence>& chain, std::vector<Hit>& out) const {
    const size_t n = f.parts.size(), k = chain.size();
    std::vector<bool> seen(n);
    for (const Occurrence& o : chain) {
      if (seen[o.part]) return;  // a part twice: another list, not this formulation
      seen[o.part] = true;
    }
    const size_t begin = chain.front().begin, end = chain.back().end;
    const std::string_view text = ctx.text;
    const bool in_order =
        std::is_sorted(chain.begin(), chain.end(),
                       [](const Occurrence& a, const Occurrence& b) { return a.part < b.part; });
    const bool head = HeadAfter(f, text, end) || HeadBefore(f, text, begin);
    // Quotation marks alone cite the list when they hold it whole, with no marks inside (美化
    // “自由”、“民主” quotes two words), and it is at least half the form.
    const bool quoted = Quoted(text, begin, end);
    const std::string_view inside = text.substr(begin, end - begin);
    const bool cited =
        head || (quoted && 2 * k >= n &&
                 std::none_of(chain.begin() + 1, chain.end(), [&](const Occurrence& o) {
                   const std::string_view gap = inside.substr(0, o.begin - begin);
                   return gap.find("“") != std::string_view::npos ||
                          gap.find("”") != std::string_view::npos;
                 }));
    std::string problem;
    const size_t once = std::count_if(chain.begin(), chain.end(),
                                      [](const Occurrence& o) { return o.with_shared; });
    if (reduced && once > 0) {
      // The slogan's character written once for the whole list (不敢、不能、不想腐): all the
      // parts, the letters beside the last (or first) only, is that slogan cut short wherever
      // it stands.
      if (k != n) return;
      problem = "各部分都应有“" + f.shared + "”";
    } else if (reduced) {
      // Every part less its shared letters, and the letters not written once for all of them
      // after the list (经济、政治、文化、社会、生态文明建设 is the form factored, not cut).
      if (k != n || !cited) return;
      // (or written once before it: 坚持社会主义道路… for the parts less 坚持).
      const std::string_view after = text.substr(end, 8 * 3);
      const std::string_view before =
          text.substr(0, begin).substr(begin > 8 * 3 ? begin - 8 * 3 : 0);
      if ((f.shared_is_suffix ? after : before).find(f.shared) != std::string_view::npos) return;
      problem = "各部分都漏了“" + f.shared + "”";
    } else if (k == n) {
      if (in_order) return;
      problem = "各部分顺序有误";
    } else {
      if (k == 1 && !(head && quoted)) return;
      if (!cited) return;
      if (MissingWrittenOtherwise(f, seen, text, begin, end)) return;
      // A whole group in its order is a formulation of its own (富强、民主、文明、和谐).
      const size_t g = f.group_of[chain.front().part];
      const size_t group_size = std::count(f.group_of.begin(), f.group_of.end(), g);
      if (in_order && k == group_size &&
          std::all_of(chain.begin(), chain.end(),
                      [&](const Occurrence& o) { return f.group_of[o.part] == g; }))
        return;
      problem = "不完整，缺少“";
      bool first = true;
      for (size_t i = 0; i < n; ++i) {
        if (seen[i]) continue;
        problem += (first ? "" : "、") + f.parts[i][0];
        first = false;
      }
      problem += "”";
    }
    std::string message = info().message;
    ReplaceAll(message, "{problem}", problem);
    out.push_back(Hit{ctx.block.index, begin, end, f.written, message, std::nullopt});
  }

  std::vector<Formulation> forms_;
  std::vector<std::string> words_;
  std::vector<std::vector<PartRef>> refs_;
};

std::vector<std::string> Split(std::string_view s, std::string_view sep) {
  std::vector<std::string> out;
  for (size_t b = 0; b <= s.size();) {
    size_t e = s.find(sep, b);
    if (e == std::string_view::npos) e = s.size();
    out.emplace_back(s.substr(b, e - b));
    b = e + sep.size();
  }
  return out;
}

// The letters all wordings of all parts share at their ends (or starts), when each part keeps
// at least two letters without them.
void FindShared(Formulation& f) {
  std::vector<std::u32string> all;
  for (const auto& p : f.parts)
    for (const std::string& w : p) all.push_back(utf8::ToUtf32(w));
  for (bool suffix : {true, false}) {
    size_t len = 0;
    for (;; ++len) {
      bool same = true;
      for (const std::u32string& w : all) {
        if (w.size() < len + 3) same = false;
        if (!same) break;
        const char32_t c = suffix ? w[w.size() - 1 - len] : w[len];
        const char32_t c0 = suffix ? all[0][all[0].size() - 1 - len] : all[0][len];
        if (c != c0) same = false;
      }
      if (!same) break;
    }
    if (len == 0) continue;
    const std::u32string& w0 = all[0];
    f.shared = utf8::FromUtf32(suffix ? w0.substr(w0.size() - len) : w0.substr(0, len));
    f.shared_is_suffix = suffix;
    f.shared_binds = len == 1;
    for (const auto& p : f.parts) {
      std::vector<std::string> r;
      for (const std::string& w : p)
        r.push_back(suffix ? w.substr(0, w.size() - f.shared.size()) : w.substr(f.shared.size()));
      f.reduced.push_back(std::move(r));
    }
    return;
  }
}

// "form<TAB>heads separated by 、, or -<TAB>source". Parts of the form are divided by 、, groups
// by ， (or parts by ； where a part holds a 、); a part's other accepted wordings follow it
// after /.
Result<Formulation> ParseFormulation(const std::string& table, int n, const std::string& line) {
  const std::string where = table + ":" + std::to_string(n) + ": ";
  const std::vector<std::string> cols = Split(line, "\t");
  if (cols.size() != 3 || cols[0].empty() || cols[1].empty() ||
      cols[2].find_first_not_of(' ') == std::string::npos)
    return Status::Error(
        where +
        "应为“表述（各部分以、分隔，各组以，分隔）<Tab>名称（以、分隔，无则写-）<Tab>来源”");
  Formulation f;
  size_t group = 0;
  // Parts that hold a 、 of their own (两个维护: 坚决维护…党中央的核心、全党的核心地位，坚决维护
  // 党中央权威和集中统一领导) are divided by ； in the table, written ， in the text, and make
  // one group: no part of such a form is a formulation of its own.
  const bool semicolons = cols[0].find("；") != std::string::npos;
  const std::string part_sep = semicolons ? "；" : "、";
  // 享乐主义|和|奢靡之风: parts joined by 和 in the written form.
  std::string parts = cols[0];
  ReplaceAll(parts, "|和|", part_sep);
  f.written = cols[0];
  ReplaceAll(f.written, "|", "");
  if (semicolons) ReplaceAll(f.written, "；", "，");
  const std::vector<std::string> groups =
      semicolons ? std::vector<std::string>{parts} : Split(parts, "，");
  for (const std::string& g : groups) {
    for (const std::string& p : Split(g, part_sep)) {
      std::vector<std::string> wordings = Split(p, "/");
      for (const std::string& w : wordings) {
        if (utf8::CountCodePoints(w) < 2 || !utf8::IsValid(w))
          return Status::Error(where + "“" + cols[0] + "”中有不足两个字的部分");
      }
      if (wordings.size() > 1) {  // the written form names the current wording only
        ReplaceAll(f.written, p, wordings[0]);
      }
      f.parts.push_back(std::move(wordings));
      f.group_of.push_back(group);
    }
    ++group;
  }
  if (f.parts.size() < 2) return Status::Error(where + "“" + cols[0] + "”只有一个部分");
  if (cols[1] != "-") f.heads = Split(cols[1], "、");
  FindShared(f);
  return f;
}

}  // namespace

Result<std::unique_ptr<Rule>> MakePartsRule(const YAML::Node& node, RuleInfo info,
                                            const LoadContext& ctx) {
  const YAML::Node table = node["table"];
  if (!table || !table.IsScalar())
    return ctx.Error(node, "formulation_parts 规则需要 table（每行：表述<Tab>名称<Tab>来源）");
  const std::string table_file = table.as<std::string>("");
  auto lines = ctx.ReadList(table_file);
  if (!lines.ok()) return ctx.Error(table, lines.status().message());
  std::vector<Formulation> forms;
  std::vector<std::string> words;
  std::vector<std::vector<PartRef>> refs;
  std::map<std::string, uint32_t> word_index;
  auto add = [&](const std::string& w, PartRef r) {
    auto [it, fresh] = word_index.emplace(w, static_cast<uint32_t>(words.size()));
    if (fresh) {
      words.push_back(w);
      refs.emplace_back();
    }
    refs[it->second].push_back(r);
  };
  for (auto& [n, line] : *lines) {
    auto f = ParseFormulation(table_file, n, line);
    if (!f.ok()) return ctx.Error(table, f.status().message());
    const auto fi = static_cast<uint32_t>(forms.size());
    for (uint32_t p = 0; p < f->parts.size(); ++p) {
      for (const std::string& w : f->parts[p]) add(w, {fi, p, false});
      if (!f->reduced.empty())
        for (const std::string& w : f->reduced[p]) add(w, {fi, p, true});
    }
    forms.push_back(std::move(*f));
  }
  if (forms.empty()) return ctx.Error(table, table_file + " 中没有表述");
  return std::unique_ptr<Rule>(
      new PartsRule(std::move(info), std::move(forms), std::move(words), std::move(refs)));
}

const RuleType& PartsRuleType() {
  static const RuleType* type = new RuleType{MakePartsRule, {"table"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
