// cuomin (错敏): proofreads and screens Chinese government web content. This file only picks
// the subcommand; each lives in its own *_command.cc.
#include <iostream>
#include <string_view>
#include <vector>

#include "cmd/check_command.h"
#include "cmd/crawl_command.h"
#include "cmd/options.h"
#include "cmd/rules_command.h"
#include "cmd/serve_command.h"

#ifndef CUOMIN_VERSION
#define CUOMIN_VERSION "0"
#endif

namespace {

constexpr char kHelp[] = R"(cuomin（错敏）—— 政府网站与公文内容纠错、敏感信息筛查工具

用法：cuomin <子命令> [选项]

子命令：
  check PATH...     检查文件、目录或标准输入（-），输出发现的问题
  crawl URL...      抓取整个网站，检查每个页面和链接（死链、暗链、黑名单域名）
  rules test [DIR]  运行规则文件自带的示例
  rules list        列出已加载的规则
  serve             启动审核服务器（三审流程、网页界面和 JSON API）
  user add|passwd|disable|list   管理审核服务器的用户
  unit add|list     管理单位
  audit verify      校验审核服务器的审计日志

选项：
  -h, --help        显示帮助；cuomin check --help 查看 check 的全部选项
  --version         显示版本
)";

struct Subcommand {
  std::string_view name;
  int (*run)(const std::vector<std::string_view>&);
};

constexpr Subcommand kSubcommands[] = {
    {"check", cuomin::cmd::RunCheck}, {"crawl", cuomin::cmd::RunCrawl},
    {"rules", cuomin::cmd::RunRules}, {"serve", cuomin::cmd::RunServe},
    {"user", cuomin::cmd::RunUser},   {"unit", cuomin::cmd::RunUnit},
    {"audit", cuomin::cmd::RunAudit},
};

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2) {
    std::cerr << kHelp;
    return cuomin::cmd::kExitError;
  }
  std::string_view first = argv[1];
  if (first == "-h" || first == "--help" || first == "help") {
    std::cout << kHelp;
    return cuomin::cmd::kExitOk;
  }
  if (first == "--version" || first == "-V" || first == "version") {
    std::cout << "cuomin " << CUOMIN_VERSION << "\n";
    return cuomin::cmd::kExitOk;
  }
  std::vector<std::string_view> rest(argv + 2, argv + argc);
  for (const Subcommand& s : kSubcommands) {
    if (s.name == first) return s.run(rest);
  }
  std::cerr << "cuomin: 未知的子命令：" << first << "\n运行 cuomin --help 查看用法\n";
  return cuomin::cmd::kExitError;
}
