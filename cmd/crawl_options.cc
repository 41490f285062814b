#include "cmd/crawl_options.h"

#include <cstdlib>
#include <optional>

#include "cmd/options.h"
#include "scanner/printers.h"

namespace cuomin::cmd {
namespace {

Result<double> Number(std::string_view name, const std::string& v, double min, double max) {
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !(d >= min) || !(d <= max)) {
    return Status::Error("选项 " + std::string(name) + " 的取值无效：" + v);
  }
  return d;
}

}  // namespace

Result<CrawlCommandOptions> ParseCrawlOptions(const std::vector<std::string_view>& args) {
  CrawlCommandOptions o;
  crawler::CrawlOptions& c = o.crawl;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    std::optional<std::string> inline_value;
    if (a.size() > 2 && a.substr(0, 2) == "--") {
      if (size_t eq = a.find('='); eq != std::string_view::npos) {
        inline_value = std::string(a.substr(eq + 1));
        a = a.substr(0, eq);
      }
    }
    auto value = [&]() -> Result<std::string> {
      if (inline_value) return *inline_value;
      if (i + 1 >= args.size()) return Status::Error("选项 " + std::string(a) + " 缺少取值");
      return std::string(args[++i]);
    };
    auto number = [&](double min, double max) -> Result<double> {
      Result<std::string> v = value();
      if (!v.ok()) return v.status();
      return Number(a, *v, min, max);
    };
#define CUOMIN_NUM(field, min, max, cast) \
  {                                       \
    Result<double> n = number(min, max);  \
    if (!n.ok()) return n.status();       \
    field = static_cast<cast>(*n);        \
    continue;                             \
  }
#define CUOMIN_STR(expr)             \
  {                                  \
    Result<std::string> v = value(); \
    if (!v.ok()) return v.status();  \
    expr;                            \
    continue;                        \
  }
    if (a == "-h" || a == "--help") {
      o.help = true;
      continue;
    }
    if (a == "--max-pages") CUOMIN_NUM(c.max_pages, 1, 1e9, size_t)
    if (a == "--max-outbound") CUOMIN_NUM(c.max_outbound, 0, 1e9, size_t)
    if (a == "--max-depth") CUOMIN_NUM(c.max_depth, 0, 1e6, int)
    if (a == "--concurrency") CUOMIN_NUM(c.concurrency, 1, 256, int)
    if (a == "--per-host-concurrency") CUOMIN_NUM(c.per_host_concurrency, 1, 256, int)
    if (a == "--per-host-rate") CUOMIN_NUM(c.per_host_rate, 0.001, 1e6, double)
    if (a == "--timeout") CUOMIN_NUM(c.timeout_seconds, 0.05, 3600, double)
    if (a == "--retry-delay") CUOMIN_NUM(c.dead_retry_delay_seconds, 0, 3600, double)
    if (a == "--max-retry-after") CUOMIN_NUM(c.max_retry_after_seconds, 0, 86400, double)
    if (a == "--time-limit") CUOMIN_NUM(o.page_time_limit_seconds, 0, kMaxTimeLimitSeconds, double)
    if (a == "--max-page-size") {
      Result<double> n = number(0.001, 4096);
      if (!n.ok()) return n.status();
      c.max_body_bytes = static_cast<size_t>(*n * 1024 * 1024);
      continue;
    }
    if (a == "--max-file-size") {
      Result<double> n = number(0.001, 4096);
      if (!n.ok()) return n.status();
      o.attachments.max_file_bytes = static_cast<size_t>(*n * 1024 * 1024);
      continue;
    }
    if (a == "--no-attachments") {
      o.attachments.attachments = false;
      continue;
    }
    if (a == "--no-images") {
      o.attachments.images = false;
      continue;
    }
    if (a == "--user-agent") CUOMIN_STR(c.user_agent = *v)
    if (a == "--include") CUOMIN_STR(c.include_regex = *v)
    if (a == "--exclude") CUOMIN_STR(c.exclude_regex = *v)
    if (a == "--db") CUOMIN_STR(o.db = *v)
    if (a == "--blocklist") CUOMIN_STR(o.blocklists.push_back(*v))
    if (a == "--rules") CUOMIN_STR(o.rule_dirs.push_back(*v))
    if (a == "--allow") CUOMIN_STR(o.allow_files.push_back(*v))
    if (a == "--disable") CUOMIN_STR(SplitCommas(*v, o.disabled))
    if (a == "--no-default-rules") {
      o.no_default_rules = true;
      continue;
    }
    if (a == "--no-outbound") {
      c.check_outbound = false;
      continue;
    }
    if (a == "--no-sitemap") {
      c.read_sitemaps = false;
      continue;
    }
    if (a == "--allow-private-addresses") {
      c.allow_private_addresses = true;
      continue;
    }
    if (a == "--insecure") {
      c.verify_certificates = false;
      continue;
    }
    if (a == "--scope") {
      Result<std::string> v = value();
      if (!v.ok()) return v.status();
      if (*v == "host")
        c.scope = crawler::Scope::kHost;
      else if (*v == "domain")
        c.scope = crawler::Scope::kDomain;
      else if (*v == "prefix")
        c.scope = crawler::Scope::kPrefix;
      else
        return Status::Error("--scope 的取值无效：" + *v + "（可选 host、domain、prefix）");
      continue;
    }
    if (a == "-f" || a == "--format") {
      Result<std::string> v = value();
      if (!v.ok()) return v.status();
      if (!scanner::IsKnownFormat(*v)) return Status::Error("未知的输出格式：" + *v);
      o.format = *v;
      continue;
    }
    if (a == "--fail-on") {
      Result<std::string> v = value();
      if (!v.ok()) return v.status();
      if (*v == "none") {
        o.fail_never = true;
      } else if (std::optional<scanner::Severity> s = scanner::ParseSeverity(*v)) {
        o.fail_on = *s;
        o.fail_never = false;
      } else {
        return Status::Error("--fail-on 的取值无效：" + *v);
      }
      continue;
    }
#undef CUOMIN_NUM
#undef CUOMIN_STR
    if (a.size() > 1 && a[0] == '-') return Status::Error("未知选项：" + std::string(a));
    c.seeds.emplace_back(a);
  }
  if (!o.help && c.seeds.empty()) return Status::Error("缺少要抓取的网址");
  return o;
}

}  // namespace cuomin::cmd
