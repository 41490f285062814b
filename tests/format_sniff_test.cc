// Which reader a file goes to: magic bytes first, the name second; binary formats cuomin
// cannot read are errors naming the file, never text.
#include <gtest/gtest.h>

#include <string>

#include "scanner/read/format_sniff.h"
#include "scanner/reader.h"

namespace cuomin::scanner {
namespace {

using internal::ChooseFormat;
using internal::FormatFromContent;
using internal::FormatFromName;

const std::string kPdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n";
const std::string kPng = std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);
const std::string kOleHeader = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

std::string Wide(const std::string& ascii) {
  std::string out;
  for (char c : ascii) out += std::string{c, '\0'};
  return out;
}

TEST(FormatSniff, NamesMapToFormats) {
  EXPECT_EQ(FormatFromName("公示名单.XLS"), "xls");
  EXPECT_EQ(FormatFromName("https://www.example.gov.cn/a/年报.pdf?v=2#p3"), "pdf");
  EXPECT_EQ(FormatFromName("名单.xlsx"), "xlsx");
  EXPECT_EQ(FormatFromName("决定.ofd"), "ofd");
  EXPECT_EQ(FormatFromName("扫描件.JPG"), "image");
  EXPECT_EQ(FormatFromName("汇报.ppt"), "unsupported");
  EXPECT_EQ(FormatFromName("README"), "");
}

TEST(FormatSniff, MagicBytesDecide) {
  EXPECT_EQ(FormatFromContent(kPdf), "pdf");
  EXPECT_EQ(FormatFromContent("junk before the header\n" + kPdf), "pdf");
  EXPECT_EQ(FormatFromContent(kPng), "image");
  EXPECT_EQ(FormatFromContent("\xFF\xD8\xFF\xE0"), "image");
  EXPECT_EQ(FormatFromContent(kOleHeader + Wide("WordDocument")), "doc");
  EXPECT_EQ(FormatFromContent(kOleHeader + Wide("Workbook")), "xls");
  EXPECT_EQ(FormatFromContent(kOleHeader + Wide("PowerPoint Document")), "ole");
  EXPECT_EQ(FormatFromContent("PK\x03\x04....xl/workbook.xml"), "xlsx");
  EXPECT_EQ(FormatFromContent("PK\x03\x04....OFD.xml"), "ofd");
  EXPECT_EQ(FormatFromContent("PK\x03\x04....word/document.xml"), "docx");
  EXPECT_EQ(FormatFromContent("PK\x03\x04....data.bin"), "zip");
  EXPECT_EQ(FormatFromContent("  <html><body>通知</body></html>"), "html");
  EXPECT_EQ(FormatFromContent("关于开展安全生产检查的通知"), "text");
}

TEST(FormatSniff, ContentWinsOverAMisleadingName) {
  std::string error;
  EXPECT_EQ(ChooseFormat("附件.txt", kPdf, &error), "pdf");
  EXPECT_EQ(ChooseFormat("download.php?id=3", kPdf, &error), "pdf");
  EXPECT_EQ(ChooseFormat("image.html", kPng, &error), "image");
  // CMS exports: an HTML table or plain text under an .xls name is read as what it is.
  EXPECT_EQ(ChooseFormat("名单.xls", "<table><tr><td>张三</td></tr></table>", &error), "html");
  EXPECT_EQ(ChooseFormat("名单.xls", "姓名\t电话\n张三\t1\n", &error), "text");
  EXPECT_TRUE(error.empty()) << error;
}

TEST(FormatSniff, ANamedBinaryFormatWithoutItsBytesIsAnError) {
  std::string error;
  EXPECT_EQ(ChooseFormat("年报.pdf", "这不是 PDF。", &error), "");
  EXPECT_NE(error.find("扩展名表明是PDF 文件，但内容不是"), std::string::npos) << error;
  error.clear();
  EXPECT_EQ(ChooseFormat("汇报.pptx", "text", &error), "");
  EXPECT_NE(error.find(".pptx"), std::string::npos) << error;
  error.clear();
  EXPECT_EQ(ChooseFormat("附件.dat", "PK\x03\x04 data.bin", &error), "");
  EXPECT_NE(error.find("zip 压缩包"), std::string::npos) << error;
}

TEST(FormatSniff, ReadDocumentNeverReadsABinaryFormatAsText) {
  for (const auto& [name, bytes] : {std::pair<std::string, std::string>{"报告.txt", kPdf},
                                    {"报告", kPdf},
                                    {"附件.bin", "Rar!\x1A\x07\x00 archive"}}) {
    Result<Document> doc = ReadDocument(name, bytes);
    ASSERT_FALSE(doc.ok()) << name << " was read as " << doc->format;
    EXPECT_EQ(doc.status().message().rfind(name + ": ", 0), 0u) << doc.status().message();
  }
}

}  // namespace
}  // namespace cuomin::scanner
