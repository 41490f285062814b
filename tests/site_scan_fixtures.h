// What the site-scan tests share (site_scan_test, review_scan_runner_test): the shipped typo
// rules, loaded once per process, and a page around a body.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "scanner/rule_set.h"
#include "test_paths.h"

namespace cuomin::site_scan_fixtures {

inline const scanner::RuleSet& TypoRules() {
  static const scanner::RuleSet* rules = [] {
    scanner::RuleSetOptions opt;
    opt.rule_dirs = {cuomin::test_paths::Dictionaries() + "/typo"};
    Result<std::unique_ptr<scanner::RuleSet>> r = scanner::RuleSet::Load(opt);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r->release() : nullptr;
  }();
  return *rules;
}

inline std::string Html(const std::string& body) {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head><body>" + body +
         "</body></html>";
}

}  // namespace cuomin::site_scan_fixtures
