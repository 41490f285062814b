// Engine throughput on a corpus: reads every file once, then times RuleSet::Check over all of
// them with N threads. Reports MB/s (total and per thread) and peak memory (max RSS).
//
// usage: scan_bench [--rules DIR]... [--disable RULE|CATEGORY]... [-j N] [--extra-words N]
//                   [--repeat R] CORPUS_DIR
//   --extra-words N  adds a rule with N synthetic words (random Han strings), to show that
//                    scan speed does not depend on dictionary size.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <thread>

#include "common/utf8.h"
#include "scanner/reader.h"
#include "scanner/rule_set.h"

namespace fs = std::filesystem;
using namespace cuomin::scanner;

namespace {

std::string WriteSyntheticRule(size_t words) {
  fs::path dir = fs::temp_directory_path() / ("cuomin-bench-extra-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream list(dir / "extra.txt");
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> han(0x4E00, 0x9FA5), len(3, 6);
  for (size_t i = 0; i < words; ++i) {
    std::string w;
    for (int k = len(rng); k > 0; --k) cuomin::utf8::Append(w, han(rng));
    list << w << "\n";
  }
  std::ofstream(dir / "bench-extra-words.yml")
      << "id: bench-extra-words\ntype: existence\ncategory: "
         "sensitive\nseverity: info\nmessage: 合成词\n"
         "wordlist: extra.txt\n";
  return dir.string();
}

long PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  RuleSetOptions opt;
  size_t threads = 1, extra = 0, repeat = 1;
  std::string corpus;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rules" && i + 1 < argc) {
      opt.rule_dirs.push_back(argv[++i]);
    } else if (a == "--disable" && i + 1 < argc) {
      opt.disabled.push_back(argv[++i]);
    } else if (a == "-j" && i + 1 < argc) {
      threads = std::stoul(argv[++i]);
    } else if (a == "--extra-words" && i + 1 < argc) {
      extra = std::stoul(argv[++i]);
    } else if (a == "--repeat" && i + 1 < argc) {
      repeat = std::stoul(argv[++i]);
    } else if (!a.empty() && a[0] == '-') {
      corpus.clear();  // an unknown option (or --help): print the usage
      break;
    } else {
      corpus = a;
    }
  }
  if (corpus.empty() || !fs::is_directory(corpus)) {
    std::cerr << "usage: scan_bench [--rules DIR]... [--disable RULE]... [-j N] [--extra-words N] "
                 "[--repeat R] CORPUS_DIR\n";
    return 2;
  }
  if (opt.rule_dirs.empty()) opt.rule_dirs.push_back(CUOMIN_DICTIONARY_DIR);
  if (extra > 0) opt.rule_dirs.push_back(WriteSyntheticRule(extra));

  auto t0 = std::chrono::steady_clock::now();
  auto rs = RuleSet::Load(opt);
  if (!rs.ok()) {
    std::cerr << rs.status().message() << "\n";
    return 2;
  }
  double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::vector<std::string> files;
  for (auto& e : fs::recursive_directory_iterator(corpus))
    if (e.is_regular_file()) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  std::vector<Document> docs;
  size_t bytes = 0;
  for (const auto& f : files) {
    auto d = ReadDocumentFile(f);
    if (!d.ok()) {
      std::cerr << d.status().message() << "\n";
      continue;
    }
    bytes += d->original.size();
    docs.push_back(std::move(*d));
  }

  std::atomic<size_t> next{0}, findings{0};
  auto t1 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  const size_t total = docs.size() * repeat;
  for (size_t t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (size_t i; (i = next++) < total;) findings += (*rs)->Check(docs[i % docs.size()]).size();
    });
  }
  for (auto& t : pool) t.join();
  double scan_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  double mb = static_cast<double>(bytes * repeat) / (1024.0 * 1024.0);
  std::printf(
      "rules=%zu words=%zu load=%.2fs corpus=%.1fMB files=%zu threads=%zu findings=%zu\n"
      "scan=%.2fs throughput=%.1f MB/s (%.1f MB/s per thread) peak_rss=%ld MB\n",
      (*rs)->rule_count(), (*rs)->word_count(), load_s, mb, docs.size(), threads, findings.load(),
      scan_s, mb / scan_s, mb / scan_s / threads, PeakRssMb());
  return 0;
}
