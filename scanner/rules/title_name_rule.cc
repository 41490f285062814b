// title_name: a name right after a title (湖南省委书记杜家豪, 美国总统奥马巴) that is one
// character off a listed name: a confusable character (same sound, similar shape) in its
// place, two adjacent characters swapped, or, in names of four characters or more, one
// dropped or an interior one added.
//
// Unlike the national leaders' offices, a title such as 省委书记 is held by dozens of people at
// a time and by thousands over the years, and no list holds them all. So only what is most
// likely a slip is reported: the written name is no listed name, no word or name of its own
// (allow_list), and a near miss of a listed name by confusion data, not by any character. A
// title followed by a name that is a near miss of nothing listed stays quiet.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "common/utf8.h"
#include "scanner/rules/types.h"
#include "scanner/rules/word_list_loading.h"
#include "scanner/rules/word_rule.h"

namespace cuomin::scanner::rules {
namespace {

constexpr size_t kMaxName = 6;  // letters; longer names (transliterations with ·) are not judged

class TitleNameRule : public WordRule {
 public:
  TitleNameRule(RuleInfo info, std::vector<std::string> titles, std::vector<std::u32string> names,
                std::unordered_map<char32_t, std::u32string> confusion,
                std::unordered_set<std::u32string> allow,
                std::unordered_set<std::u32string> common_words, size_t min_length,
                std::unordered_set<std::u32string> famous,
                std::unordered_map<std::string, std::vector<std::u32string>> holders)
      : WordRule(std::move(info)),
        titles_(std::move(titles)),
        allow_(std::move(allow)),
        common_words_(std::move(common_words)),
        famous_(std::move(famous)) {
    for (const std::u32string& n : names) {
      listed_.insert(n);
      if (n.size() < min_length || n.size() > kMaxName) continue;
      const auto index = static_cast<uint32_t>(names_.size());
      if (!index_.emplace(n, index).second) continue;  // listed twice
      names_.push_back(n);
      for (size_t i = 1; i < n.size(); ++i) {
        std::u32string key = n;
        key[i] = U'*';
        given_off_[key].push_back(index);
      }
      // A dropped character leaves a name of three letters or more: 杜毫 is mostly another name.
      if (n.size() >= 4)
        for (size_t i = 1; i + 1 < n.size(); ++i)
          dropped_[n.substr(0, i) + n.substr(i + 1)].push_back(index);
    }
    // What each character may have been written for: the slips are looked up from the text,
    // not listed (3,000 names would make 170,000 slips to load).
    for (const auto& [right, wrongs] : confusion)
      for (char32_t w : wrongs) stands_for_[w].push_back(right);
    holders_.resize(titles_.size());
    for (size_t t = 0; t < titles_.size(); ++t) {
      auto it = holders.find(titles_[t]);
      if (it != holders.end()) holders_[t] = it->second;
    }
  }

  void Words(const std::function<void(std::string_view, uint32_t)>& add) const override {
    for (size_t i = 0; i < titles_.size(); ++i) add(titles_[i], static_cast<uint32_t>(i));
  }

  void OnMatches(const WordContext& ctx, const std::vector<WordMatch>& matches,
                 std::vector<Hit>& out) const override {
    const std::string_view text = ctx.text;
    size_t last_end = 0;
    for (const WordMatch& m : matches) {
      if (m.end <= last_end) continue;  // a shorter title inside one already judged
      // The letters after the title, with their byte ends.
      std::u32string letters;
      std::vector<size_t> ends;
      for (size_t i = m.end; i < text.size() && letters.size() < kMaxName + 1;) {
        const char32_t c = utf8::Next(text, i);
        if (!utf8::IsHan(c)) break;
        letters.push_back(c);
        ends.push_back(i);
      }
      if (letters.size() < 2) continue;
      // A listed name right there names the title's holder correctly; only a longer slip can
      // still be one (陈敏 is listed, and 陈敏耳 a slip of 陈敏尔).
      size_t listed = 0;
      for (size_t n = 2; n <= letters.size(); ++n)
        if (listed_.count(letters.substr(0, n))) listed = n;
      for (size_t n = std::max<size_t>(2, listed + 1); n <= std::min(letters.size(), kMaxName);
           ++n) {
        const std::u32string written = letters.substr(0, n);
        // Its last letter makes a word with the next one: the name ends before it (王强出席).
        if (n < letters.size() && common_words_.count(letters.substr(n - 1, 2))) continue;
        std::optional<uint32_t> found;
        if (famous_.count(written)) {
          found = NamesakeSlip(written);
        } else if (!allow_.count(written)) {
          found = Slip(written);
        }
        const std::u32string* holder = found ? &names_[*found] : HolderSlip(m.entry, written);
        if (holder == nullptr) continue;
        out.push_back(
            Hit{ctx.block.index, m.end, ends[n - 1], utf8::FromUtf32(*holder), "", std::nullopt});
        last_end = ends[n - 1];
        break;
      }
      last_end = std::max(last_end, m.end);
    }
  }

 private:
  // A title held by one person at a time whose every holder the list names (`complete_titles`:
  // 常驻联合国代表): a name of three letters or more after it, no listed name, that differs
  // from exactly one holder in one letter of the given name, whatever the letter, is that
  // holder's name (王兴亚: 王光亚; 兴 is neither 光's sound nor its shape).
  const std::u32string* HolderSlip(uint32_t title, const std::u32string& written) const {
    if (written.size() < 3 || listed_.count(written)) return nullptr;
    const std::u32string* found = nullptr;
    for (const std::u32string& h : holders_[title]) {
      if (h.size() != written.size() || h[0] != written[0]) continue;
      size_t diff = 0;
      for (size_t i = 1; i < h.size(); ++i) diff += h[i] != written[i] ? 1 : 0;
      if (diff != 1) continue;
      if (found != nullptr) return nullptr;
      found = &h;
    }
    return found;
  }

  // A famous person's name after a title he never held (省委常委李连杰: a film star) where one
  // listed official's name differs from it in one letter of the given name, whatever the letter
  // (李英杰): the famous name came to the writer's hand for the official's. Nothing where no
  // official or several are that close, or for names of two letters, most of which are one
  // letter off somebody.
  std::optional<uint32_t> NamesakeSlip(const std::u32string& written) const {
    if (written.size() < 3) return std::nullopt;
    std::unordered_set<uint32_t> found;
    for (size_t i = 1; i < written.size(); ++i) {
      std::u32string key = written;
      key[i] = U'*';
      if (auto it = given_off_.find(key); it != given_off_.end())
        found.insert(it->second.begin(), it->second.end());
    }
    if (found.size() != 1) return std::nullopt;
    return *found.begin();
  }

  // The one listed name `written` is a slip of (a replaced, swapped or dropped letter), or of
  // which it is the name with an interior letter added; nothing when none or several.
  std::optional<uint32_t> Slip(const std::u32string& written) const {
    std::unordered_set<uint32_t> found;
    auto look_up = [&](const std::u32string& v) {
      if (auto it = index_.find(v); it != index_.end()) found.insert(it->second);
    };
    for (size_t i = 0; i < written.size(); ++i) {
      auto it = stands_for_.find(written[i]);
      if (it == stands_for_.end()) continue;
      std::u32string v = written;
      for (char32_t right : it->second) {
        v[i] = right;
        look_up(v);
      }
    }
    for (size_t i = 0; i + 1 < written.size(); ++i) {
      std::u32string v = written;
      std::swap(v[i], v[i + 1]);
      if (v != written) look_up(v);
    }
    if (auto it = dropped_.find(written); it != dropped_.end())
      found.insert(it->second.begin(), it->second.end());
    if (written.size() >= 4)
      for (size_t i = 1; i + 1 < written.size(); ++i)
        look_up(written.substr(0, i) + written.substr(i + 1));
    if (found.size() != 1) return std::nullopt;
    return *found.begin();
  }

  std::vector<std::string> titles_;
  std::vector<std::u32string> names_;  // the names judged (min_length to kMaxName letters)
  std::unordered_map<std::u32string, uint32_t> index_;  // into names_
  std::unordered_set<std::u32string> listed_;
  std::unordered_map<std::u32string, std::vector<uint32_t>> dropped_;  // a letter less
  std::unordered_map<char32_t, std::u32string> stands_for_;            // confusion, reversed
  std::unordered_set<std::u32string> allow_;
  std::unordered_set<std::u32string> common_words_;
  // `famous_names` less `not_namesakes`, and the listed names by their given name with one
  // letter masked (see NamesakeSlip).
  std::unordered_set<std::u32string> famous_;
  std::unordered_map<std::u32string, std::vector<uint32_t>> given_off_;
  std::vector<std::vector<std::u32string>> holders_;  // per title: see HolderSlip
};

// The first column of each line of a list file under `key`, as letters.
Result<std::unordered_set<std::u32string>> ReadLetterSet(const YAML::Node& node, const char* key,
                                                         const LoadContext& ctx) {
  std::unordered_set<std::u32string> out;
  auto files = ReadStrings(node, key, ctx);
  if (!files.ok()) return files.status();
  for (const std::string& file : *files) {
    auto lines = ctx.ReadList(file);
    if (!lines.ok()) return ctx.Error(node[key], lines.status().message());
    for (auto& [n, line] : *lines) out.insert(utf8::ToUtf32(line.substr(0, line.find('\t'))));
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<Rule>> MakeTitleNameRule(const YAML::Node& node, RuleInfo info,
                                                const LoadContext& ctx) {
  auto titles = ReadStrings(node, "titles", ctx);
  if (!titles.ok()) return titles.status();
  std::vector<std::string> all_titles = *titles;
  auto title_files = ReadStrings(node, "title_list", ctx);
  if (!title_files.ok()) return title_files.status();
  for (const std::string& file : *title_files) {
    auto lines = ctx.ReadList(file);
    if (!lines.ok()) return ctx.Error(node["title_list"], lines.status().message());
    for (auto& [n, line] : *lines) all_titles.push_back(line.substr(0, line.find('\t')));
  }
  if (all_titles.empty())
    return ctx.Error(node, "title_name 规则需要 titles 或 title_list（姓名前的职务）");
  auto names = ReadWords(node, ctx);
  if (!names.ok()) return names.status();
  if (names->empty()) return ctx.Error(node, "title_name 规则需要 wordlist（姓名表）");
  std::vector<std::u32string> name_letters;
  for (const std::string& n : *names) name_letters.push_back(utf8::ToUtf32(n));

  auto confusion = ReadConfusionLists(node, "confusion", ctx);
  if (!confusion.ok()) return confusion.status();
  auto allow = ReadLetterSet(node, "allow_list", ctx);
  if (!allow.ok()) return allow.status();
  auto common = ReadLetterSet(node, "common_words", ctx);
  if (!common.ok()) return common.status();
  // `famous_names`: well-known people (one a line), whose names after a title are checked
  // against the officials by NamesakeSlip; `not_namesakes`: people who did hold offices
  // (leaders-history.txt: 李干杰 was 山东省委书记), whose name after a title is no namesake's.
  auto famous = ReadLetterSet(node, "famous_names", ctx);
  if (!famous.ok()) return famous.status();
  auto not_namesakes = ReadLetterSet(node, "not_namesakes", ctx);
  if (!not_namesakes.ok()) return not_namesakes.status();
  for (const std::u32string& n : name_letters) famous->erase(n);
  for (const std::u32string& n : *not_namesakes) famous->erase(n);
  // `title_holders` (name<TAB>office、office（years）…<TAB>source) and `complete_titles`
  // (titles whose holders that list names in full; "title=office" where the list words the
  // office otherwise: 外交部部长=外交部长): see TitleNameRule::HolderSlip.
  std::unordered_map<std::string, std::vector<std::u32string>> holders;
  if (const YAML::Node complete = node["complete_titles"]) {
    if (!complete.IsSequence() || !node["title_holders"])
      return ctx.Error(complete,
                       "complete_titles 应为职务列表，并需要 title_holders（姓名<TAB>职务）");
    std::unordered_map<std::string, std::string> office_of;  // title -> office as listed
    for (const YAML::Node& t : complete) {
      const std::string entry = t.as<std::string>("");
      const size_t eq = entry.find('=');
      office_of[entry.substr(0, eq)] = eq == std::string::npos ? entry : entry.substr(eq + 1);
    }
    auto lines = ctx.ReadList(node["title_holders"].as<std::string>(""));
    if (!lines.ok()) return ctx.Error(node["title_holders"], lines.status().message());
    for (auto& [n, line] : *lines) {
      const size_t tab = line.find('\t');
      if (tab == std::string::npos) continue;
      const std::u32string name = utf8::ToUtf32(line.substr(0, tab));
      std::string offices = line.substr(tab + 1);
      offices = offices.substr(0, offices.find('\t'));
      for (size_t from = 0; from <= offices.size();) {
        size_t to = offices.find("、", from);
        if (to == std::string::npos) to = offices.size();
        std::string office = offices.substr(from, to - from);
        from = to + std::string_view("、").size();
        office = office.substr(0, office.find("（"));
        office = office.substr(0, office.find('('));
        while (!office.empty() && office.back() == ' ') office.pop_back();
        for (const auto& [title, listed_as] : office_of)
          if (listed_as == office) holders[title].push_back(name);
      }
    }
  }
  size_t min_length = 3;
  if (const YAML::Node v = node["min_length"]) {
    min_length = v.as<size_t>(0);
    if (min_length < 2) return ctx.Error(v, "min_length 应为不小于 2 的整数");
  }
  return std::unique_ptr<Rule>(new TitleNameRule(
      std::move(info), std::move(all_titles), std::move(name_letters), std::move(*confusion),
      std::move(*allow), std::move(*common), min_length, std::move(*famous), std::move(holders)));
}

const RuleType& TitleNameRuleType() {
  static const RuleType* type = new RuleType{
      MakeTitleNameRule,
      {"titles", "title_list", "words", "wordlist", "confusion", "allow_list", "common_words",
       "min_length", "famous_names", "not_namesakes", "title_holders", "complete_titles"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
