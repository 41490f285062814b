// Files that a rule file names (word lists, frequency tables) and allow files are read only when
// they are regular files under the size cap: /dev/zero would be read forever and a FIFO would
// block the loader. The error names the rule file, its line and the path.
#include "scanner/rules/rule_data_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "scanner/engine/rule_loader.h"
#include "scanner/rules/rule.h"

namespace cuomin::scanner {
namespace {

namespace fs = std::filesystem;

class RuleDataFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cuomin-rule-data-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "rules");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A rule file (id from its name) whose word list is `wordlist`; loads it.
  Result<std::unique_ptr<rules::Rule>> LoadWithWordList(const std::string& wordlist) {
    const std::string text =
        "id: word-list\n"
        "type: existence\n"
        "category: secrecy\n"
        "severity: critical\n"
        "message: 出现“{text}”\n"
        "wordlist: " +
        wordlist + "\n";
    return LoadRule(RulePath(), text, {});
  }
  std::string RulePath() const { return (dir_ / "rules" / "word-list.yml").string(); }

  fs::path dir_;
};

TEST_F(RuleDataFileTest, ADeviceAsAWordListIsRefusedNamingTheRuleFileAndThePath) {
  auto rule = LoadWithWordList("/dev/zero");
  ASSERT_FALSE(rule.ok());
  EXPECT_EQ(rule.status().message(),
            RulePath() + ":6: /dev/zero: 不是普通文件（设备、管道或目录），不予读取");
}

TEST_F(RuleDataFileTest, AFifoAsAWordListIsRefusedWithoutWaitingForAWriter) {
  const fs::path fifo = dir_ / "rules" / "words.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto rule = LoadWithWordList("words.fifo");
  ASSERT_FALSE(rule.ok());
  EXPECT_EQ(rule.status().message(),
            RulePath() + ":6: " + fifo.string() + ": 不是普通文件（设备、管道或目录），不予读取");
}

TEST_F(RuleDataFileTest, ADirectoryOrAMissingFileIsNamed) {
  auto rule = LoadWithWordList(".");
  ASSERT_FALSE(rule.ok());
  EXPECT_NE(rule.status().message().find(":6: "), std::string::npos);
  EXPECT_NE(rule.status().message().find("不是普通文件"), std::string::npos);
  rule = LoadWithWordList("missing.txt");
  ASSERT_FALSE(rule.ok());
  EXPECT_EQ(rule.status().message().rfind(
                RulePath() + ":6: " + (dir_ / "rules").string() + "/missing.txt: 无法打开", 0),
            0u)
      << rule.status().message();
}

TEST_F(RuleDataFileTest, ARegularWordListIsRead) {
  std::ofstream(dir_ / "rules" / "words.txt") << "# 注释\n机密★\n\n绝密★\t标签";
  auto rule = LoadWithWordList("words.txt");
  ASSERT_TRUE(rule.ok()) << rule.status().message();
  ASSERT_NE(rule->get(), nullptr);
}

TEST_F(RuleDataFileTest, AVocabularyThatIsADeviceIsRefused) {
  rules::LoadContext ctx{RulePath()};
  const YAML::Node node = YAML::Load("id: x\nvocabulary: /dev/zero\n");
  auto table = ctx.Vocabulary(node);
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(),
            RulePath() + ":2: /dev/zero: 不是普通文件（设备、管道或目录），不予读取");
}

TEST_F(RuleDataFileTest, AFileOverTheCapIsRefusedAndOneAtTheCapIsRead) {
  const fs::path file = dir_ / "big.txt";
  std::ofstream(file) << std::string(100, 'a');
  auto over = rules::ReadRuleDataFile(file.string(), 99);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().message(), file.string() + ": 文件过大（超过 1 MB 的上限），不予读取");
  auto at = rules::ReadRuleDataFile(file.string(), 100);
  ASSERT_TRUE(at.ok()) << at.status().message();
  EXPECT_EQ(*at, std::string(100, 'a'));
}

TEST_F(RuleDataFileTest, AnAllowFileThatIsADeviceIsRefused) {
  auto allow = LoadAllowFile("/dev/zero");
  ASSERT_FALSE(allow.ok());
  EXPECT_EQ(allow.status().message(), "/dev/zero: 不是普通文件（设备、管道或目录），不予读取");
}

}  // namespace
}  // namespace cuomin::scanner
