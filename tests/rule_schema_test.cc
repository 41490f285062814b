// The rule schema says no: a key its type does not read, an id that does not name its file, a
// context window or a regex too costly to run, a file nested too deep are errors at file:line;
// dictionaries/README.md documents every key the loader accepts.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "scanner/engine/rule_loader.h"
#include "scanner/rules/rule.h"
#include "test_paths.h"

namespace cuomin::scanner {
namespace {
namespace fs = std::filesystem;

class RuleDir {
 public:
  RuleDir() {
    path_ = fs::temp_directory_path() /
            ("cuomin-schema-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
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

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

// The first lines of a rule file of `type` whose id matches "r.yml"; line 6 comes next.
std::string Head(const std::string& type) {
  return "id: r\ntype: " + type + "\ncategory: format\nseverity: major\nmessage: 测试\n";
}

std::string LoadError(const std::string& content, std::string* path = nullptr,
                      const std::string& name = "r.yml") {
  RuleDir dir;
  std::string p = dir.Write(name, content);
  if (path) *path = p;
  auto rule = LoadRuleFile(p);
  return rule.ok() ? "" : rule.status().message();
}

TEST(RuleSchema, APatternRuleWithKeysOfOtherTypesIsRefusedAtTheKeysLine) {
  std::string path;
  std::string error = LoadError(Head("pattern") + "pattern: '按装'\nswap: {按装: 安装}\n", &path);
  EXPECT_EQ(error.rfind(path + ":7: 未知字段 'swap'：pattern 规则不读取它", 0), 0u) << error;
  error = LoadError(Head("pattern") + "pattern: '的的'\ndoublable: [的]\n", &path);
  EXPECT_EQ(error.rfind(path + ":7: 未知字段 'doublable'", 0), 0u) << error;
}

TEST(RuleSchema, EveryTypeRefusesAKeyOfAnotherType) {
  // For each type, a key that some other type reads and this one does not.
  std::set<std::string> all_keys;
  for (const auto& [name, type] : rules::RuleTypes())
    all_keys.insert(type.keys.begin(), type.keys.end());
  for (const auto& [name, type] : rules::RuleTypes()) {
    std::string foreign;
    for (const std::string& k : all_keys) {
      if (std::find(type.keys.begin(), type.keys.end(), k) == type.keys.end()) {
        foreign = k;
        break;
      }
    }
    ASSERT_FALSE(foreign.empty()) << name;
    std::string path;
    std::string error = LoadError(Head(name) + foreign + ": x\n", &path);
    EXPECT_EQ(error.rfind(path + ":6: 未知字段 '" + foreign + "'：" + name, 0), 0u)
        << name << ": " << error;
  }
}

TEST(RuleSchema, NestedMapsRefuseUnknownKeys) {
  struct Case {
    std::string content;
    std::string expect;
  } cases[] = {
      {Head("existence") + "words: [赌场]\nexamples:\n  fier: [赌场]\n",
       ":8: examples 中有未知字段 'fier'"},
      {Head("existence") + "words: [赌场]\nexamples:\n  fire:\n    - {text: 赌场, sugestion: x}\n",
       ":9: 示例中有未知字段 'sugestion'"},
      {Head("existence") +
           "words: [赌场]\ncontext:\n  - near: 打击\n    windw: 5\n    present: skip\n",
       ":9: context 条件中有未知字段 'windw'"},
      {Head("sequence") + "levels:\n  - {name: 章, pattern: '^第(\\d+)章', numeral: arabic, "
                          "continous: true}\n",
       ":7: levels 的一项中有未知字段 'continous'"},
  };
  for (const Case& c : cases) {
    std::string path;
    std::string error = LoadError(c.content, &path);
    EXPECT_EQ(error.rfind(path + c.expect, 0), 0u) << c.content << "\n" << error;
  }
}

TEST(RuleSchema, TheIdNamesTheFile) {
  std::string path;
  std::string error = LoadError(Head("existence") + "words: [赌场]\n", &path, "gambling.yml");
  EXPECT_EQ(error, path + ":1: 规则 id 'r' 与文件路径不符：应为 'gambling' 或 '" +
                       fs::path(path).parent_path().filename().string() +
                       "-gambling'（或把文件改名为 r.yml）");
  RuleDir dir;
  std::string ok = dir.Write("sensitive/gambling.yml",
                             "id: sensitive-gambling\ntype: existence\ncategory: sensitive\n"
                             "severity: major\nmessage: 赌博\nwords: [赌场]\n");
  auto rule = LoadRuleFile(ok);
  EXPECT_TRUE(rule.ok()) << rule.status().message();
}

TEST(RuleSchema, CostlyContextWindowsAndRegexesAreRefused) {
  struct Case {
    std::string content;
    std::string expect;
  } cases[] = {
      {Head("existence") +
           "words: [赌场]\ncontext:\n  - near: 打击\n    window: 100000\n    present: skip\n",
       ":9: window 应为 1 到 200 之间的字数"},
      {Head("existence") +
           "words: [赌场]\ncontext:\n  - near: '[^，。]{0,1000}打击'\n    present: skip\n",
       ":8: 正则表达式过于复杂"},
      {Head("pattern") + "pattern: '\\p{Han}{1000}'\n", ":6: 正则表达式过于复杂"},
      {Head("pattern") + "pattern: '(?:\\p{Han}{1,100}){1,10}'\n", ":6: 正则表达式过于复杂"},
      {Head("repetition") + "allow_unit: '[^，]{1,1000}'\n", ":6: 正则表达式过于复杂"},
      {Head("sequence") + "reset: '.{0,1000}附件.{0,1000}'\nlevels:\n  - {name: 章, pattern: "
                          "'^第(\\d+)章', numeral: arabic}\n",
       ":6: 正则表达式过于复杂"},
  };
  for (const Case& c : cases) {
    std::string path;
    std::string error = LoadError(c.content, &path);
    EXPECT_EQ(error.rfind(path + c.expect, 0), 0u) << c.content << "\n" << error;
  }
  // A pattern as long as the longest shipped one still loads.
  std::string ok = LoadError(Head("pattern") + "pattern: '\\p{Han}{2,12}(?:路|街|巷)\\d{1,5}号'\n");
  EXPECT_EQ(ok, "");
}

TEST(RuleSchema, ADeeplyNestedFileIsAClearErrorNotACrash) {
  for (int depth : {100, 1999, 2000, 100000}) {
    std::string flow =
        Head("existence") + "words: " + std::string(depth, '[') + std::string(depth, ']') + "\n";
    std::string path;
    std::string error = LoadError(flow, &path);
    EXPECT_EQ(error.rfind(path + ":6: 嵌套过深", 0), 0u) << depth << ": " << error;
  }
  // Nesting by indentation, as an editor would write it.
  std::string block = Head("existence") + "words:\n";
  for (int i = 0; i < 40; ++i) block += std::string(2 * i + 2, ' ') + "- \n";
  std::string path;
  std::string error = LoadError(block, &path);
  EXPECT_NE(error.find("嵌套过深"), std::string::npos) << error;
  EXPECT_EQ(error.rfind(path + ":", 0), 0u) << error;
}

TEST(RuleSchema, TheReadmeDocumentsEveryTypeAndKey) {
  std::ifstream in(cuomin::test_paths::Dictionaries() + "/README.md");
  std::stringstream readme;
  readme << in.rdbuf();
  const std::string text = readme.str();
  ASSERT_FALSE(text.empty());
  auto documented = [&](const std::string& key) {
    return text.find("`" + key + "`") != std::string::npos ||
           text.find("`" + key + ":") != std::string::npos ||
           text.find("\n" + key + ":") != std::string::npos ||
           text.find(" " + key + ":") != std::string::npos;
  };
  for (const std::string& key : CommonRuleKeys()) EXPECT_TRUE(documented(key)) << key;
  for (const auto& [name, type] : rules::RuleTypes()) {
    EXPECT_NE(text.find("**`" + name + "`**"), std::string::npos) << "type " << name;
    for (const std::string& key : type.keys)
      EXPECT_TRUE(documented(key)) << "type " << name << " key " << key;
  }
}

}  // namespace
}  // namespace cuomin::scanner
