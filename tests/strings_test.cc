// common/strings.h: the one copy of the ASCII helpers the crawler, reader, store and server use.
#include "common/strings.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cuomin {
namespace {

TEST(Strings, TrimWhitespaceOrGivenCharacters) {
  EXPECT_EQ(Trim("  关于印发通知的函\r\n"), "关于印发通知的函");
  EXPECT_EQ(Trim("\t\f\v "), "");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim("a b"), "a b");  // inner spaces stay
  // A cookie pair keeps a trailing CR when only blanks are asked for.
  EXPECT_EQ(Trim(" sid=abc\r", " \t"), "sid=abc\r");
  EXPECT_EQ(Trim("\"gb2312\"", "\"' "), "gb2312");
}

TEST(Strings, TrimControlsStripsEveryByteUpToSpace) {
  EXPECT_EQ(TrimControls("\x01\x1f http://www.gov.cn/ \x7f\n"), "http://www.gov.cn/ \x7f");
  EXPECT_EQ(TrimControls(std::string("\0\0", 2)), "");
  // UTF-8 lead and continuation bytes are above 0x20 and stay.
  EXPECT_EQ(TrimControls(" 政务公开 "), "政务公开");
}

TEST(Strings, AsciiLowerLeavesOtherBytesAlone) {
  EXPECT_EQ(AsciiLower("Content-Type: TEXT/HTML; Charset=GB2312"),
            "content-type: text/html; charset=gb2312");
  // Bytes of UTF-8 Chinese text and Latin-1 letters are not letters here.
  EXPECT_EQ(AsciiLower("《通知》ÀÉ.DOCX"), "《通知》ÀÉ.docx");
  EXPECT_EQ(AsciiLower("\xC0\xDE"), "\xC0\xDE");
}

TEST(Strings, SplitKeepsEmptyPieces) {
  EXPECT_EQ(Split("a,,b", ','), (std::vector<std::string_view>{"a", "", "b"}));
  EXPECT_EQ(Split("", ','), (std::vector<std::string_view>{""}));
  EXPECT_EQ(Split("/政务公开/通知/", '/'),
            (std::vector<std::string_view>{"", "政务公开", "通知", ""}));
}

TEST(Strings, ReplaceAllReplacesEveryPlaceOnceLeftToRight) {
  std::string s = "“{text}”应为“{suggestion}”，{text}";
  ReplaceAll(s, "{text}", "按装");
  EXPECT_EQ(s, "“按装”应为“{suggestion}”，按装");
  std::string grows = "aa";
  ReplaceAll(grows, "a", "aa");  // what is put in is not replaced again
  EXPECT_EQ(grows, "aaaa");
  std::string same = "新加坡总书记";
  ReplaceAll(same, "", "x");
  EXPECT_EQ(same, "新加坡总书记");
}

TEST(Strings, JoinPutsTheSeparatorBetween) {
  EXPECT_EQ(Join({}, "\n"), "");
  EXPECT_EQ(Join({"一"}, "\n"), "一");
  EXPECT_EQ(Join({"https://a.gov.cn/", "", "https://b.gov.cn/"}, "\n"),
            "https://a.gov.cn/\n\nhttps://b.gov.cn/");
}

}  // namespace
}  // namespace cuomin
