// The engine end to end below the command line: rule files in, findings out.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "common/utf8.h"
#include "scanner/match/text_fold.h"
#include "scanner/match/word_matcher.h"
#include "scanner/reader.h"
#include "scanner/rule_set.h"

namespace cuomin::scanner {
namespace {
namespace fs = std::filesystem;

// A temporary rule directory, removed at the end of the test.
class RuleDir {
 public:
  RuleDir() {
    path_ = fs::temp_directory_path() /
            ("cuomin-engine-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~RuleDir() { fs::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& content) {
    fs::path p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

Document TextDocument(const std::string& text) {
  Document d;
  d.source = "draft.txt";
  d.original = text;
  d.format = "text";
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string::npos ? text.size() : nl;
    if (end > start) {
      Block b;
      b.text = text.substr(start, end - start);
      b.map.Add(0, start);
      d.blocks.push_back(std::move(b));
    }
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return d;
}

std::unique_ptr<RuleSet> MustLoad(RuleSetOptions opt) {
  auto rs = RuleSet::Load(opt);
  EXPECT_TRUE(rs.ok()) << rs.status().message();
  return rs.ok() ? std::move(*rs) : nullptr;
}

const char kTypoRule[] = R"(id: typo-test
type: substitution
category: typo
severity: major
message: 疑似错别字：“{text}”应为“{suggestion}”
swap: {一愁莫展: 一筹莫展, 按装: 安装}
exceptions: [按装置]
examples:
  fire: [面对困难一愁莫展]
  pass: [面对困难一筹莫展]
)";

TEST(WordMatcher, FindsOverlappingWordsWithPayloads) {
  WordMatcher m;
  m.Add("人民", 1);
  m.Add("中华人民共和国", 2);
  m.Add("共和", 3);
  m.Add("国", 4);  // a one-character word
  m.Build();
  std::vector<std::tuple<size_t, size_t, uint32_t>> got;
  std::string text = "中华人民共和国成立";
  m.Scan(text, [&](size_t b, size_t e, uint32_t p) { got.emplace_back(b, e, p); });
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], std::make_tuple(size_t{0}, size_t{21}, 2u));   // the whole name
  EXPECT_EQ(got[1], std::make_tuple(size_t{6}, size_t{12}, 1u));   // 人民
  EXPECT_EQ(got[2], std::make_tuple(size_t{12}, size_t{18}, 3u));  // 共和
  EXPECT_EQ(got[3], std::make_tuple(size_t{18}, size_t{21}, 4u));  // 国
}

TEST(WordMatcher, MatchesAtTextEndAndSurvivesBrokenUtf8) {
  WordMatcher m;
  m.Add("赌博", 1);
  m.Add("ab", 2);
  m.Build();
  std::vector<std::pair<size_t, size_t>> got;
  std::string text =
      "\xFF\xE8\xB5"
      "ab"
      "\xE8\xB5\x8C\xE5\x8D\x9A";
  m.Scan(text, [&](size_t b, size_t e, uint32_t) { got.emplace_back(b, e); });
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], std::make_pair(size_t{3}, size_t{5}));
  EXPECT_EQ(got[1], std::make_pair(size_t{5}, size_t{11}));
}

TEST(TextFold, FoldsEvasionsAndMapsBack) {
  std::string src = "网上賭 * 博，ＶＩＰ";
  FoldedText f;
  Fold(src, f);
  EXPECT_EQ(f.text, "网上赌博，vip");
  size_t b, e;
  f.ToSource(src, f.text.find("赌博"), f.text.find("赌博") + 6, &b, &e);
  EXPECT_EQ(src.substr(b, e - b), "賭 * 博");
}

TEST(Engine, SubstitutionReportsPositionSuggestionAndContext) {
  RuleDir dir;
  dir.Write("typo-test.yml", kTypoRule);
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  auto doc = TextDocument(
      "关于做好2024年安全生产工作的通知\n各单位遇到困难不能一愁莫展。请按装监控设备。");
  auto f = rs->Check(doc);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].text, "一愁莫展");
  EXPECT_EQ(f[0].suggestion, "一筹莫展");
  EXPECT_EQ(f[0].message, "疑似错别字：“一愁莫展”应为“一筹莫展”");
  EXPECT_EQ(f[0].line, 2u);
  EXPECT_EQ(f[0].column, 10u);
  EXPECT_EQ(f[0].end_column, 13u);
  EXPECT_EQ(doc.original.substr(f[0].offset, f[0].length), "一愁莫展");
  EXPECT_EQ(f[0].context, "各单位遇到困难不能一愁莫展。");
  EXPECT_EQ(f[1].text, "按装");
  EXPECT_EQ(f[1].context, "请按装监控设备。");
}

TEST(Engine, HtmlFindingsPointAtTheSourceEvenNextToTags) {
  RuleDir dir;
  dir.Write("typo-test.yml", kTypoRule);
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  std::string html =
      "<html><body><p>请及时<b>按装</b><a "
      "href=\"/x\">监控设备</a>，不得一愁&#33707;展。</p></body></html>";
  auto doc = ReadDocument("notice.html", html);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  auto f = rs->Check(*doc);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].text, "按装");
  EXPECT_EQ(doc->original.substr(f[0].offset, f[0].length), "按装");
  EXPECT_EQ(f[1].text, "一愁莫展");
  EXPECT_EQ(doc->original.substr(f[1].offset, f[1].length), "一愁&#33707;展");
  EXPECT_EQ(f[0].line, 1u);
  EXPECT_EQ(f[0].column, 22u);  // counted in code points of the page source
}

// A word with several right forms keeps them "|"-separated in the suggestion field (JSON, the
// printers' arrow); the sentence for the editor quotes each one as the message quotes one.
TEST(Engine, SeveralRightFormsAreQuotedOneByOneInTheMessage) {
  RuleDir dir;
  dir.Write("capital-test.yml", R"(id: capital-test
type: substitution
category: expression
severity: major
message: "外国首都有误：“{text}”应为“{suggestion}”"
swap: {南非首都约翰内斯堡: 南非首都比勒陀利亚|南非首都开普敦}
)");
  dir.Write("law-test.yml", R"(id: law-test
type: substitution
category: expression
severity: major
message: "法律名称有误：《{text}》应为《{suggestion}》"
swap: {劳动合同发: 劳动合同法|劳动法}
)");
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  auto f = rs->Check(TextDocument("比赛在南非首都约翰内斯堡举行。依据《劳动合同发》。"));
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].suggestion, "南非首都比勒陀利亚|南非首都开普敦");
  EXPECT_EQ(f[0].message,
            "外国首都有误：“南非首都约翰内斯堡”应为“南非首都比勒陀利亚”或“南非首都开普敦”");
  EXPECT_EQ(f[1].message, "法律名称有误：《劳动合同发》应为《劳动合同法》或《劳动法》");
}

TEST(Engine, ExceptionsContainingTheWrongFormAreNotFindings) {
  RuleDir dir;
  dir.Write("typo-test.yml", kTypoRule);
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  EXPECT_TRUE(rs->Check(TextDocument("请检查按装置的固定螺栓。")).empty());
}

// An occurrence that is not reported (inside an exception) hides no overlapping occurrence of
// another word of the list: before, the leftmost of the two was kept and then dropped.
TEST(Engine, AnExceptedOccurrenceHidesNoOverlappingWordOfTheList) {
  RuleDir dir;
  dir.Write("typo-overlap.yml", R"(id: typo-overlap
type: substitution
category: typo
severity: major
message: “{text}”应为“{suggestion}”
swap: {卫生体质: 卫生体制, 体质改革: 体制改革}
exceptions: [学生卫生体质]
)");
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  auto f = rs->Check(TextDocument("稳步推进学生卫生体质改革试点。"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].text, "体质改革");
  EXPECT_EQ(f[0].suggestion, "体制改革");
  f = rs->Check(TextDocument("深化医药卫生体质改革。"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].text, "卫生体质");
  EXPECT_TRUE(rs->Check(TextDocument("开展学生卫生体质监测。")).empty());
}

TEST(Engine, FoldedExistenceMatchesVariantsAndContextDowngrades) {
  RuleDir dir;
  dir.Write("gambling.yml", R"(id: gambling
type: existence
category: sensitive
severity: critical
message: 涉赌敏感词“{text}”
match: folded
words: [网络赌博, 赌博网站]
context:
  - near: '打击|整治|取缔|严禁|查处'
    side: sentence
    present: info
)");
  dir.Write("allow-test.yml", R"(id: allow-test
type: allow
category: sensitive
severity: info
categories: [sensitive]
words: [赌博网站举报中心]
)");
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  auto f = rs->Check(TextDocument("欢迎访问賭 博網站，注册即送彩金。"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].text, "賭 博網站");
  EXPECT_EQ(f[0].severity, Severity::kCritical);

  f = rs->Check(TextDocument("公安机关严厉打击网络赌博违法犯罪活动。"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kInfo);

  EXPECT_TRUE(rs->Check(TextDocument("请拨打赌博网站举报中心电话。")).empty());
}

TEST(Engine, AllowFileSuppressesTermsGloballyAndPerRule) {
  RuleDir dir;
  dir.Write("typo-test.yml", kTypoRule);
  std::string allow = dir.Write("allow.txt", "# 本单位专用词\n一愁莫展杯\ntypo-test: 按装工\n");
  auto rs = MustLoad({{dir.path()}, {allow}, {}, {}});
  ASSERT_TRUE(rs);
  EXPECT_TRUE(rs->Check(TextDocument("第三届一愁莫展杯征文比赛。按装工培训。")).empty());
  EXPECT_EQ(rs->Check(TextDocument("一愁莫展。")).size(), 1u);
}

TEST(Engine, PatternWithNamedGroupRewriteAndGrouping) {
  RuleDir dir;
  dir.Write("doc-number-brackets.yml", R"(id: doc-number-brackets
type: pattern
category: format
severity: major
message: 发文字号年份应使用六角括号〔〕
pattern: '(?P<match>(国办函|国发)\[(\d{4})\](\d+号))'
suggest: '\2〔\3〕\4'
)");
  dir.Write("halfwidth-comma.yml", R"(id: halfwidth-comma
type: pattern
category: punctuation
severity: minor
message: 中文之间使用了半角逗号
pattern: '\p{Han}(?P<match>,)\p{Han}'
suggest: '，'
group: document
)");
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  auto f = rs->Check(TextDocument("根据国办函[2019]80号文件精神,现通知如下,请遵照执行,抓好落实。"));
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].rule, "doc-number-brackets");
  EXPECT_EQ(f[0].text, "国办函[2019]80号");
  EXPECT_EQ(f[0].suggestion, "国办函〔2019〕80号");
  EXPECT_EQ(f[1].rule, "halfwidth-comma");
  EXPECT_EQ(f[1].text, ",");
  EXPECT_NE(f[1].message.find("全文共 3 处"), std::string::npos) << f[1].message;
}

// A word class kept in a list file stands for {list:name}: every word of it, the longer first.
TEST(Engine, PatternListsExpandToTheWordsOfTheirFile) {
  RuleDir dir;
  dir.Write("adverbs.txt", "# reduplicated adverbs\n糊里糊涂\n认认真真\t z\n糊里\n");
  dir.Write("de-di.yml", R"(id: de-di
type: pattern
category: typo
severity: minor
message: 应用“地”
pattern: '{list:adv}(?P<match>的)把'
lists:
  adv: adverbs.txt
suggest: '地'
)");
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  auto f = rs->Check(TextDocument("他糊里糊涂的把稿子寄了出去，又认认真真的把它找了回来。"));
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].text, "的");
  EXPECT_EQ(f[0].suggestion, "地");
  EXPECT_EQ(f[1].text, "的");
  EXPECT_TRUE(rs->Check(TextDocument("他糊里糊涂地把稿子寄了出去。")).empty());
  EXPECT_TRUE(rs->Check(TextDocument("一个认真的把关人。")).empty());
}

TEST(Engine, PatternListErrorsNameTheList) {
  struct Case {
    const char* lists;
    const char* expect;
  } cases[] = {
      {"lists:\n  adv: missing.txt\n", "missing.txt"},
      {"lists:\n  other: adverbs.txt\n", "pattern 中没有用到 {list:other}"},
      {"lists:\n  adv: empty.txt\n", "词表为空"},
      {"lists: [adverbs.txt]\n", "lists 应为"},
  };
  for (const Case& c : cases) {
    RuleDir dir;
    dir.Write("adverbs.txt", "认认真真\n");
    dir.Write("empty.txt", "# nothing\n");
    std::string yml = std::string(
                          "id: x\ntype: pattern\ncategory: typo\nseverity: minor\nmessage: 坏\n"
                          "pattern: '{list:adv}的把'\n") +
                      c.lists;
    dir.Write("x.yml", yml);
    auto rs = RuleSet::Load({{dir.path()}, {}, {}, {}});
    ASSERT_FALSE(rs.ok()) << c.lists;
    EXPECT_NE(rs.status().message().find(c.expect), std::string::npos) << rs.status().message();
  }
}

TEST(Engine, CanonicalNearMissesAreFoundWithoutListingThem) {
  RuleDir dir;
  dir.Write("canonical.txt",
            "中华人民共和国\n社会主义核心价值观\n全国人民代表大会常务委员会\n中国特色社会主义\n");
  dir.Write("confusion.txt", "国\t过果\n心\t新\n常\t长\n色\t设\n");
  dir.Write("canonical.yml", R"(id: canonical
type: canonical
category: expression
severity: critical
message: 严重表述错误：“{text}”应为“{suggestion}”
wordlist: canonical.txt
confusion: confusion.txt
)");
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  struct Case {
    const char* text;
    const char* wrong;
    const char* right;
  } cases[] = {
      {"中华人民共和过成立七十五周年。", "中华人民共和过", "中华人民共和国"},
      {"培育和践行社会主义核新价值观。", "社会主义核新价值观", "社会主义核心价值观"},
      {"全国人民代表大会长务委员会第十次会议。", "全国人民代表大会长务委员会",
       "全国人民代表大会常务委员会"},
      {"坚持和发展中国特设社会主义。", "中国特设社会主义", "中国特色社会主义"},
      {"践行社会主义核价值观。", "社会主义核价值观", "社会主义核心价值观"},        // omission
      {"坚持中国特色社会主主义道路。", "中国特色社会主主义", "中国特色社会主义"},  // insertion
  };
  for (const Case& c : cases) {
    auto f = rs->Check(TextDocument(c.text));
    ASSERT_EQ(f.size(), 1u) << c.text;
    EXPECT_EQ(f[0].text, c.wrong) << c.text;
    EXPECT_EQ(f[0].suggestion, c.right) << c.text;
  }
  EXPECT_TRUE(
      rs->Check(TextDocument(
                    "中华人民共和国全国人民代表大会常务委员会公告。坚持中国特色社会主义道路。"))
          .empty());
}

// Insertions are found through two anchors per form, the form's first and last halves: a
// character inserted before any position of the form is found, including where they meet.
TEST(Engine, CanonicalInsertionIsFoundAtEveryPosition) {
  RuleDir dir;
  dir.Write("canonical.txt", "社会主义核心价值观\n中华人民共和国\n");
  dir.Write("canonical.yml", R"(id: canonical
type: canonical
category: expression
severity: critical
message: 严重表述错误：“{text}”应为“{suggestion}”
wordlist: canonical.txt
insert_exclude: 的
)");
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  for (const std::u32string form : {U"社会主义核心价值观", U"中华人民共和国"}) {
    std::string right;
    for (char32_t c : form) utf8::Append(right, c);
    for (size_t k = 1; k < form.size(); ++k) {
      std::string wrong;
      for (size_t i = 0; i < form.size(); ++i) {
        if (i == k) utf8::Append(wrong, U'新');
        utf8::Append(wrong, form[i]);
      }
      auto f = rs->Check(TextDocument("要培育和践行" + wrong + "，凝聚共识。"));
      ASSERT_EQ(f.size(), 1u) << wrong;
      EXPECT_EQ(f[0].text, wrong);
      EXPECT_EQ(f[0].suggestion, right);
    }
    EXPECT_TRUE(rs->Check(TextDocument("要培育和践行" + right + "，凝聚共识。")).empty());
  }
  // A function character inserted is ordinary wording (insert_exclude).
  EXPECT_TRUE(rs->Check(TextDocument("社会主义的核心价值观。")).empty());
}

TEST(Engine, ACanonicalFormIsNeverANearMissOfAnother) {
  RuleDir dir;
  dir.Write("canonical.txt",
            "十届三中全会\n十一届三中全会\n全国人民代表大会\n全国人民代表大会常务委员会\n");
  dir.Write("canonical.yml", R"(id: canonical
type: canonical
category: expression
severity: critical
message: 严重表述错误
wordlist: canonical.txt
min_length_insertion: 5
insert_exclude: 的
)");
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  EXPECT_TRUE(rs->Check(TextDocument("党的十一届三中全会开启了改革开放。")).empty());
  auto f = rs->Check(TextDocument("全国人民代表大会常委员会审议。"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].suggestion, "全国人民代表大会常务委员会");
}

TEST(Engine, PersonWithAnotherLeadersTitle) {
  RuleDir dir;
  dir.Write(
      "leaders.txt",
      "习近平\t中共中央总书记|国家主席|中央军委主席\n李强\t国务院总理\n丁薛祥\t国务院副总理\n");
  dir.Write("leader-title.yml", R"(id: leader-title
type: person_title
category: expression
severity: critical
message: 领导人职务有误
wordlist: leaders.txt
)");
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  EXPECT_TRUE(
      rs->Check(TextDocument("国务院总理李强主持召开国务院常务会议。习近平总书记强调。")).empty());
  // Local officials who share a leader's name keep their own titles.
  EXPECT_TRUE(
      rs->Check(TextDocument("县委书记李强主持召开县委常委会会议。李强主席一行调研。")).empty());
  EXPECT_EQ(rs->Check(TextDocument("李强副总理出席开幕式。")).size(), 1u);
  // An office named as held before is historical wording, correct whatever the list says.
  for (const char* past :
       {"时任国务院副总理李强出席会议。", "原国务院副总理李强出席会议。",
        "前国务院副总理李强出席会议。", "2013年，时任中共中央总书记、国务院副总理李强出席会议。",
        "他曾任国务院副总理李强的秘书。"}) {
    EXPECT_TRUE(rs->Check(TextDocument(past)).empty()) << past;
  }
  // 任 in another clause, or a 原 that is no part of the title's chain, says nothing.
  EXPECT_EQ(rs->Check(TextDocument("时任县长，国务院副总理李强出席会议。")).size(), 1u);
  auto f = rs->Check(TextDocument("国务院副总理李强出席会议。"));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].text, "国务院副总理李强");
  EXPECT_NE(f[0].message.find("国务院总理"), std::string::npos);
}

// A place one character off after the place it belongs to; names official anywhere, words
// before a name and a level word made another of its class are no slips.
TEST(Engine, PlaceNearMissAfterItsParent) {
  RuleDir dir;
  dir.Write("children.txt",
            "云阳县\t蔈草镇|双江街道|龙角镇|云阳镇\n奉节县\t草堂镇|双潭乡\n"
            "黑龙江省\t齐齐哈尔市|哈尔滨市\n");
  dir.Write("place.yml", R"(id: place
type: place_near_miss
category: expression
severity: major
message: 地名有误
wordlist: children.txt
)");
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  struct Row {
    const char* text;
    const char* wrong;
    const char* right;
  } rows[] = {
      {"云阳县票草乡召开脱贫攻坚推进会。", "票草乡", "蔈草镇"},  // 乡 since made a 镇
      {"云阳县龙脚镇", "龙脚镇", "龙角镇"},
      {"黑龙江省齐齐哈市人民政府", "齐齐哈市", "齐齐哈尔市"},  // a character dropped
      {"云阳县江双街道办事处", "江双街道", "双江街道"},        // two swapped
  };
  for (const Row& r : rows) {
    auto f = rs->Check(TextDocument(r.text));
    ASSERT_EQ(f.size(), 1u) << r.text;
    EXPECT_EQ(f[0].text, r.wrong) << r.text;
    EXPECT_EQ(f[0].suggestion, r.right) << r.text;
  }
  for (const char* ok : {
           "云阳县蔈草镇召开脱贫攻坚推进会。",
           "云阳县双潭乡",        // official, if in another county: the text may mean it
           "云阳县原龙角镇",      // a word before the name
           "云阳县双江镇",        // the name right, the level word of another time
           "云阳县城乡居民收入",  // no name of two characters before the level word
           "云阳县草堂镇和奉节县草堂镇",
       }) {
    EXPECT_TRUE(rs->Check(TextDocument(ok)).empty()) << ok;
  }
}

// Without a parent place, a township's misspelt form is found by its level word; the official
// name may end with another level word of the township class (乡 made a 镇), never with none.
TEST(Engine, PlaceAloneTownshipWithItsOldLevelWord) {
  RuleDir dir;
  dir.Write("alone.txt", "票草乡\t蔈草镇\n良诸街道\t良渚街道\n云杨县\t云阳县\n");
  dir.Write("alone.yml", R"(id: alone
type: place_alone
category: expression
severity: major
message: 地名有误
wordlist: alone.txt
)");
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  auto f = rs->Check(TextDocument("票草乡召开推进会，良诸街道、云杨县参加。"));
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].text, "票草乡");
  EXPECT_EQ(f[0].suggestion, "蔈草镇");
  EXPECT_EQ(f[1].text, "良诸街道");
  EXPECT_EQ(f[1].suggestion, "良渚街道");
  EXPECT_EQ(f[2].text, "云杨县");
  EXPECT_TRUE(rs->Check(TextDocument("推进城乡融合，蔈草镇、良渚街道参加。")).empty());

  RuleDir bad;
  bad.Write("alone.txt", "票草乡\t蔈草\n");
  bad.Write("alone.yml", R"(id: alone
type: place_alone
category: expression
severity: major
message: 地名有误
wordlist: alone.txt
)");
  auto refused = RuleSet::Load({{bad.path()}, {}, {}, {}});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("alone.txt:1"), std::string::npos)
      << refused.status().message();
}

TEST(Engine, AYieldingRuleGivesWayToAnotherOfItsCategory) {
  RuleDir dir;
  dir.Write("typo-test.yml", kTypoRule);
  dir.Write("guess.yml", R"(id: guess
type: existence
category: typo
severity: minor
message: 疑似错字
yields: true
words: [愁, 按]
)");
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  auto f = rs->Check(TextDocument("不能一愁莫展。愁绪满怀。"));
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].rule, "typo-test");
  EXPECT_EQ(f[1].rule, "guess");
  EXPECT_EQ(f[1].column, 8u);
}

// Across categories a guess gives way only to a finding at least as severe: the leader-name
// finding on 国务院总理李朋 says all the guess 朋→鹏 would, while a minor note of another
// category on the same text does not stand in for a major typo.
TEST(Engine, AYieldingRuleGivesWayAcrossCategoriesOnlyToAsSevereAFinding) {
  RuleDir dir;
  dir.Write("leader.yml", R"(id: leader
type: existence
category: expression
severity: critical
message: 领导人姓名有误
words: [总理李朋]
)");
  dir.Write("note.yml", R"(id: note
type: existence
category: punctuation
severity: minor
message: 提示
words: [王朋]
)");
  dir.Write("guess.yml", R"(id: guess
type: existence
category: typo
severity: major
message: 疑似错字
yields: true
words: [朋]
)");
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  auto f = rs->Check(TextDocument("国务院总理李朋主持。王朋说。"));
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].rule, "leader");
  EXPECT_EQ(f[1].rule, "note");
  EXPECT_EQ(f[2].rule, "guess");
  EXPECT_EQ(f[2].text, "朋");
  EXPECT_EQ(f[2].column, 12u);
}

// `yields: [ids]`: of a family of rules that report the same problem, the more specific one
// reports it once; a finding the named rule does not overlap stays, and so does one whose
// named rule was itself given way (a chain). Rules that yield to each other are refused.
TEST(Engine, ARuleYieldsToTheRulesItNames) {
  RuleDir dir;
  auto rule = [](const std::string& id, const std::string& words, const std::string& yields) {
    return "id: " + id + "\ntype: existence\ncategory: expression\nseverity: critical\n" +
           "message: 有误\nwords: [" + words + "]\n" +
           (yields.empty() ? "" : "yields: " + yields + "\n");
  };
  dir.Write("wide.yml", rule("wide", "总理李克", ""));
  dir.Write("narrow.yml", rule("narrow", "李克", "[wide]"));
  dir.Write("other.yml", rule("other", "李克", ""));
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  auto where = [](const std::vector<Finding>& found) {
    std::set<std::string> out;
    for (const Finding& f : found) out.insert(f.rule + "@" + std::to_string(f.column));
    return out;
  };
  // `narrow` at column 3 gives way to `wide`; at column 8 nothing of `wide` overlaps it. `other`
  // names no rule and reports both.
  EXPECT_EQ(where(rs->Check(TextDocument("总理李克出席。李克说。"))),
            (std::set<std::string>{"wide@1", "other@3", "narrow@8", "other@8"}));

  // A chain: `wide` gives way to `widest`, so `narrow`, which yields only to `wide`, reports.
  RuleDir chain;
  chain.Write("widest.yml", rule("widest", "总理李", ""));
  chain.Write("wide.yml", rule("wide", "总理李克", "[widest]"));
  chain.Write("narrow.yml", rule("narrow", "李克出", "[wide]"));
  auto rc = MustLoad({{chain.path()}, {}, {}, {}});
  ASSERT_TRUE(rc);
  EXPECT_EQ(where(rc->Check(TextDocument("总理李克出席。"))),
            (std::set<std::string>{"widest@1", "narrow@3"}));

  RuleDir circle;
  circle.Write("a.yml", rule("a", "李克", "[b]"));
  circle.Write("b.yml", rule("b", "李克", "[a]"));
  auto bad = RuleSet::Load({{circle.path()}, {}, {}, {}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("yields 构成循环"), std::string::npos)
      << bad.status().message();
  // A named rule that is not loaded (disabled here) leaves the rule reporting.
  auto disabled = MustLoad({{dir.path()}, {}, {"wide"}, {}});
  ASSERT_TRUE(disabled);
  EXPECT_EQ(where(disabled->Check(TextDocument("总理李克出席。"))),
            (std::set<std::string>{"narrow@3", "other@3"}));
}

TEST(Engine, DisableByIdAndByCategory) {
  RuleDir dir;
  dir.Write("typo-test.yml", kTypoRule);
  auto by_id = MustLoad({{dir.path()}, {}, {"typo-test"}, {}});
  ASSERT_TRUE(by_id);
  EXPECT_EQ(by_id->rule_count(), 0u);
  auto by_cat = MustLoad({{dir.path()}, {}, {"typo"}, {}});
  ASSERT_TRUE(by_cat);
  EXPECT_EQ(by_cat->rule_count(), 0u);
  auto unknown = RuleSet::Load({{dir.path()}, {}, {"no-such-rule"}, {}});
  EXPECT_FALSE(unknown.ok());
}

TEST(Engine, BrokenRuleFilesNameFileAndLine) {
  struct Case {
    const char* content;
    const char* expect;
  } cases[] = {
      {"id: x\ntype: pattern\ncategory: format\nseverity: major\nmessage: 坏\npattern: "
       "'(unclosed'\n",
       ":6: 正则表达式有误"},
      {"id: x\ntype: nonsense\ncategory: format\nseverity: major\nmessage: 坏\n",
       ":2: 未知的规则类型"},
      {"id: x\ntype: existence\ncategory: format\nseverity: fatal\nmessage: 坏\nwords: [a]\n",
       ":4: 未知的严重程度"},
      {"id: x\ntype: existence\ncategory: format\nseverity: major\nmessage: [坏\n",
       ": YAML 语法错误"},
      {"id: x\ntype: existence\ncategory: format\nseverity: major\nmessage: 坏\nwordz: [a]\n",
       ":6: 未知字段 'wordz'"},
      {"type: existence\ncategory: format\nseverity: major\nmessage: 坏\nwords: [a]\n",
       "缺少必填字段 id"},
  };
  for (const Case& c : cases) {
    RuleDir dir;
    std::string path = dir.Write("x.yml", c.content);
    auto rs = RuleSet::Load({{dir.path()}, {}, {}, {}});
    ASSERT_FALSE(rs.ok()) << c.content;
    EXPECT_NE(rs.status().message().find(path), std::string::npos) << rs.status().message();
    EXPECT_NE(rs.status().message().find(c.expect), std::string::npos) << rs.status().message();
  }
}

TEST(Engine, ADeadlineCutsTheCheckAndSaysWhereItStopped) {
  RuleDir dir;
  dir.Write("typo-test.yml", kTypoRule);
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  Document doc = TextDocument("面对困难一愁莫展。\n他按装了空调。\n");
  // In time: the findings, and no word about time.
  std::vector<Finding> in_time = rs->Check(doc, CheckOptions{});
  ASSERT_EQ(in_time.size(), 2u);
  EXPECT_EQ(in_time[0].rule, "typo-test");
  // A deadline already past: nothing checked, one finding saying so at the first block.
  CheckOptions late;
  late.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  std::vector<Finding> cut = rs->Check(doc, late);
  ASSERT_EQ(cut.size(), 1u);
  EXPECT_EQ(cut[0].rule, kCheckIncompleteRule);
  EXPECT_EQ(cut[0].severity, Severity::kMajor);
  EXPECT_EQ(cut[0].line, 1u);
  EXPECT_EQ(cut[0].message,
            "检查超过时限：从第 1 段起（共 2 段）未检查，已报告的问题之外可能还有问题 (time "
            "budget exceeded)");
}

TEST(Engine, AHugeDocumentIsCutByItsOwnDeadline) {
  RuleDir dir;
  dir.Write("typo-test.yml", kTypoRule);
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  // 4,000 paragraphs of 8 KB, every tenth with one typo (under the per-rule cap of findings).
  // A fake clock passes the deadline at its 1,234th reading, so where the check stops does not
  // depend on the machine's speed (a real 50 ms budget was not reached on a quiet machine).
  std::string clean = "各部门要认真贯彻落实会议精神。";
  while (clean.size() < 8000) clean += "各部门要认真贯彻落实会议精神。";
  std::string text;
  for (int i = 0; i < 4000; ++i) text += (i % 10 == 0 ? "面对困难一愁莫展。" : "") + clean + "\n";
  Document doc = TextDocument(text);
  CheckOptions options;
  const auto start = std::chrono::steady_clock::time_point{};
  options.deadline = start + std::chrono::milliseconds(50);
  int readings = 0;
  options.now = [&] { return ++readings < 1234 ? start : start + std::chrono::milliseconds(51); };
  std::vector<Finding> found = rs->Check(doc, options);
  const Finding* incomplete = nullptr;
  size_t typos = 0;
  for (const Finding& f : found) {
    if (f.rule == kCheckIncompleteRule) {
      incomplete = &f;
    } else {
      ++typos;
    }
  }
  ASSERT_NE(incomplete, nullptr);
  // Every block before the one named was checked and its findings kept; none after it.
  const size_t first_unchecked = incomplete->line;  // one block a line
  ASSERT_LT(first_unchecked, 4000u);
  EXPECT_EQ(typos, (first_unchecked - 1 + 9) / 10) << incomplete->message;
  EXPECT_NE(
      incomplete->message.find("从第 " + std::to_string(first_unchecked) + " 段起（共 4000 段）"),
      std::string::npos)
      << incomplete->message;
}

TEST(Engine, MaxFindingsSetsHowManyOfARulesFindingsAreListed) {
  RuleDir dir;
  std::string rule = kTypoRule;
  rule.replace(rule.find("examples:"), std::string::npos, "max_findings: 2\n");
  dir.Write("typo-test.yml", rule);
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  auto f = rs->Check(TextDocument("请按装设备。\n请按装电源。\n请按装网络。\n请按装软件。"));
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].line, 1u);
  EXPECT_EQ(f[1].line, 2u);
  EXPECT_EQ(f[1].message,
            "疑似错别字：“按装”应为“安装”（另有 2 处同类问题，本规则每个文档最多列出 2 处）");

  for (const char* bad : {"0", "-3", "1000001", "多", "[1, 2]"}) {
    SCOPED_TRACE(bad);
    RuleDir wrong;
    std::string text = kTypoRule;
    text.replace(text.find("examples:"), std::string::npos,
                 std::string("max_findings: ") + bad + "\n");
    wrong.Write("typo-test.yml", text);
    auto loaded = RuleSet::Load({{wrong.path()}, {}, {}, {}});
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.status().message().find("typo-test.yml:8: "), std::string::npos)
        << loaded.status().message();
    EXPECT_NE(loaded.status().message().find("max_findings 应为 1 到 1000000 之间的整数"),
              std::string::npos)
        << loaded.status().message();
  }
}

TEST(Engine, RuleExamplesAreChecked) {
  RuleDir dir;
  std::string rule = kTypoRule;
  rule.replace(rule.find("  pass: ["), std::string::npos,
               "  pass:\n    - 面对困难一筹莫展\n    - 他总是一愁莫展\n");
  dir.Write("typo-test.yml", rule);
  auto rs = MustLoad({{dir.path()}, {}, {}, {}});
  ASSERT_TRUE(rs);
  auto failures = rs->TestExamples();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].text, "他总是一愁莫展");
  EXPECT_EQ(failures[0].where.substr(failures[0].where.size() - 3), ":12");
  EXPECT_EQ(failures[0].reason.rfind("不应报告但报告了", 0), 0u) << failures[0].reason;
}

}  // namespace
}  // namespace cuomin::scanner
