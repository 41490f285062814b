// cuomin serve: opens the database, loads the rules once, and serves the dashboard and API.
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "cmd/options.h"
#include "cmd/rule_dirs.h"
#include "cmd/serve_command.h"
#include "review/ledger_service.h"
#include "review/review_service.h"
#include "review/scan_runner.h"
#include "scanner/reader.h"
#include "scanner/rule_set.h"
#include "server/http_server.h"
#include "site/site_scan.h"
#include "store/review_store.h"

namespace cuomin::cmd {

namespace {

constexpr char kServeHelp[] = R"(用法：cuomin serve [选项]

  --db FILE              数据库文件（SQLite），默认 ./data/cuomin.db，不存在时创建
  --listen HOST:PORT     监听地址，默认 127.0.0.1:8080
  --tls-cert F --tls-key F   直接以 HTTPS 提供服务
  --behind-tls-proxy     由前置的 nginx 等提供 HTTPS（Cookie 加 Secure）
  --trusted-proxy ADDR   信任此地址发来的 X-Forwarded-For（可重复），如 127.0.0.1
  --staging-host HOST    允许按网址提交稿件的预发布主机（可重复）
  --rules DIR            附加规则目录（可重复）
  --allow FILE           白名单文件（可重复）
  --disable ID           停用规则或类别（可重复，可用逗号分隔）
  --threads N            工作线程数，默认 128
  --test-clock           仅供端到端测试：管理员可经 POST /api/test/clock 把服务器时钟拨快
                         （只能与本机监听地址同用，切勿用于生产）
)";

server::HttpServer* g_server = nullptr;

void OnSignal(int) {
  if (g_server != nullptr) g_server->Stop();
}

int Usage(const std::string& message) {
  std::cerr << "cuomin serve: " << message << "\n运行 cuomin serve --help 查看用法\n";
  return kExitError;
}

}  // namespace

// Opens the database named by --db (default ./data/cuomin.db), creating its directory.
Result<std::unique_ptr<store::ReviewStore>> OpenDatabase(const std::string& path) {
  std::filesystem::path p(path);
  if (p.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
    if (ec) return Status::InvalidInput(path + "：无法创建目录：" + ec.message());
  }
  return store::OpenSqliteReviewStore(path);
}

int RunServe(const std::vector<std::string_view>& args) {
  std::string db = "data/cuomin.db";
  server::ServerOptions so;
  scanner::RuleSetOptions ro;
  std::vector<std::string> rule_dirs;
  bool test_clock = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a(args[i]);
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return std::string(args[++i]);
    };
    if (a == "-h" || a == "--help") {
      std::cout << kServeHelp;
      return kExitOk;
    }
    if (a == "--behind-tls-proxy") {
      so.behind_tls_proxy = true;
      continue;
    }
    if (a == "--test-clock") {
      test_clock = true;
      continue;
    }
    std::optional<std::string> v = value();
    if (!v) return Usage(a + " 需要一个值");
    if (a == "--db") {
      db = *v;
    } else if (a == "--listen") {
      size_t colon = v->rfind(':');
      if (colon == std::string::npos) return Usage("--listen 应为 HOST:PORT：" + *v);
      so.host = v->substr(0, colon);
      char* end = nullptr;
      long port = std::strtol(v->c_str() + colon + 1, &end, 10);
      if (*end != '\0' || port < 0 || port > 65535) return Usage("无效的端口：" + *v);
      so.port = static_cast<int>(port);
    } else if (a == "--tls-cert") {
      so.tls_cert = *v;
    } else if (a == "--tls-key") {
      so.tls_key = *v;
    } else if (a == "--trusted-proxy") {
      so.trusted_proxies.push_back(*v);
    } else if (a == "--staging-host") {
      so.staging.hosts.push_back(*v);
    } else if (a == "--rules") {
      rule_dirs.push_back(*v);
    } else if (a == "--allow") {
      ro.allow_files.push_back(*v);
    } else if (a == "--disable") {
      SplitCommas(*v, ro.disabled);
    } else if (a == "--threads") {
      so.threads = std::atoi(v->c_str());
      if (so.threads < 4 || so.threads > 4096) return Usage("--threads 应在 4 到 4096 之间");
    } else {
      return Usage("未知的选项：" + a);
    }
  }
  if (so.tls_cert.empty() != so.tls_key.empty()) {
    return Usage("--tls-cert 和 --tls-key 需要同时给出");
  }
  // A clock anyone could move would let deadlines and sessions be forged: tests only, and
  // then never reachable from another machine.
  if (test_clock && so.host != "127.0.0.1" && so.host != "::1" && so.host != "localhost") {
    return Usage("--test-clock 仅供测试，只能监听本机地址（127.0.0.1、::1 或 localhost）：" +
                 so.host);
  }
  Result<std::vector<std::string>> dirs = ResolveRuleDirs(false, rule_dirs);
  if (!dirs.ok()) return Usage(dirs.status().message());
  ro.rule_dirs = *dirs;
  // The system clock; --test-clock lets an admin move it forward (offset 0 until then). The
  // rules read "this year" from it too, as the service's deadlines do.
  review::ShiftedClock clock;
  ro.clock = &clock;
  Result<std::unique_ptr<scanner::RuleSet>> rules = scanner::RuleSet::Load(ro);
  if (!rules.ok()) {
    std::cerr << "cuomin serve: " << rules.status().message() << "\n";
    return kExitError;
  }
  // Some rules load their data on first use (context-typo's language model takes seconds):
  // check one sentence now, so that the first editor's draft does not wait for it.
  if (Result<scanner::Document> warm = scanner::ReadDocument("warm-up", "各单位要认真贯彻落实。");
      warm.ok()) {
    (*rules)->Check(*warm);
  }
  Result<std::unique_ptr<store::ReviewStore>> store = OpenDatabase(db);
  if (!store.ok()) {
    std::cerr << "cuomin serve: " << store.status().message() << "\n";
    return kExitError;
  }
  if (test_clock) so.test_clock = &clock;
  review::ReviewService service(store->get(), rules->get(), &clock);
  // Site scans: those a killed server left running are marked interrupted and their findings
  // reach the ledger; due schedules start on their own.
  review::LedgerService ledger(store->get(), &clock);
  review::ScanRunnerOptions scan_options;
  scan_options.db_path = db;
  scan_options.rules = rules->get();
  Result<std::string> dict = DefaultDictionaryDir();
  Result<crawler::DomainList> blocklist =
      dict.ok() ? site::LoadShippedBlocklists(*dict) : Result<crawler::DomainList>(dict.status());
  if (!blocklist.ok()) {
    std::cerr << "cuomin serve: " << blocklist.status().message() << "\n";
    return kExitError;
  }
  scan_options.blocklist = std::move(*blocklist);
  review::ScanRunner scans(&ledger, &clock, std::move(scan_options));
  if (Status r = scans.Recover(); !r.ok()) {
    std::cerr << "cuomin serve: 未能整理上次中断的网站扫描：" << r.message() << "\n";
  }
  so.sites = {&ledger, &scans};
  server::HttpServer http(&service, so);
  Status s = http.Bind();
  if (!s.ok()) {
    std::cerr << "cuomin serve: " << s.message() << "\n";
    return kExitError;
  }
  scans.RunSchedules(30);
  g_server = &http;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::cerr << "cuomin serve: " << http.url() << "/ （数据库 " << db << "，规则 "
            << (*rules)->rule_count() << " 条）\n";
  if (test_clock) std::cerr << "cuomin serve: 测试时钟已启用（--test-clock），仅供测试\n";
  bool ok = http.Run();
  g_server = nullptr;
  return ok ? kExitOk : kExitError;
}

}  // namespace cuomin::cmd
