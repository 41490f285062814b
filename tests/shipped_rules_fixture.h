// A test suite of shipped rules on real sentences: the rules of some dictionaries/ folders,
// loaded once for the whole suite (the expression folder takes seconds to load), and the
// findings of the rules under test on one text, read as a .txt file.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "scanner/reader.h"
#include "scanner/rule_set.h"
#include "test_paths.h"

namespace cuomin::scanner {

class ShippedRulesTest : public ::testing::Test {
 protected:
  // For a suite's SetUpTestSuite: the rules of dictionaries/<folder> for each folder.
  static void LoadShipped(const std::vector<std::string>& folders) {
    RuleSetOptions opt;
    for (const std::string& folder : folders)
      opt.rule_dirs.push_back(test_paths::Dictionaries() + "/" + folder);
    auto rs = RuleSet::Load(opt);
    // Not a failure here: any failure in SetUpTestSuite makes GoogleTest skip every test of
    // the suite, and CTest counts skipped tests as no failure, so shipped rules that stopped
    // loading would pass unseen. Each test fails in SetUp instead.
    if (!rs.ok()) {
      load_error_ = rs.status().message();
      return;
    }
    load_error_.clear();
    rules_ = std::move(*rs);
  }
  static void TearDownTestSuite() { rules_.reset(); }
  void SetUp() override {
    if (!load_error_.empty()) FAIL() << "the shipped rules did not load: " << load_error_;
  }

  // The findings on `text` of the rules whose id `keep` accepts, in the engine's order.
  static std::vector<Finding> FindingsOf(const std::string& text,
                                         const std::function<bool(const std::string&)>& keep) {
    auto doc = ReadDocument("t.txt", text);
    EXPECT_TRUE(doc.ok());
    std::vector<Finding> out;
    if (rules_ == nullptr)
      ADD_FAILURE() << "the shipped rules did not load (see the suite's set-up)";
    if (!doc.ok() || rules_ == nullptr) return out;
    for (Finding& f : rules_->Check(*doc))
      if (keep(f.rule)) out.push_back(std::move(f));
    return out;
  }

  static inline std::unique_ptr<RuleSet> rules_;
  static inline std::string load_error_;
};

}  // namespace cuomin::scanner
