#include "scanner/rule_set.h"

#include <algorithm>
#include <chrono>

#include "scanner/engine/engine.h"
#include "scanner/engine/rule_loader.h"
#include "scanner/reader.h"
#include "scanner/rules/rule.h"

namespace cuomin::scanner {

RuleSet::RuleSet() = default;
RuleSet::~RuleSet() = default;

Result<std::unique_ptr<RuleSet>> RuleSet::Load(const RuleSetOptions& options) {
  // --disable: a rule id or a category name; an unknown name is a usage error.
  auto is_disabled = [&](const std::string& d, const rules::RuleInfo& info) {
    return d == info.id || d == ToString(info.category);
  };
  auto skip = [&](const rules::RuleInfo& info) {
    for (const std::string& d : options.disabled)
      if (is_disabled(d, info)) return true;
    return false;
  };
  std::vector<rules::RuleInfo> skipped;
  auto loaded = LoadRuleDirs(options.rule_dirs, {options.settings, options.clock}, skip, &skipped);
  if (!loaded.ok()) return loaded.status();
  std::vector<AllowEntry> allow;
  for (const std::string& f : options.allow_files) {
    auto entries = LoadAllowFile(f);
    if (!entries.ok()) return entries.status();
    allow.insert(allow.end(), entries->begin(), entries->end());
  }
  for (const std::string& d : options.disabled) {
    bool used = std::any_of(skipped.begin(), skipped.end(),
                            [&](const rules::RuleInfo& info) { return is_disabled(d, info); });
    if (!used && !ParseCategory(d)) return Status::Error("--disable " + d + ": 没有这个规则或类别");
  }
  std::vector<std::unique_ptr<rules::Rule>> enabled = std::move(*loaded);
  const auto started = std::chrono::steady_clock::now();
  auto engine = Engine::Build(std::move(enabled), std::move(allow));
  if (LoadTimesWanted()) ReportLoadTime("(engine: shared matchers)", started);
  if (!engine.ok()) return engine.status();
  std::unique_ptr<RuleSet> rs(new RuleSet());
  rs->engine_ = std::move(*engine);
  return rs;
}

std::vector<Finding> RuleSet::Check(const Document& document) const {
  return engine_->Check(document);
}

std::vector<Finding> RuleSet::Check(const Document& document, const CheckOptions& options) const {
  return engine_->Check(document, nullptr, options.deadline, options.now);
}

std::vector<ExampleFailure> RuleSet::TestExamples() const {
  std::vector<ExampleFailure> failures;
  for (const auto& rule : engine_->rules()) {
    const auto& info = rule->info();
    for (const auto& ex : info.examples) {
      // Read as a text file, so that a multi-line example is several paragraphs.
      std::string where = info.file + ":" + std::to_string(ex.line);
      ReadOptions text_format;
      text_format.format = "text";
      auto doc = ReadDocument("<example>", ex.text, text_format);
      if (!doc.ok()) {
        failures.push_back({where, info.id, ex.text, doc.status().message()});
        continue;
      }
      std::vector<Finding> found = engine_->Check(*doc, rule.get());
      if (ex.must_fire) {
        if (found.empty()) {
          failures.push_back({where, info.id, ex.text, "应报告但未报告"});
        } else if (ex.suggestion && std::none_of(found.begin(), found.end(), [&](const Finding& f) {
                     return f.suggestion == *ex.suggestion;
                   })) {
          failures.push_back(
              {where, info.id, ex.text,
               "建议应为“" + *ex.suggestion + "”，实际为“" + found.front().suggestion + "”"});
        }
      } else if (!found.empty()) {
        failures.push_back(
            {where, info.id, ex.text,
             "不应报告但报告了：“" + found.front().text + "”（" + found.front().message + "）"});
      }
    }
  }
  return failures;
}

std::vector<RuleSummary> RuleSet::Rules() const {
  std::vector<RuleSummary> out;
  for (const auto& r : engine_->rules()) {
    const auto& i = r->info();
    out.push_back({i.id, i.type, i.category, i.severity,
                   i.description.empty() ? i.message : i.description, i.file, i.line});
  }
  return out;
}

size_t RuleSet::rule_count() const { return engine_->rules().size(); }

size_t RuleSet::example_count() const {
  size_t n = 0;
  for (const auto& r : engine_->rules()) n += r->info().examples.size();
  return n;
}

size_t RuleSet::word_count() const { return engine_->word_count(); }

}  // namespace cuomin::scanner
