// The helper the command-line tests run the binary with (tests/run_command.h): what the program
// is given and what comes back, with Debian's coreutils and sh as the programs.
#include "run_command.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace cuomin::test_paths {
namespace {

TEST(RunCommand, ArgumentsReachTheProgramAsTheyAreWithoutAShell) {
  CommandResult r = RunCommand({"printf", "%s|", "a b", "'q\"", "$HOME", "*", "中文;ls"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.out, "a b|'q\"|$HOME|*|中文;ls|");
  EXPECT_TRUE(r.start_error.empty());
}

TEST(RunCommand, OutputErrorAndExitCodeApart) {
  CommandResult r = RunCommand({"sh", "-c", "echo 输出; echo 错误 >&2; exit 3"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.out, "输出\n");
  EXPECT_EQ(r.err, "错误\n");
  EXPECT_NE(r.Describe().find("exit 3"), std::string::npos) << r.Describe();
}

// More than a pipe holds each way: the input is written while the output is read.
TEST(RunCommand, StandardInputLargerThanAPipe) {
  std::string text;
  while (text.size() < (size_t{1} << 20)) text += "各单位要认真贯彻落实会议精神。\n";
  CommandOptions o;
  o.stdin_text = text;
  CommandResult r = RunCommand({"cat"}, o);
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.out.size(), text.size());
  EXPECT_TRUE(r.out == text);
}

TEST(RunCommand, WithoutInputTheProgramReadsEndOfFile) {
  CommandResult r = RunCommand({"wc", "-c"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.out, "0\n");
}

// The program exits without reading: the test process is not ended by SIGPIPE.
TEST(RunCommand, InputTheProgramDoesNotReadIsDropped) {
  CommandOptions o;
  o.stdin_text.assign(size_t{4} << 20, 'x');
  CommandResult r = RunCommand({"true"}, o);
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
}

TEST(RunCommand, AHangIsKilledAtTheTimeLimit) {
  CommandOptions o;
  o.time_limit_seconds = 0.2;
  CommandResult r = RunCommand({"sleep", "600"}, o);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_NE(r.Describe().find("time limit"), std::string::npos) << r.Describe();
}

TEST(RunCommand, ASignalIsReportedAsSuch) {
  CommandResult r = RunCommand({"sh", "-c", "kill -TERM $$"});
  EXPECT_EQ(r.signal, SIGTERM);
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_FALSE(r.timed_out);
}

TEST(RunCommand, AProgramThatIsNotThereIsNamed) {
  CommandResult r = RunCommand({"/nonexistent/cuomin-no-such-program", "x"});
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_NE(r.start_error.find("/nonexistent/cuomin-no-such-program"), std::string::npos)
      << r.start_error;
  EXPECT_NE(r.Describe().find("not started"), std::string::npos);
  EXPECT_NE(RunCommand({"cuomin-no-such-program-in-path"}).start_error, "");
}

// A write past the limit fails (EFBIG) instead of killing the program with SIGXFSZ.
TEST(RunCommand, FileSizeLimitMakesWritesFail) {
  std::string file = ::testing::TempDir() + "/cuomin-run-" + std::to_string(::getpid());
  CommandOptions o;
  o.file_size_limit = 4096;
  CommandResult r = RunCommand({"sh", "-c", "head -c 10000 /dev/zero > \"$0\"", file}, o);
  EXPECT_EQ(r.signal, 0) << r.Describe();
  EXPECT_NE(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(std::filesystem::file_size(file), 4096u);
  std::filesystem::remove(file);
}

TEST(RunCommand, RunCuominRunsTheBinaryOfThisBuild) {
  CommandResult r = RunCuomin({"crawl", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_NE(r.out.find("--db"), std::string::npos);
}

TEST(NonEmptyLines, SplitsAtNewlinesAndDropsEmptyLines) {
  EXPECT_EQ(NonEmptyLines("a\n\nb\nc"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(NonEmptyLines("").empty());
  EXPECT_TRUE(NonEmptyLines("\n\n").empty());
}

}  // namespace
}  // namespace cuomin::test_paths
