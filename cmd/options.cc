#include "cmd/options.h"

#include <charconv>
#include <cstdlib>
#include <optional>

#include "cmd/shared_flags.h"
#include "common/strings.h"
#include "scanner/printers.h"

namespace cuomin::cmd {
namespace {

// Walks the argument list of `rules`, splitting "--opt=value" and fetching separate values.
class ArgReader {
 public:
  explicit ArgReader(const std::vector<std::string_view>& args) : args_(args) {}

  bool done() const { return i_ >= args_.size(); }

  // The next argument; sets `inline_value` when it was "--opt=value".
  // After "--" (`raw`), arguments are taken as they are.
  std::string_view Next(bool raw = false) {
    has_inline_value_ = false;
    inline_value_ = {};
    std::string_view a = args_[i_++];
    if (raw) return a;
    if (a.size() > 2 && a.substr(0, 2) == "--") {
      size_t eq = a.find('=');
      if (eq != std::string_view::npos) {
        inline_value_ = a.substr(eq + 1);
        has_inline_value_ = true;
        return a.substr(0, eq);
      }
    }
    return a;
  }

  bool has_inline_value() const { return has_inline_value_; }

  // The value of option `name`: inline, or the following argument.
  Result<std::string> Value(std::string_view name) {
    if (has_inline_value_) {
      if (inline_value_.empty()) return MissingValue(name);
      return std::string(inline_value_);
    }
    if (done()) return MissingValue(name);
    return std::string(args_[i_++]);
  }

 private:
  const std::vector<std::string_view>& args_;
  size_t i_ = 0;
  // Not a std::optional: GCC 12 warns that its payload may be used uninitialised here.
  std::string_view inline_value_;
  bool has_inline_value_ = false;
};

constexpr char kCheckUsage[] = R"(用法：cuomin check [选项] 路径...

检查文稿或网页中的错别字、严重表述错误、敏感词、个人信息、涉密标识、标点和格式问题。
路径可以是文件、目录（递归查找 .txt .md .html .htm .shtml .docx .doc .pdf .xlsx .xls .ofd）或 -（标准输入）。
大于 16 MB 的纯文本（文件、标准输入，也包括 UTF-16）分段读取和检查，内存不随文件增大；
大于 16 MB 的 HTML 页面不解析，报告一条“未检查”的问题。

)";

constexpr char kCheckEpilogue[] = R"(
退出码：0 未发现达到 --fail-on 级别的问题；1 发现了；2 用法错误、规则文件错误或有输入无法读取。

环境变量：
  CUOMIN_DICTIONARIES   内置规则库所在目录；未设置时依次查找
                        <程序目录>/../share/cuomin/dictionaries 和源码树中的 dictionaries/
  NO_COLOR              设置后 text 格式不使用颜色（输出不是终端时本来就不用颜色）

示例：
  cuomin check 通知.docx
  cuomin check --format csv --fail-on critical site/ > 结果.csv
  curl -s https://www.example.gov.cn/ | cuomin check --format json -
)";

std::vector<Flag<CheckOptions>> CheckOnlyFlags() {
  using O = CheckOptions;
  return {
      {"", "--encoding", "NAME", "强制按指定编码读取输入，如 GBK、UTF-8（默认自动识别）",
       [](O& o, std::string_view, const std::string& v) {
         o.encoding = v;
         return Status::Ok();
       }},
      {"", "--previous", "FILE",
       "上年度政府信息公开工作年度报告：核对本年报告表二“现行有效件数”\n"
       "（= 上年现行有效件数 + 本年制发件数 − 本年废止件数）",
       [](O& o, std::string_view, const std::string& v) {
         o.previous_report = v;
         return Status::Ok();
       }},
      {"-j", "--jobs", "N", "并行检查的线程数（默认等于 CPU 核数）；输出顺序与单线程相同",
       [](O& o, std::string_view name, const std::string& v) {
         int n = 0;
         auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
         if (ec != std::errc() || end != v.data() + v.size() || n < 1 || n > kMaxJobs) {
           return Status::Error(std::string(name) + " 的取值无效：" + v + "（应为 1 到 " +
                                std::to_string(kMaxJobs) + " 之间的整数）");
         }
         o.jobs = n;
         return Status::Ok();
       }},
      {"", "--time-limit", "SECONDS",
       "每个文件读取和检查的时限（秒，默认 0 即不限）；超时的文件保留已发现的\n"
       "问题，另报一处 check-incomplete，其余文件照常检查",
       [](O& o, std::string_view name, const std::string& v) {
         Result<double> d = ParseFlagNumber(name, v, 0, kMaxTimeLimitSeconds, kTimeLimitRange);
         if (!d.ok()) return d.status();
         o.time_limit_seconds = *d;
         return Status::Ok();
       }},
  };
}

}  // namespace

// "a,b" in one --disable is two entries: convenient on the command line.
void SplitCommas(const std::string& value, std::vector<std::string>& out) {
  for (std::string_view piece : Split(value, ','))
    if (!piece.empty()) out.emplace_back(piece);
}

std::string PrinterFormatList() {
  std::string s;
  for (std::string_view f : scanner::kPrinterFormats) {
    if (!s.empty()) s += "、";
    s += f;
  }
  return s;
}

const FlagTable<CheckOptions>& CheckFlagTable() {
  static const FlagTable<CheckOptions> table = {
      {"选项：", Concat(Concat(Concat(OutputFlags<CheckOptions>(), RuleFlags<CheckOptions>()),
                               CheckOnlyFlags()),
                        {HelpFlag<CheckOptions>()})},
  };
  return table;
}

std::string CheckHelp() { return kCheckUsage + RenderFlagTable(CheckFlagTable()) + kCheckEpilogue; }

Result<CheckOptions> ParseCheckOptions(const std::vector<std::string_view>& args) {
  CheckOptions opt;
  if (Status s = ParseFlags(args, CheckFlagTable(), opt, opt.paths); !s.ok()) return s;
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
