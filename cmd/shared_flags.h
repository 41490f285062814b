// The flags that `cuomin check` and `cuomin crawl` share (rules, allow lists, output), written
// once for both option structs: each has the fields named here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cmd/flag_table.h"
#include "cmd/options.h"
#include "scanner/finding.h"
#include "scanner/printers.h"

namespace cuomin::cmd {

// "text、json、sarif、csv".
std::string PrinterFormatList();

template <typename Options>
std::vector<Flag<Options>> OutputFlags() {
  return {
      {"-f", "--format", "FORMAT", "输出格式：text（默认）、json（每行一个 JSON 对象）、sarif、csv",
       [](Options& o, std::string_view name, const std::string& v) {
         if (!scanner::IsKnownFormat(v)) {
           return Status::Error(std::string(name) + " 的取值无效：" + v + "（可选：" +
                                PrinterFormatList() + "）");
         }
         o.format = v;
         return Status::Ok();
       }},
      {"", "--fail-on", "SEVERITY",
       "发现该级别及以上的问题时退出码为 1：critical、major（默认）、minor、\n"
       "info；none 表示从不因发现问题而返回 1",
       [](Options& o, std::string_view name, const std::string& v) {
         if (v == "none") {
           o.fail_never = true;
         } else if (std::optional<scanner::Severity> s = scanner::ParseSeverity(v)) {
           o.fail_on = *s;
           o.fail_never = false;
         } else {
           return Status::Error(std::string(name) + " 的取值无效：" + v +
                                "（可选：critical、major、minor、info、none）");
         }
         return Status::Ok();
       }},
  };
}

template <typename Options>
std::vector<Flag<Options>> RuleFlags() {
  return {
      {"", "--rules", "DIR", "追加规则目录（可重复）；默认同时加载内置规则库",
       [](Options& o, std::string_view, const std::string& v) {
         o.rule_dirs.push_back(v);
         return Status::Ok();
       }},
      {"", "--no-default-rules", "", "不加载内置规则库，只用 --rules 指定的目录",
       [](Options& o, std::string_view, const std::string&) {
         o.no_default_rules = true;
         return Status::Ok();
       }},
      {"", "--allow", "FILE", "白名单文件，每行一个词；“规则ID: 词”只对该规则生效（可重复）",
       [](Options& o, std::string_view, const std::string& v) {
         o.allow_files.push_back(v);
         return Status::Ok();
       }},
      {"", "--disable", "RULE|CATEGORY",
       "关闭规则（按规则ID）或整个类别，如 typo、sensitive（可重复，可用逗号分隔）",
       [](Options& o, std::string_view, const std::string& v) {
         SplitCommas(v, o.disabled);
         return Status::Ok();
       }},
  };
}

template <typename Options>
Flag<Options> HelpFlag() {
  return {"-h", "--help", "", "显示本帮助", [](Options& o, std::string_view, const std::string&) {
            o.help = true;
            return Status::Ok();
          }};
}

// The flags of `base` followed by those of `more`.
template <typename Options>
std::vector<Flag<Options>> Concat(std::vector<Flag<Options>> base,
                                  const std::vector<Flag<Options>>& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

}  // namespace cuomin::cmd
