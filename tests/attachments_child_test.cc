// .doc is read by catdoc in a child process with a time limit, an address-space limit and an
// output cap. Stand-ins for catdoc (shell scripts, set with ReadOptions::catdoc_program) run
// past each limit: the file is named with the limit that stopped it, and the scan goes on.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "scanner/read/child_process.h"
#include "scanner/reader.h"
#include "tests/attachment_writers.h"

namespace cuomin::scanner {
namespace {

// A script in a fresh directory, removed with it.
class FakeCatdoc {
 public:
  explicit FakeCatdoc(const std::string& body) {
    std::string pattern = (std::filesystem::temp_directory_path() / "cuomin-catdoc-XXXXXX");
    if (::mkdtemp(pattern.data()) == nullptr) return;
    dir_ = pattern;
    path_ = dir_ + "/catdoc";
    std::ofstream(path_) << "#!/bin/sh\n" << body << "\n";
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all);
  }
  ~FakeCatdoc() {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
};

std::string Notice() { return testing_writers::MakeDoc({"关于开展安全生产检查的通知"}); }

TEST(DocLimits, TheRealCatdocReadsTheFileWithinTheLimits) {
  // The limits below are small; the real catdoc still reads a small file under them.
  ReadOptions options;
  options.child_seconds = 5;
  options.child_memory_bytes = size_t{64} << 20;
  Result<Document> doc = ReadDocument("通知.doc", Notice(), options);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  ASSERT_EQ(doc->blocks.size(), 1u);
  EXPECT_EQ(doc->blocks[0].text, "关于开展安全生产检查的通知");
}

TEST(DocLimits, ACatdocThatRunsPastItsTimeIsKilledAndTheFileNamed) {
  const std::pair<const char*, const char*> stand_ins[] = {
      {"waits (wall clock)", "exec sleep 600"},
      {"computes (CPU time)", "while :; do :; done"},
  };
  for (const auto& [what, body] : stand_ins) {
    SCOPED_TRACE(what);
    FakeCatdoc fake(body);
    ASSERT_FALSE(fake.path().empty());
    ReadOptions options;
    options.catdoc_program = fake.path();
    options.child_seconds = 1;
    auto start = std::chrono::steady_clock::now();
    Result<Document> doc = ReadDocument("通知.doc", Notice(), options);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.status().message(), "通知.doc: 读取 .doc 时 catdoc 超过 1 秒的时限，未检查");
    // Killed at its limit, not left to run for its 600 seconds: generous for a loaded machine.
    EXPECT_LT(seconds, 60);
  }
}

TEST(DocLimits, ACatdocThatRunsOutOfMemoryNamesTheMemoryLimit) {
  if (!internal::AddressSpaceLimitApplies()) {
    GTEST_SKIP() << "sanitizer build: the address-space limit is not applied (shadow memory)";
  }
  const std::pair<const char*, const char*> stand_ins[] = {
      // The shell gathers 400 MB from a pipe and crashes when its allocation fails.
      {"crashes", "x=$(head -c 400000000 /dev/zero | tr '\\0' a)"},
      // awk doubles a string until it reports "out of memory" and exits with an error.
      {"exits with an error", "exec awk 'BEGIN { s = \"aaaaaaaaaaaaaaaa\"; while (1) s = s s }'"},
  };
  for (const auto& [what, body] : stand_ins) {
    SCOPED_TRACE(what);
    FakeCatdoc fake(body);
    ASSERT_FALSE(fake.path().empty());
    ReadOptions options;
    options.catdoc_program = fake.path();
    options.child_memory_bytes = size_t{64} << 20;
    Result<Document> doc = ReadDocument("通知.doc", Notice(), options);
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.status().message(),
              "通知.doc: 读取 .doc 时 catdoc 用到了 64 MB 的内存上限，未检查");
  }
}

TEST(DocLimits, ACatdocThatWritesEndlesslyIsCutAtTheOutputCap) {
  FakeCatdoc fake("exec yes 请各单位按装监控设备");
  ASSERT_FALSE(fake.path().empty());
  ReadOptions options;
  options.catdoc_program = fake.path();
  Result<Document> doc = ReadDocument("通知.doc", Notice(), options);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(),
            "通知.doc: 读取 .doc 时 catdoc 的输出超过 64 MB 的上限，未检查");
}

TEST(DocLimits, ACatdocThatFailsWithinItsLimitsIsACorruptFile) {
  // An error exit with little memory held is the file's fault, not a limit's.
  FakeCatdoc fake("exit 1");
  ASSERT_FALSE(fake.path().empty());
  ReadOptions options;
  options.catdoc_program = fake.path();
  Result<Document> doc = ReadDocument("通知.doc", Notice(), options);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(),
            "通知.doc: 不是有效的 .doc 文件（catdoc 无法读取，文件已损坏或已加密），未检查");
}

}  // namespace
}  // namespace cuomin::scanner
