// Text in pictures: a scanned list as PNG and as a PDF page without text layer, recognised by
// Tesseract; findings carry the box of the words and are marked as OCR. Huge pictures are
// refused before decoding.
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scanner/finding.h"
#include "scanner/printers.h"
#include "scanner/read/ocr_table.h"
#include "scanner/reader.h"
#include "scanner/rule_set.h"
#include "test_paths.h"
#include "tests/cjk_render.h"
#include "tests/scan_writers.h"

namespace cuomin::scanner {
namespace {

using testing_writers::MakeList;

std::unique_ptr<RuleSet> TestRules() {
  RuleSetOptions opt;
  opt.rule_dirs = {cuomin::test_paths::Testdata() + "/cli/rules",
                   cuomin::test_paths::Dictionaries() + "/privacy"};
  auto rs = RuleSet::Load(opt);
  EXPECT_TRUE(rs.ok()) << rs.status().message();
  return rs.ok() ? std::move(*rs) : nullptr;
}

// An ID number's check letter as printed; OCR of a skewed scan may read X as x.
std::string Upper(std::string s) {
  for (char& c : s) c = c == 'x' ? 'X' : c;
  return s;
}

// OCR may misread a character of a scan: every number found must be one of the complete,
// valid numbers printed (never a masked one or a wrong check digit), and at most one of them
// may be missed.
std::vector<Finding> ExpectScannedList(const std::string& name, const std::string& bytes,
                                       const std::set<std::string>& want_ids, int page) {
  auto rules = TestRules();
  if (rules == nullptr) return {};
  Result<Document> doc = ReadDocument(name, bytes);
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  if (!doc.ok()) return {};
  std::vector<Finding> found = rules->Check(*doc);
  std::set<std::string> ids;
  for (const Finding& f : found) {
    if (f.rule == "privacy-id-card") {
      ids.insert(Upper(f.text));
      EXPECT_TRUE(f.ocr);
      EXPECT_TRUE(f.box.has_value() && f.box->width > 0);
      EXPECT_EQ(f.page, page);
      EXPECT_EQ(f.severity, Severity::kCritical);  // privacy keeps its severity
      EXPECT_EQ(want_ids.count(Upper(f.text)), 1u) << f.text;
    }
    EXPECT_NE(f.rule, "privacy-bank-card") << f.text;
  }
  EXPECT_GE(ids.size() + 1, want_ids.size()) << doc->original;
  return found;
}

// A printed 公示 list typeset in Chinese with a CJK font (tests/cjk_render.h): a title, a
// sentence with two typos of the test rules, a header and ten rows of names, IDs and mobiles.
std::vector<std::string> ChineseList(std::set<std::string>& want_ids) {
  auto rows = MakeList(10);
  std::vector<std::string> lines = {"关于二〇二三年度补贴发放名单的公示",
                                    "各单位要按装监控设备，面对困难不能一愁莫展。",
                                    "序号  姓名  身份证号码  联系电话"};
  for (size_t i = 0; i < rows.size(); ++i) {
    lines.push_back(std::to_string(i + 1) + "  " + rows[i].name + "  " + rows[i].id + "  " +
                    rows[i].mobile);
    if (i % 10 != 0 && i % 10 != 1) want_ids.insert(rows[i].id);
  }
  return lines;
}

// The font comes from fonts-noto-cjk (scripts/install-deps.sh; CI installs it).
constexpr char kNoFont[] = "未安装中文字体（Debian 软件包 fonts-noto-cjk），无法生成扫描件";

const Finding* TypoAt(const std::vector<Finding>& found, std::string_view text) {
  for (const Finding& f : found) {
    if (f.rule == "test-typo" && f.text == text) return &f;
  }
  return nullptr;
}

TEST(Ocr, ScannedChineseListAsPng) {
  std::string font = testing_writers::FindCjkFont();
  if (font.empty()) GTEST_SKIP() << kNoFont;
  std::set<std::string> want;
  auto image = testing_writers::RenderChinese(font, ChineseList(want));
  ASSERT_GT(image.width, 0) << font;
  std::vector<Finding> found =
      ExpectScannedList("名单扫描件.png", testing_writers::PngOf(image), want, 0);
  // The typo in the second line, read from the picture: marked OCR, boxed where the second
  // line is drawn (rows of 80 px from a margin of 100 px), severity kept at a clear reading.
  const Finding* typo = TypoAt(found, "一愁莫展");
  ASSERT_NE(typo, nullptr);
  EXPECT_TRUE(typo->ocr);
  ASSERT_TRUE(typo->box.has_value());
  EXPECT_GE(typo->box->y, 170);
  EXPECT_LE(typo->box->y + typo->box->height, 270);
  EXPECT_GT(typo->box->width, 0);
  EXPECT_EQ(typo->suggestion, "一筹莫展");
  EXPECT_EQ(typo->severity, Severity::kMajor) << typo->message;
}

// Issue 13: the scanned picture of a printed list is summarised per column like a
// spreadsheet. A 公示 table of 16 people (序号, 姓名, 身份证号码, 联系电话; tests/cjk_render.h
// RenderTable), `pixel_size` pixels an em (50 is 12 pt at 300 dpi), turned `degrees`: OCR
// reads lines of words, their boxes give the columns back, and the text output says
// 第3列共 12 个完整身份证号 and 第4列共 14 个完整手机号, every number found in its column.
void ExpectListSummarisedPerColumn(int pixel_size, double degrees) {
  std::string font = testing_writers::FindCjkFont();
  if (font.empty()) GTEST_SKIP() << kNoFont;
  auto rows = MakeList(16);  // rows 0 and 10 masked, 1 and 11 a wrong check digit
  std::vector<std::vector<std::string>> cells = {{"序号", "姓名", "身份证号码", "联系电话"}};
  std::set<std::string> want;
  for (size_t i = 0; i < rows.size(); ++i) {
    cells.push_back({std::to_string(i + 1), rows[i].name, rows[i].id, rows[i].mobile});
    if (i % 10 != 0 && i % 10 != 1) want.insert(rows[i].id);
  }
  ASSERT_EQ(want.size(), 12u);
  auto image = testing_writers::RenderTable(font, {"补贴发放名单"}, cells, pixel_size);
  ASSERT_GT(image.width, 0) << font;
  if (degrees != 0) image = testing_writers::Rotated(image, degrees);
  std::vector<Finding> found =
      ExpectScannedList("名单扫描件.png", testing_writers::PngOf(image), want, 0);
  std::set<std::string> ids;
  size_t mobiles = 0;
  for (const Finding& f : found) {
    if (f.rule == "privacy-id-card") {
      ids.insert(Upper(f.text));
      EXPECT_EQ(f.cell.substr(0, 1), "C") << f.text << " at " << f.cell;
    }
    if (f.rule == "privacy-mobile") {
      ++mobiles;
      EXPECT_EQ(f.cell.substr(0, 1), "D") << f.text << " at " << f.cell;
    }
  }
  EXPECT_EQ(ids, want);
  EXPECT_EQ(mobiles, 14u);
  std::ostringstream text;
  auto printer = MakePrinter("text", text, {});
  printer->OnDocument("名单扫描件.png", found);
  printer->Finish();
  std::string out = text.str();
  for (std::string line :
       {"critical [privacy/privacy-id-card] 【OCR】第3列共 12 个完整身份证号（C 列，另见 C",
        "[privacy/privacy-mobile] 【OCR】第4列共 14 个完整手机号（D 列，另见 D"}) {
    EXPECT_NE(out.find(line), std::string::npos) << line << "\n" << out;
  }
  // Each summary's first finding names its cell in the picture and the box of its words.
  EXPECT_NE(out.find("名单扫描件.png:C4:["), std::string::npos) << out;
}

TEST(Ocr, ScannedListIsSummarisedPerColumn) { ExpectListSummarisedPerColumn(50, 0); }

// The same list laid 1.5 degrees askew on the scanner.
TEST(Ocr, ScannedListAskewIsSummarisedPerColumn) { ExpectListSummarisedPerColumn(50, 1.5); }

// The same list scanned at 200 dpi (12 pt is 33 pixels an em).
TEST(Ocr, ScannedListAt200DpiIsSummarisedPerColumn) { ExpectListSummarisedPerColumn(33, 0); }

TEST(Ocr, ScannedChinesePdfPageWithoutTextLayer) {
  std::string font = testing_writers::FindCjkFont();
  if (font.empty()) GTEST_SKIP() << kNoFont;
  std::set<std::string> want;
  auto image = testing_writers::RenderChinese(font, ChineseList(want));
  std::vector<Finding> found =
      ExpectScannedList("名单扫描件.pdf", testing_writers::ScannedPdf(image), want, 1);
  const Finding* typo = TypoAt(found, "按装");
  ASSERT_NE(typo, nullptr);
  EXPECT_TRUE(typo->ocr);
  EXPECT_EQ(typo->page, 1);
  EXPECT_TRUE(typo->box.has_value());
}

// A printed table as OCR returns it, made by hand: each Han character its own word (as
// Tesseract often splits them), a number one word, 50 px a character, 28 px a digit. The
// columns start at 100, 260, 560 and 1220 px; rows 80 px apart below a title; the page is
// turned `degrees` about its top left corner. `want` gets each line's cells' columns.
internal::OcrPage HandMadeTable(double degrees, std::vector<std::vector<int>>& want) {
  const double a = degrees * 3.14159265358979 / 180;
  auto word = [&](const std::string& text, int x, int y, int w) {
    internal::OcrWord out;
    out.text = text;
    out.box = {static_cast<int>(std::lround(x * std::cos(a) - y * std::sin(a))),
               static_cast<int>(std::lround(x * std::sin(a) + y * std::cos(a))), w, 44};
    out.confidence = 95;
    return out;
  };
  auto cell = [&](internal::OcrLine& line, const std::string& text, int x, int y) {
    bool digits = text.find_first_not_of("0123456789X*") == std::string::npos;
    if (digits) {
      line.words.push_back(word(text, x, y, 28 * static_cast<int>(text.size())));
      return;
    }
    for (size_t i = 0; i < text.size(); i += 3) {
      line.words.push_back(word(text.substr(i, 3), x, y, 44));
      x += 50;
    }
  };
  const int starts[] = {100, 260, 560, 1220};
  internal::OcrPage page;
  want.clear();
  auto text_line = [&](const std::string& text, int y) {
    internal::OcrLine line;
    cell(line, text, 100, y);
    page.lines.push_back(line);
    want.push_back({});
  };
  text_line("补贴发放名单公示", 100);
  std::vector<std::vector<std::string>> rows = {{"序号", "姓名", "身份证号码", "联系电话"}};
  auto list = MakeList(14);
  for (size_t i = 0; i < list.size(); ++i) {
    rows.push_back({std::to_string(i + 1), list[i].name, list[i].id, list[i].mobile});
  }
  rows[5] = {"", rows[5][1], "", ""};  // a row of one cell: the others empty
  rows[8][3] = "";                     // an empty cell at the end of a row
  rows[11][1] = "";                    // and inside one
  int y = 200;
  for (const auto& r : rows) {
    internal::OcrLine line;
    std::vector<int> columns;
    for (int c = 0; c < 4; ++c) {
      if (r[c].empty()) continue;
      size_t before = line.words.size();
      cell(line, r[c], starts[c], y);
      columns.insert(columns.end(), line.words.size() - before, c);
    }
    page.lines.push_back(line);
    want.push_back(columns);
    y += 80;
  }
  text_line("以上名单如有异议请于七日内提出", y + 40);
  return page;
}

// The columns of a table are found again from the words' boxes, whatever the skew of the
// scan, with a header, ragged right edges, a row of one cell and empty cells: every word of
// every row in its column, the rows numbered top down, the lines above and below not in it.
TEST(OcrTable, ColumnsComeBackFromTheWordBoxesAtAnySkew) {
  for (double degrees : {0.0, 1.5, -3.0, 5.0}) {
    SCOPED_TRACE(degrees);
    std::vector<std::vector<int>> want;
    internal::OcrPage page = HandMadeTable(degrees, want);
    std::vector<internal::OcrLinePlace> places = internal::PlaceOcrLines(page);
    ASSERT_EQ(places.size(), page.lines.size());
    EXPECT_EQ(places.front().table, -1);
    EXPECT_EQ(places.back().table, -1);
    for (size_t l = 1; l + 1 < places.size(); ++l) {
      SCOPED_TRACE(l);
      EXPECT_EQ(places[l].table, 0);
      EXPECT_EQ(places[l].row, static_cast<int>(l) - 1);
      EXPECT_EQ(places[l].columns, 4);
      EXPECT_EQ(places[l].word_columns, want[l]);
    }
  }
}

// Lines of prose, and two lines that each have a wide gap, are no table.
TEST(OcrTable, ProseAndTwoGappedLinesAreNoTable) {
  internal::OcrPage page;
  for (int l = 0; l < 6; ++l) {
    internal::OcrLine line;
    for (int i = 0; i < 20; ++i) {
      // Lines 2 and 3 have a gap of three characters in the middle.
      int x = 100 + i * 50 + ((l == 2 || l == 3) && i >= 10 ? 150 : 0);
      line.words.push_back({"字", {x, 100 + l * 80, 44, 44}, 90});
    }
    page.lines.push_back(line);
  }
  for (const internal::OcrLinePlace& p : internal::PlaceOcrLines(page)) EXPECT_EQ(p.table, -1);
}

// One region per OCR word, as AppendOcrPage makes them: `words` are (text, confidence), each
// boxed 50 px wide on one line.
Document OcrWords(const std::vector<std::pair<std::string, int>>& words) {
  Document doc;
  int x = 100;
  for (const auto& [text, confidence] : words) {
    Region r;
    r.offset = doc.original.size();
    r.ocr = true;
    r.confidence = confidence;
    r.has_box = true;
    r.box = {x, 20, 50 * static_cast<int>(text.size() / 3), 40};
    x += r.box.width;
    doc.regions.push_back(r);
    doc.original += text;
  }
  doc.original += "\n";
  return doc;
}

Finding At(const Document& doc, std::string_view text, Category category, Severity severity) {
  Finding f;
  f.category = category;
  f.severity = severity;
  f.offset = doc.original.find(text);
  f.length = text.size();
  SetRegionFields(doc, f);
  return f;
}

// The typo 按装 is two OCR words: 按 read clearly, 装 not. The finding takes the confidence of
// all the words it covers (not the first alone), as the mean over their characters, and the
// box around them.
TEST(Ocr, LowConfidenceOfTheCoveredWordsLowersTypos) {
  Document doc = OcrWords({{"各", 97}, {"按", 93}, {"装", 35}, {"监控", 96}});
  Finding typo = At(doc, "按装", Category::kTypo, Severity::kMajor);
  EXPECT_EQ(typo.severity, Severity::kMinor);
  EXPECT_NE(typo.message.find("OCR 识别置信度 64%，可能是识别错误"), std::string::npos)
      << typo.message;
  EXPECT_TRUE(typo.ocr);
  ASSERT_TRUE(typo.box.has_value());
  EXPECT_EQ(typo.box->x, 150);
  EXPECT_EQ(typo.box->width, 100) << "the box holds both words";
  // Words around it do not count: 监控 alone is sure.
  Finding clear = At(doc, "监控", Category::kTypo, Severity::kMajor);
  EXPECT_EQ(clear.severity, Severity::kMajor);
  EXPECT_EQ(clear.message, "");
  // A sure reading of both words keeps the severity.
  Document sure = OcrWords({{"按", 93}, {"装", 88}});
  EXPECT_EQ(At(sure, "按装", Category::kTypo, Severity::kMajor).severity, Severity::kMajor);
  // One unsure character of four read well does not lower it: (24 + 3 × 95) / 4 = 77.
  Document mostly = OcrWords({{"一", 24}, {"愁莫展", 95}});
  EXPECT_EQ(At(mostly, "一愁莫展", Category::kTypo, Severity::kMajor).severity, Severity::kMajor);
  // Punctuation and format findings are lowered too; info stays info.
  EXPECT_EQ(At(doc, "按装", Category::kPunctuation, Severity::kMinor).severity, Severity::kInfo);
  EXPECT_EQ(At(doc, "按装", Category::kFormat, Severity::kInfo).severity, Severity::kInfo);
}

TEST(Ocr, LowConfidenceKeepsPrivacyAndSecrecyAndAsksForALook) {
  Document doc = OcrWords({{"身份", 97}, {"号", 91}, {"330302199003071231", 40}, {"绝密", 30}});
  Finding id = At(doc, "330302199003071231", Category::kPrivacy, Severity::kCritical);
  EXPECT_EQ(id.severity, Severity::kCritical);
  EXPECT_NE(id.message.find("OCR 识别置信度 40%，请对照原图核对"), std::string::npos) << id.message;
  EXPECT_TRUE(id.ocr);
  ASSERT_TRUE(id.box.has_value());
  EXPECT_EQ(id.box->height, 40);
  Finding secret = At(doc, "绝密", Category::kSecrecy, Severity::kCritical);
  EXPECT_EQ(secret.severity, Severity::kCritical);
  EXPECT_NE(secret.message.find("OCR 识别置信度 30%"), std::string::npos);
}

// Text not from OCR has no confidence: nothing is lowered or added.
TEST(Ocr, TextLayerFindingsAreLeftAsTheyAre) {
  Document doc;
  doc.original = "各单位要按装监控设备。\n";
  Region r;
  r.page = 2;
  doc.regions.push_back(r);
  Finding typo = At(doc, "按装", Category::kTypo, Severity::kMajor);
  EXPECT_EQ(typo.severity, Severity::kMajor);
  EXPECT_EQ(typo.page, 2);
  EXPECT_FALSE(typo.ocr);
  EXPECT_FALSE(typo.box.has_value());
  EXPECT_EQ(typo.message, "");
}

// A clock for the OCR deadline that jumps 100 s at each of its first `jumps` readings, then
// stands still: a page is over its 60 s by the test's say, whatever the machine's load.
std::function<std::chrono::steady_clock::time_point()> JumpingClock(int jumps) {
  auto readings = std::make_shared<int>(0);
  return [readings, jumps] {
    int n = std::min(*readings, jumps);
    ++*readings;
    return std::chrono::steady_clock::time_point() + std::chrono::seconds(100 * n);
  };
}

TEST(Ocr, APictureOverItsTimeIsNamedAndWhatWasReadIsKept) {
  std::string font = testing_writers::FindCjkFont();
  if (font.empty()) GTEST_SKIP() << kNoFont;
  auto image = testing_writers::RenderChinese(font, {"各单位要按装监控设备。"});
  ReadOptions options;
  options.ocr_clock = JumpingClock(1000);
  Result<Document> doc = ReadDocument("公告.png", testing_writers::PngOf(image), options);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  ASSERT_EQ(doc->problems.size(), 1u);
  EXPECT_EQ(doc->problems[0].message, "图片的文字识别超过每页 60 秒的时限，只检查了已识别的部分");
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  bool named = false;
  for (const Finding& f : rules->Check(*doc)) {
    if (f.message.find("文字识别超过每页 60 秒") != std::string::npos) {
      named = true;
      EXPECT_EQ(f.source, "公告.png");
    }
  }
  EXPECT_TRUE(named) << "the cut is a finding naming the picture";
}

// The first page of a two-page scan runs over its time; the second is read in full.
TEST(Ocr, APageOverItsTimeIsNamedAndTheNextPagesAreRead) {
  std::string font = testing_writers::FindCjkFont();
  if (font.empty()) GTEST_SKIP() << kNoFont;
  std::string pdf = testing_writers::ScannedPdfPages(
      {testing_writers::RenderChinese(font, {"面对困难不能一愁莫展。"}),
       testing_writers::RenderChinese(font, {"各单位要按装监控设备。"})});
  ReadOptions options;
  // Page 1: read at its start (0 s), then at its first word (100 s): over. Page 2 starts at
  // 200 s and the clock stands there.
  options.ocr_clock = JumpingClock(2);
  Result<Document> doc = ReadDocument("扫描件.pdf", pdf, options);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  ASSERT_EQ(doc->problems.size(), 1u) << doc->original;
  EXPECT_EQ(doc->problems[0].message,
            "第 1 页的文字识别超过每页 60 秒的时限，只检查了已识别的部分");
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  std::vector<Finding> found = rules->Check(*doc);
  const Finding* typo = TypoAt(found, "按装");
  ASSERT_NE(typo, nullptr) << doc->original;
  EXPECT_EQ(typo->page, 2);
  EXPECT_EQ(typo->source, "扫描件.pdf");
}

TEST(Ocr, HugeImageIsRefusedBeforeDecoding) {
  // A 20000×20000 PNG header (the pixels need not exist: the header is enough to refuse).
  std::string png(
      "\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\x4E\x20\0\0\x4E\x20\x08\x00\0\0\0"
      "\xC6\x1B\x19\xE5\0\0\0\0IEND\xAE\x42\x60\x82",
      45);
  Result<Document> doc = ReadDocument("巨图.png", png);
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("巨图.png: 图片过大（20000×20000 像素"), std::string::npos)
      << doc.status().message();
}

// Pictures on government sites are JPEG photos, GIF banners, BMP and TIFF scans as often as
// PNG: each is decoded by leptonica and read by OCR like a PNG.
TEST(Ocr, JpegGifBmpAndTiffAreDecodedAndRead) {
  const std::pair<std::string, int> formats[] = {{"照片.jpg", IFF_JFIF_JPEG},
                                                 {"横幅.gif", IFF_GIF},
                                                 {"扫描件.bmp", IFF_BMP},
                                                 {"扫描件.tif", IFF_TIFF_ZIP}};
  std::string font = testing_writers::FindCjkFont();
  testing_writers::GreyImage line =
      font.empty() ? testing_writers::GreyImage{40, 20, std::string(800, '\xFF')}
                   : testing_writers::RenderChinese(font, {"请按装新版软件。"});
  ASSERT_GT(line.width, 0) << font;
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  for (const auto& [name, format] : formats) {
    SCOPED_TRACE(name);
    std::string bytes = testing_writers::ImageOf(line, format);
    ASSERT_FALSE(bytes.empty()) << "leptonica cannot write this format";
    l_int32 written = IFF_UNKNOWN;
    findFileFormatBuffer(reinterpret_cast<const l_uint8*>(bytes.data()), &written);
    EXPECT_EQ(written, format == IFF_TIFF_ZIP ? IFF_TIFF : format) << "not a PNG in disguise";
    // Decoded without OCR: no error, and the one problem says only that OCR was off.
    ReadOptions no_ocr;
    no_ocr.ocr = false;
    Result<Document> decoded = ReadDocument(name, bytes, no_ocr);
    ASSERT_TRUE(decoded.ok()) << decoded.status().message();
    ASSERT_EQ(decoded->problems.size(), 1u);
    EXPECT_EQ(decoded->problems[0].message, "图片未做文字识别（OCR 已关闭），其中的文字未检查");
    if (font.empty()) continue;
    Result<Document> doc = ReadDocument(name, bytes);
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    std::vector<Finding> found = rules->Check(*doc);
    const Finding* typo = TypoAt(found, "按装");
    ASSERT_NE(typo, nullptr) << doc->original;
    EXPECT_TRUE(typo->ocr);
    EXPECT_TRUE(typo->box.has_value() && typo->box->width > 0);
  }
  if (font.empty()) GTEST_SKIP() << kNoFont << "；只测试了解码，未做文字识别";
}

// The size is checked from the header, whatever the format: a 20000×20000 TIFF (a blank
// page, tiny as G4) is refused before leptonica decodes its 400 million pixels.
TEST(Ocr, HugeTiffIsRefusedByName) {
  Pix* pix = pixCreate(20000, 20000, 1);
  ASSERT_NE(pix, nullptr);
  l_uint8* bytes = nullptr;
  size_t size = 0;
  int failed = pixWriteMem(&bytes, &size, pix, IFF_TIFF_G4);
  pixDestroy(&pix);
  ASSERT_EQ(failed, 0);
  std::string tiff(reinterpret_cast<char*>(bytes), size);
  lept_free(bytes);
  Result<Document> doc = ReadDocument("巨图.tif", tiff);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message().rfind("巨图.tif: 图片过大（20000×20000 像素", 0), 0u)
      << doc.status().message();
}

// JPEG, GIF and BMP headers claiming 20000×20000: small real files whose size fields are
// rewritten, so the pixels behind them do not exist. Each is refused by its header; leptonica
// reads a GIF's or a BMP's "header" by decoding the whole picture, so those must be refused
// before leptonica sees them.
void PutBigEndian16(std::string& bytes, size_t at, unsigned value) {
  bytes[at] = static_cast<char>(value >> 8);
  bytes[at + 1] = static_cast<char>(value & 0xFF);
}
void PutLittleEndian16(std::string& bytes, size_t at, unsigned value) {
  bytes[at] = static_cast<char>(value & 0xFF);
  bytes[at + 1] = static_cast<char>(value >> 8);
}

TEST(Ocr, HugeJpegGifAndBmpHeadersAreRefusedByName) {
  testing_writers::GreyImage small{16, 16, std::string(256, '\x80')};
  std::string jpeg = testing_writers::ImageOf(small, IFF_JFIF_JPEG);
  size_t sof = jpeg.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  PutBigEndian16(jpeg, sof + 5, 20000);  // height
  PutBigEndian16(jpeg, sof + 7, 20000);  // width

  std::string gif = testing_writers::ImageOf(small, IFF_GIF);
  ASSERT_EQ(gif.rfind("GIF8", 0), 0u);
  PutLittleEndian16(gif, 6, 20000);  // the logical screen
  PutLittleEndian16(gif, 8, 20000);
  size_t image = gif.find(std::string("\x2C\0\0\0\0\x10\0\x10\0", 9));
  ASSERT_NE(image, std::string::npos);
  PutLittleEndian16(gif, image + 5, 20000);  // the image descriptor
  PutLittleEndian16(gif, image + 7, 20000);
  // A GIF whose screen is small but whose image is huge: giflib allocates for the image.
  std::string gif_image_only = testing_writers::ImageOf(small, IFF_GIF);
  image = gif_image_only.find(std::string("\x2C\0\0\0\0\x10\0\x10\0", 9));
  ASSERT_NE(image, std::string::npos);
  PutLittleEndian16(gif_image_only, image + 5, 20000);
  PutLittleEndian16(gif_image_only, image + 7, 20000);

  std::string bmp = testing_writers::ImageOf(small, IFF_BMP);
  ASSERT_EQ(bmp.rfind("BM", 0), 0u);
  PutLittleEndian16(bmp, 18, 20000);  // width, a 32-bit field
  PutLittleEndian16(bmp, 22, 20000);  // height

  const std::pair<std::string, std::string> files[] = {
      {"巨图.jpg", jpeg}, {"巨图.gif", gif}, {"巨幅横图.gif", gif_image_only}, {"巨图.bmp", bmp}};
  for (const auto& [name, bytes] : files) {
    SCOPED_TRACE(name);
    Result<Document> doc = ReadDocument(name, bytes);
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(
        doc.status().message().rfind(name + ": 图片过大（20000×20000 像素，上限 60 百万像素）", 0),
        0u)
        << doc.status().message();
  }
}

TEST(Ocr, AnImageWithOcrOffIsNamedNotPassed) {
  testing_writers::GreyImage white{40, 20, std::string(800, '\xFF')};
  ReadOptions options;
  options.ocr = false;
  Result<Document> doc = ReadDocument("照片.png", testing_writers::PngOf(white), options);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  ASSERT_EQ(doc->problems.size(), 1u);
  EXPECT_EQ(doc->problems[0].message, "图片未做文字识别（OCR 已关闭），其中的文字未检查");
}

TEST(Ocr, BrokenImageIsAClearError) {
  Result<Document> doc = ReadDocument("坏.png", std::string("\x89PNG\r\n\x1A\n garbage", 17));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message().rfind("坏.png: 图片无法解码", 0), 0u) << doc.status().message();
}

}  // namespace
}  // namespace cuomin::scanner
