#include "cmd/check_command.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

#include "cmd/file_walker.h"
#include "cmd/options.h"
#include "cmd/rule_dirs.h"
#include "common/utf8.h"
#include "scanner/printers.h"
#include "scanner/reader.h"
#include "scanner/rule_set.h"

#ifndef CUOMIN_VERSION
#define CUOMIN_VERSION "0"
#endif

namespace cuomin::cmd {

namespace {

namespace sc = cuomin::scanner;

// How far workers may run ahead of the output, per worker: bounds the findings held in memory
// while keeping every thread busy when one file is slow.
constexpr size_t kReorderWindowPerJob = 4;

struct Outcome {
  std::string source;
  std::vector<sc::Finding> findings;
  std::string error;  // non-empty: the input could not be read
};

Outcome CheckOne(const Input& input, const sc::RuleSet& rules, const sc::ReadOptions& read,
                 std::chrono::duration<double> time_limit) {
  Outcome out;
  out.source = input.path;
  if (!input.error.empty()) {
    out.error = input.error;
    return out;
  }
  // A throw here (out of memory on a huge file, a bug in a rule) must cost one file, not the
  // run: it is reported like an unreadable input.
  try {
    // The budget starts before reading, so that a slow read (standard input, a network
    // share) counts against it too.
    sc::CheckOptions budget;
    if (time_limit.count() > 0) {
      budget.deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(time_limit);
    }
    Result<sc::CheckedFile> checked = rules.CheckFile(input.path, read, budget);
    if (!checked.ok()) {
      out.error = checked.status().message();
      return out;
    }
    out.source = std::move(checked->source);
    out.findings = std::move(checked->findings);
  } catch (const std::exception& e) {
    out.error = input.path + ": 检查时出错（" + e.what() + "）";
  }
  return out;
}

// Checks inputs on `jobs` threads and hands the outcomes to `emit` on the calling thread in
// input order, each as soon as it and all before it are done.
template <typename Emit>
void CheckInOrder(const std::vector<Input>& inputs, const sc::RuleSet& rules,
                  const sc::ReadOptions& read, std::chrono::duration<double> time_limit,
                  size_t jobs, Emit emit) {
  const size_t n = inputs.size();
  if (jobs <= 1 || n <= 1) {
    for (const Input& in : inputs) emit(CheckOne(in, rules, read, time_limit));
    return;
  }
  const size_t window = jobs * kReorderWindowPerJob;
  std::mutex mu;
  std::condition_variable ready;  // an outcome was stored
  std::condition_variable room;   // the output moved on
  // A ring: input i waits for room, so slot i % window is free by the time it is stored.
  std::vector<std::optional<Outcome>> slots(window);
  size_t emitted = 0;
  std::atomic<size_t> next{0};

  auto worker = [&] {
    for (;;) {
      size_t i = next.fetch_add(1);
      if (i >= n) return;
      {
        std::unique_lock lock(mu);
        room.wait(lock, [&] { return i < emitted + window; });
      }
      Outcome o = CheckOne(inputs[i], rules, read, time_limit);
      {
        std::lock_guard lock(mu);
        slots[i % window] = std::move(o);
      }
      ready.notify_one();
    }
  };
  std::vector<std::thread> threads;
  for (size_t t = 0; t < std::min(jobs, n); ++t) threads.emplace_back(worker);
  for (size_t i = 0; i < n; ++i) {
    Outcome o;
    {
      std::unique_lock lock(mu);
      std::optional<Outcome>& slot = slots[i % window];
      ready.wait(lock, [&] { return slot.has_value(); });
      o = std::move(*slot);
      slot.reset();
      emitted = i + 1;
    }
    room.notify_all();
    emit(std::move(o));
  }
  for (std::thread& t : threads) t.join();
}

bool EnvSet(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0';
}

int UsageError(const std::string& message) {
  std::cerr << "cuomin check: " << utf8::ToSafeLine(message)
            << "\n运行 cuomin check --help 查看用法\n";
  return kExitError;
}

// Rule descriptions for the SARIF log (tool.driver.rules lists every loaded rule, not only
// those that fired).
void AddSarifRules(const sc::RuleSet& rules, sc::PrinterOptions& printer) {
  for (const sc::RuleSummary& e : rules.Rules()) {
    sc::RuleDescriptor d;
    d.id = e.id;
    d.description = e.description;
    d.category = e.category;
    d.severity = e.severity;
    printer.rules.push_back(std::move(d));
  }
}

}  // namespace

int RunCheck(const std::vector<std::string_view>& args) {
  Result<CheckOptions> parsed = ParseCheckOptions(args);
  if (!parsed.ok()) return UsageError(parsed.status().message());
  const CheckOptions& opt = *parsed;
  if (opt.help) {
    std::cout << CheckHelp();
    return kExitOk;
  }

  sc::ReadOptions read;
  read.encoding = opt.encoding;
  if (!opt.encoding.empty()) {
    // Fail once up front rather than once per file.
    Result<sc::Decoded> probe = sc::DecodeBytes("a", "", opt.encoding);
    if (!probe.ok()) return UsageError("--encoding 的取值无效：" + opt.encoding);
  }

  Result<std::vector<std::string>> dirs = ResolveRuleDirs(opt.no_default_rules, opt.rule_dirs);
  if (!dirs.ok()) return UsageError(dirs.status().message());
  for (const std::string& f : opt.allow_files) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(f, ec))
      return UsageError(f + ": 白名单文件不存在或不是文件");
  }

  sc::RuleSetOptions rs_opt;
  rs_opt.rule_dirs = *dirs;
  rs_opt.allow_files = opt.allow_files;
  rs_opt.disabled = opt.disabled;
  if (!opt.previous_report.empty()) rs_opt.settings["previous_report"] = opt.previous_report;
  Result<std::unique_ptr<sc::RuleSet>> rules = sc::RuleSet::Load(rs_opt);
  if (!rules.ok()) {
    std::cerr << "cuomin: " << utf8::ToSafeLine(rules.status().message()) << "\n";
    return kExitError;
  }

  sc::PrinterOptions printer_opt;
  printer_opt.color = opt.format == "text" && ::isatty(STDOUT_FILENO) && !EnvSet("NO_COLOR");
  printer_opt.tool_version = CUOMIN_VERSION;
  if (opt.format == "sarif") AddSarifRules(**rules, printer_opt);
  std::unique_ptr<sc::FindingSink> printer = sc::MakePrinter(opt.format, std::cout, printer_opt);

  std::vector<Input> inputs = ExpandPaths(opt.paths);
  size_t jobs = opt.jobs > 0 ? static_cast<size_t>(opt.jobs)
                             : std::max<size_t>(1, std::thread::hardware_concurrency());

  size_t checked = 0;
  size_t unreadable = 0;
  std::array<size_t, 4> by_severity{};  // indexed by Severity
  bool fail = false;
  CheckInOrder(inputs, **rules, read, std::chrono::duration<double>(opt.time_limit_seconds), jobs,
               [&](Outcome o) {
                 if (!o.error.empty()) {
                   ++unreadable;
                   std::cout.flush();  // keep stdout and stderr in order on a shared terminal
                   std::cerr << "cuomin: " << utf8::ToSafeLine(o.error) << "\n";
                   return;
                 }
                 ++checked;
                 for (const sc::Finding& f : o.findings) {
                   ++by_severity[static_cast<size_t>(f.severity)];
                   if (!opt.fail_never && f.severity >= opt.fail_on) fail = true;
                 }
                 printer->OnDocument(o.source, o.findings);
               });
  printer->Finish();
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "cuomin: 写入标准输出失败\n";
    return kExitError;
  }

  // The summary is for a person at a terminal; scripts read stdout and the exit code.
  if (::isatty(STDERR_FILENO)) {
    size_t total = by_severity[0] + by_severity[1] + by_severity[2] + by_severity[3];
    std::cerr << "已检查 " << checked << " 个文件，发现 " << total << " 处问题（严重 "
              << by_severity[3] << "，重要 " << by_severity[2] << "，一般 " << by_severity[1]
              << "，提示 " << by_severity[0] << "）";
    if (unreadable > 0) std::cerr << "，" << unreadable << " 个输入无法读取";
    std::cerr << "\n";
  }
  if (inputs.empty()) std::cerr << "cuomin: 警告：没有找到可检查的文件\n";
  if (unreadable > 0) return kExitError;
  return fail ? kExitFindings : kExitOk;
}

}  // namespace cuomin::cmd
