#include "cmd/rules_command.h"

#include <iostream>

#include "cmd/options.h"
#include "cmd/rule_dirs.h"
#include "common/utf8.h"
#include "scanner/rule_set.h"

namespace cuomin::cmd {

const char kRulesHelp[] = R"(用法：
  cuomin rules test [DIR]...                       运行规则文件中的示例（fire/pass）
  cuomin rules list [--rules DIR]... [--no-default-rules]
                                                   列出规则：ID、类型、类别、级别、文件

rules test 不指定目录时检查内置规则库。退出码：0 全部通过；1 有示例未通过；2 规则文件有错误。
)";

namespace {

namespace sc = cuomin::scanner;

int UsageError(const std::string& message) {
  std::cerr << "cuomin rules: " << utf8::ToSafeLine(message)
            << "\n运行 cuomin rules --help 查看用法\n";
  return kExitError;
}

Result<std::unique_ptr<sc::RuleSet>> Load(const std::vector<std::string>& dirs) {
  sc::RuleSetOptions opt;
  opt.rule_dirs = dirs;
  return sc::RuleSet::Load(opt);
}

int RunTest(const RulesOptions& opt) {
  std::vector<std::string> dirs = opt.dirs;
  if (dirs.empty()) {
    Result<std::vector<std::string>> d = ResolveRuleDirs(false, {});
    if (!d.ok()) return UsageError(d.status().message());
    dirs = *d;
  } else {
    Result<std::vector<std::string>> d = ResolveRuleDirs(true, dirs);
    if (!d.ok()) return UsageError(d.status().message());
  }
  Result<std::unique_ptr<sc::RuleSet>> rules = Load(dirs);
  if (!rules.ok()) {
    std::cerr << "cuomin: " << utf8::ToSafeLine(rules.status().message()) << "\n";
    return kExitError;
  }
  std::vector<sc::ExampleFailure> failures = (*rules)->TestExamples();
  for (const sc::ExampleFailure& f : failures) {
    std::cout << f.where << ": [" << f.rule << "] " << f.reason << "：「" << f.text << "」\n";
  }
  std::cout << (*rules)->rule_count() << " 条规则，" << (*rules)->example_count() << " 个示例，";
  if (failures.empty()) {
    std::cout << "全部通过\n";
    return kExitOk;
  }
  std::cout << failures.size() << " 个未通过\n";
  return kExitFindings;
}

int RunList(const RulesOptions& opt) {
  Result<std::vector<std::string>> dirs = ResolveRuleDirs(opt.no_default_rules, opt.rule_dirs);
  if (!dirs.ok()) return UsageError(dirs.status().message());
  // Load first: a broken rule file is reported the way `check` reports it.
  Result<std::unique_ptr<sc::RuleSet>> rules = Load(*dirs);
  if (!rules.ok()) {
    std::cerr << "cuomin: " << utf8::ToSafeLine(rules.status().message()) << "\n";
    return kExitError;
  }
  // Tab-separated: readable in a terminal, and `cut -f1` gives the ids.
  std::cout << "ID\t类型\t类别\t级别\t文件\n";
  for (const sc::RuleSummary& e : (*rules)->Rules()) {
    std::cout << e.id << '\t' << e.type << '\t' << sc::ToString(e.category) << '\t'
              << sc::ToString(e.severity) << '\t' << e.file << '\n';
  }
  return kExitOk;
}

}  // namespace

int RunRules(const std::vector<std::string_view>& args) {
  Result<RulesOptions> parsed = ParseRulesOptions(args);
  if (!parsed.ok()) return UsageError(parsed.status().message());
  if (parsed->help) {
    std::cout << kRulesHelp;
    return kExitOk;
  }
  if (parsed->action == "test") return RunTest(*parsed);
  return RunList(*parsed);
}

}  // namespace cuomin::cmd
