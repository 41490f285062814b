#include "cmd/options.h"

#include <charconv>
#include <cstdlib>
#include <optional>

#include "common/strings.h"
#include "scanner/printers.h"

namespace cuomin::cmd {
namespace {

// Walks the argument list, splitting "--opt=value" and "-jN" and fetching separate values.
class ArgReader {
 public:
  explicit ArgReader(const std::vector<std::string_view>& args) : args_(args) {}

  bool done() const { return i_ >= args_.size(); }

  // The next argument; sets `inline_value` when it was "--opt=value" or "-jN".
  // After "--" (`raw`), arguments are taken as they are.
  std::string_view Next(bool raw = false) {
    inline_value_.reset();
    std::string_view a = args_[i_++];
    if (raw) return a;
    if (a.size() > 2 && a.substr(0, 2) == "--") {
      size_t eq = a.find('=');
      if (eq != std::string_view::npos) {
        inline_value_ = a.substr(eq + 1);
        return a.substr(0, eq);
      }
    } else if (a.size() > 2 && a[0] == '-' && a[1] == 'j') {
      inline_value_ = a.substr(2);
      return "-j";
    }
    return a;
  }

  bool has_inline_value() const { return inline_value_.has_value(); }

  // The value of option `name`: inline, or the following argument.
  Result<std::string> Value(std::string_view name) {
    if (inline_value_) {
      if (inline_value_->empty()) return Status::Error("选项 " + std::string(name) + " 缺少取值");
      return std::string(*inline_value_);
    }
    if (done()) return Status::Error("选项 " + std::string(name) + " 缺少取值");
    return std::string(args_[i_++]);
  }

 private:
  const std::vector<std::string_view>& args_;
  size_t i_ = 0;
  std::optional<std::string_view> inline_value_;
};

std::string FormatList() {
  std::string s;
  for (std::string_view f : scanner::kPrinterFormats) {
    if (!s.empty()) s += "、";
    s += f;
  }
  return s;
}

Status UnknownOption(std::string_view arg) {
  return Status::Error("未知选项：" + std::string(arg));
}

Status NoValueExpected(std::string_view name) {
  return Status::Error("选项 " + std::string(name) + " 不带取值");
}

}  // namespace

// "a,b" in one --disable is two entries: convenient on the command line.
void SplitCommas(const std::string& value, std::vector<std::string>& out) {
  for (std::string_view piece : Split(value, ','))
    if (!piece.empty()) out.emplace_back(piece);
}

Result<CheckOptions> ParseCheckOptions(const std::vector<std::string_view>& args) {
  CheckOptions opt;
  ArgReader r(args);
  bool only_paths = false;
  while (!r.done()) {
    std::string_view a = r.Next(only_paths);
    if (only_paths || a == "-" || a.empty() || a[0] != '-') {
      opt.paths.emplace_back(a);
      continue;
    }
    if (a == "--") {
      only_paths = true;
    } else if (a == "-h" || a == "--help") {
      opt.help = true;
    } else if (a == "--no-default-rules") {
      if (r.has_inline_value()) return NoValueExpected(a);
      opt.no_default_rules = true;
    } else if (a == "--format" || a == "-f") {
      Result<std::string> v = r.Value(a);
      if (!v.ok()) return v.status();
      if (!scanner::IsKnownFormat(*v))
        return Status::Error("--format 的取值无效：" + *v + "（可选：" + FormatList() + "）");
      opt.format = *v;
    } else if (a == "--rules") {
      Result<std::string> v = r.Value(a);
      if (!v.ok()) return v.status();
      opt.rule_dirs.push_back(*v);
    } else if (a == "--allow") {
      Result<std::string> v = r.Value(a);
      if (!v.ok()) return v.status();
      opt.allow_files.push_back(*v);
    } else if (a == "--encoding") {
      Result<std::string> v = r.Value(a);
      if (!v.ok()) return v.status();
      opt.encoding = *v;
    } else if (a == "--previous") {
      Result<std::string> v = r.Value(a);
      if (!v.ok()) return v.status();
      opt.previous_report = *v;
    } else if (a == "--disable") {
      Result<std::string> v = r.Value(a);
      if (!v.ok()) return v.status();
      SplitCommas(*v, opt.disabled);
    } else if (a == "--fail-on") {
      Result<std::string> v = r.Value(a);
      if (!v.ok()) return v.status();
      if (*v == "none") {
        opt.fail_never = true;
      } else if (std::optional<scanner::Severity> s = scanner::ParseSeverity(*v)) {
        opt.fail_on = *s;
        opt.fail_never = false;
      } else {
        return Status::Error("--fail-on 的取值无效：" + *v +
                             "（可选：critical、major、minor、info、none）");
      }
    } else if (a == "-j" || a == "--jobs") {
      Result<std::string> v = r.Value(a);
      if (!v.ok()) return v.status();
      int n = 0;
      auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
      if (ec != std::errc() || end != v->data() + v->size() || n < 1 || n > kMaxJobs) {
        return Status::Error(std::string(a) + " 的取值无效：" + *v + "（应为 1 到 " +
                             std::to_string(kMaxJobs) + " 之间的整数）");
      }
      opt.jobs = n;
    } else if (a == "--time-limit") {
      Result<std::string> v = r.Value(a);
      if (!v.ok()) return v.status();
      char* end = nullptr;
      double d = std::strtod(v->c_str(), &end);
      if (*end != '\0' || !(d >= 0) || !(d <= kMaxTimeLimitSeconds)) {
        return Status::Error(std::string(a) + " 的取值无效：" + *v + "（应为 0 到 " +
                             std::to_string(static_cast<int>(kMaxTimeLimitSeconds)) +
                             " 之间的秒数，0 表示不限）");
      }
      opt.time_limit_seconds = d;
    } else {
      return UnknownOption(a);
    }
  }
  if (!opt.help && opt.paths.empty())
    return Status::Error("缺少要检查的文件或目录（用 - 表示标准输入）");
  if (!opt.help && opt.no_default_rules && opt.rule_dirs.empty())
    return Status::Error("使用 --no-default-rules 时至少要用 --rules 指定一个规则目录");
  return opt;
}

Result<RulesOptions> ParseRulesOptions(const std::vector<std::string_view>& args) {
  RulesOptions opt;
  ArgReader r(args);
  bool only_dirs = false;
  while (!r.done()) {
    std::string_view a = r.Next(only_dirs);
    bool is_option = !only_dirs && a.size() > 1 && a[0] == '-';
    if (!is_option) {
      if (opt.action.empty() && !opt.help) {
        if (a != "test" && a != "list")
          return Status::Error("未知的 rules 子命令：" + std::string(a) + "（可选：test、list）");
        opt.action = a;
      } else if (opt.action == "test") {
        opt.dirs.emplace_back(a);
      } else {
        return Status::Error("多余的参数：" + std::string(a));
      }
      continue;
    }
    if (a == "--") {
      only_dirs = true;
    } else if (a == "-h" || a == "--help") {
      opt.help = true;
    } else if (a == "--rules" && opt.action == "list") {
      Result<std::string> v = r.Value(a);
      if (!v.ok()) return v.status();
      opt.rule_dirs.push_back(*v);
    } else if (a == "--no-default-rules" && opt.action == "list") {
      if (r.has_inline_value()) return NoValueExpected(a);
      opt.no_default_rules = true;
    } else {
      return UnknownOption(a);
    }
  }
  if (!opt.help && opt.action.empty()) return Status::Error("缺少 rules 子命令（test 或 list）");
  if (!opt.help && opt.no_default_rules && opt.rule_dirs.empty())
    return Status::Error("使用 --no-default-rules 时至少要用 --rules 指定一个规则目录");
  return opt;
}

}  // namespace cuomin::cmd
