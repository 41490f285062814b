// The document readers: encodings, plain text, HTML (Gumbo), .docx (libzip + pugixml), and
// the errors users see for bad input. Every block's map must point at its bytes in `original`.
#include <gtest/gtest.h>
#include <unicode/ucnv.h>
#include <unistd.h>
#include <zip.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "scanner/document.h"
#include "scanner/read/encoding_internal.h"
#include "scanner/reader.h"
#include "test_paths.h"

namespace cuomin::scanner {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Testdata(const std::string& name) {
  return cuomin::test_paths::Testdata() + "/readers/" + name;
}

// UTF-8 -> bytes in `charset`, through ICU (how the GBK fixtures are made).
std::string Transcode(const std::string& utf8, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  int32_t n = ucnv_convert(charset, "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                           utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  out.resize(n);
  return out;
}

std::string Slice(const Document& doc, const Block& b, size_t begin, size_t end) {
  size_t ob = b.map.ToOriginal(begin), oe = b.map.ToOriginal(end);
  if (ob > doc.original.size() || oe > doc.original.size() || oe < ob) return "<out of range>";
  return doc.original.substr(ob, oe - ob);
}

// Every code point of the block maps onto the same bytes in `original`, onto a character
// reference (&...;) that produced it, or (a collapsed space) onto source whitespace.
void ExpectMapsExactly(const Document& doc, const Block& b) {
  SCOPED_TRACE("block: " + b.text);
  for (size_t i = 0; i < b.text.size();) {
    size_t start = i;
    utf8::Next(b.text, i);
    size_t o = b.map.ToOriginal(start);
    ASSERT_LT(o, doc.original.size());
    std::string_view want = std::string_view(b.text).substr(start, i - start);
    char first = doc.original[o];
    bool ok = doc.original.compare(o, want.size(), want) == 0 || first == '&' ||
              (want == " " && (first == '\n' || first == '\t' || first == '\r'));
    EXPECT_TRUE(ok) << "text byte " << start << " '" << want << "' maps to original byte " << o
                    << " '" << doc.original.substr(o, 8) << "'";
  }
  EXPECT_LE(b.map.ToOriginal(b.text.size()), doc.original.size());
}

std::vector<std::string> Texts(const Document& doc) {
  std::vector<std::string> out;
  for (const Block& b : doc.blocks) out.push_back(b.text);
  return out;
}

const Block* FindBlock(const Document& doc, std::string_view text) {
  for (const Block& b : doc.blocks) {
    if (b.text == text) return &b;
  }
  return nullptr;
}

// ---- Encodings -----------------------------------------------------------------------------

const std::string kNotice =
    "为深入贯彻落实《中华人民共和国政府信息公开条例》，进一步做好政务公开工作，"
    "现将有关事项通知如下。";

TEST(DecodeBytes, GbkDeclaredGb2312IsDecodedAsGb18030) {
  // 镕 and 堃 are GBK but not GB2312: pages declared GB2312 contain them.
  std::string text = kNotice + "朱镕基、王堃";
  std::string gbk = Transcode(text, "GBK");
  Result<Decoded> d = DecodeBytes(gbk, "gb2312");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->encoding, "GB18030");
  EXPECT_EQ(d->text, text);
}

TEST(DecodeBytes, UndeclaredGbkIsDetectedAsGb18030) {
  std::string gbk = Transcode(kNotice, "GBK");
  Result<Decoded> d = DecodeBytes(gbk);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->encoding, "GB18030");
  EXPECT_EQ(d->text, kNotice);
}

TEST(DecodeBytes, ValidUtf8WinsOverDeclaredGb2312) {
  Result<Decoded> d = DecodeBytes(kNotice, "GB2312");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->encoding, "UTF-8");
  EXPECT_EQ(d->text, kNotice);
}

TEST(DecodeBytes, BomsAreHonouredAndRemoved) {
  Result<Decoded> u8 = DecodeBytes("\xEF\xBB\xBF" + kNotice);
  ASSERT_TRUE(u8.ok());
  EXPECT_EQ(u8->encoding, "UTF-8");
  EXPECT_EQ(u8->text, kNotice);

  for (const char* charset : {"UTF-16LE", "UTF-16BE"}) {
    std::string bom = std::string(charset) == "UTF-16LE" ? "\xFF\xFE" : "\xFE\xFF";
    // A BOM wins even over a wrong declaration.
    Result<Decoded> d = DecodeBytes(bom + Transcode(kNotice, charset), "GBK");
    ASSERT_TRUE(d.ok()) << charset;
    EXPECT_EQ(d->encoding, charset);
    EXPECT_EQ(d->text, kNotice) << charset;
  }
}

TEST(DecodeBytes, ForcedEncodingWinsAndUnknownNameIsAnError) {
  std::string gbk = Transcode(kNotice, "GBK");
  Result<Decoded> d = DecodeBytes(gbk, "UTF-8", "GBK");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->encoding, "GB18030");
  EXPECT_EQ(d->text, kNotice);

  Result<Decoded> bad = DecodeBytes(gbk, "", "no-such-charset");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("no-such-charset"), std::string::npos)
      << bad.status().message();
}

TEST(DecodeBytes, InvalidSequencesBecomeReplacementCharacters) {
  // GBK text with a truncated double-byte character at the end.
  std::string gbk = Transcode("政务公开", "GBK") + "\xB9";
  Result<Decoded> d = DecodeBytes(gbk, "GBK");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->text, "政务公开\xEF\xBF\xBD");
  // Forced UTF-8 over GBK bytes: never fails, replacement characters instead.
  Result<Decoded> u = DecodeBytes(gbk, "", "UTF-8");
  ASSERT_TRUE(u.ok());
  EXPECT_TRUE(utf8::IsValid(u->text));
  EXPECT_NE(u->text.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(SniffMetaCharset, FindsBothMetaForms) {
  EXPECT_EQ(encoding::SniffMetaCharset("<html><head><meta charset=\"GBK\"><title>x</title>"),
            "gbk");
  EXPECT_EQ(encoding::SniffMetaCharset(
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"),
            "gb2312");
  EXPECT_EQ(encoding::SniffMetaCharset("<meta name=\"keywords\" content=\"政务公开\">"), "");
}

TEST(DecodeBytes, RealPagesDeclaredGb2312ButUtf8) {
  for (const char* name :
       {"declared-gb2312-actually-utf8-1.html", "declared-gb2312-actually-utf8-2.html"}) {
    std::string path = cuomin::test_paths::Testdata() + "/pages/" + name;
    std::string bytes = ReadFile(path);
    ASSERT_FALSE(bytes.empty()) << path;
    EXPECT_EQ(encoding::SniffMetaCharset(bytes), "gb2312") << name;
    Result<Document> doc = ReadDocument(name, bytes);
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    EXPECT_EQ(doc->encoding, "UTF-8") << name;
    ASSERT_FALSE(doc->blocks.empty());
    EXPECT_EQ(doc->blocks.front().kind, BlockKind::kTitle) << name;
    for (const Block& b : doc->blocks) ExpectMapsExactly(*doc, b);
  }
  Result<Document> doc = ReadDocumentFile(cuomin::test_paths::Testdata() +
                                          "/pages/declared-gb2312-actually-utf8-1.html");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->blocks.front().text, "女儿出嫁，郑板桥画了几笔兰花当嫁妆--文化--人民网");
}

// ---- Plain text ----------------------------------------------------------------------------

TEST(TextReader, OneBlockPerLineWithExactMaps) {
  std::string text =
      "关于做好2024年政务公开工作的通知\r\n"
      "\r\n"
      "各乡镇人民政府、街道办事处：\r\n"
      "   \r\n"
      "　　现将有关事项通知如下。\n"
      "一是加强政策解读\r"  // a lone CR ends a line too
      "二是回应社会关切";
  Result<Document> doc = ReadDocument("通知.txt", text);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->format, "text");
  EXPECT_EQ(doc->encoding, "UTF-8");
  EXPECT_EQ(doc->original, text);
  std::vector<std::string> want = {"关于做好2024年政务公开工作的通知",
                                   "各乡镇人民政府、街道办事处：", "　　现将有关事项通知如下。",
                                   "一是加强政策解读", "二是回应社会关切"};
  EXPECT_EQ(Texts(*doc), want);
  for (const Block& b : doc->blocks) {
    EXPECT_EQ(b.kind, BlockKind::kParagraph);
    EXPECT_EQ(b.table, -1);
    EXPECT_EQ(Slice(*doc, b, 0, b.text.size()), b.text);
  }
  // "街道办事处" inside the second block points at its bytes.
  const Block& b = doc->blocks[1];
  size_t at = b.text.find("街道办事处");
  EXPECT_EQ(Slice(*doc, b, at, at + std::string("街道办事处").size()), "街道办事处");
  LineIndex lines(doc->original);
  EXPECT_EQ(lines.At(b.map.ToOriginal(at)).line, 3u);
  EXPECT_EQ(lines.At(b.map.ToOriginal(at)).column, 9u);
}

// A text that is one enormous line (a PDF extraction, a page without paragraphs) is cut into
// blocks of at most kMaxBlockBytes, after sentence ends where no bracket or quotation is open,
// without losing or moving a byte; line and column numbers stay exact far into the line.
TEST(TextReader, EnormousLineIsCutIntoBoundedBlocksAfterSentences) {
  const std::string sentence =
      "根据《中华人民共和国政府信息公开条例》（国务院令第711号）规定，“放管服”改革持续深化。"
      "全年共受理政府信息公开申请1287件，同比增长12.5%！";
  std::string line;
  while (line.size() < 5 * kMaxBlockBytes) line += sentence;
  Result<Document> doc = ReadDocument("a.txt", "标题\n" + line + "\n结尾");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  ASSERT_GT(doc->blocks.size(), 6u);
  std::string joined;
  for (size_t i = 1; i + 1 < doc->blocks.size(); ++i) {
    const Block& b = doc->blocks[i];
    EXPECT_LE(b.text.size(), kMaxBlockBytes);
    EXPECT_EQ(Slice(*doc, b, 0, b.text.size()), b.text);
    // Every cut is where a sentence of `sentence` ends: both marks and quotes are closed.
    if (i + 2 < doc->blocks.size()) {
      const std::string_view t = b.text;
      EXPECT_TRUE(t.ends_with("持续深化。") || t.ends_with("12.5%！")) << t.substr(t.size() - 30);
    }
    joined += b.text;
  }
  EXPECT_EQ(joined, line);
  EXPECT_EQ(doc->blocks.back().text, "结尾");

  // Column numbers count code points from the line start, checkpoints or not.
  LineIndex lines(doc->original);
  const Block& last_piece = doc->blocks[doc->blocks.size() - 2];
  const size_t at = last_piece.text.rfind("1287");
  const size_t offset = last_piece.map.ToOriginal(at);
  EXPECT_EQ(lines.At(offset).line, 2u);
  EXPECT_EQ(lines.At(offset).column,
            utf8::CountCodePoints(std::string_view(doc->original).substr(7, offset - 7)) + 1);
  EXPECT_EQ(doc->original.substr(offset, 4), "1287");
}

// LineIndex's checkpoints in long lines give the same columns as counting from the line
// start, also in malformed text (stray continuation bytes, cut sequences).
TEST(LineIndex, LongLinesWithMalformedBytesCountLikeFromTheStart) {
  std::mt19937 rng(11);
  const std::vector<std::string> pieces = {
      "政", "府", "a", "\xE6\x94", "\x80", "\xF0\x9F\x98\x80", "，", "\xC3", "\n"};
  std::string text;
  while (text.size() < 100000) {
    const std::string& p = pieces[rng() % pieces.size()];
    if (p == "\n" && rng() % 50) continue;  // a few long lines
    text += p;
  }
  LineIndex lines(text);
  for (int i = 0; i < 2000; ++i) {
    const size_t offset = rng() % (text.size() + 1);
    const size_t start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    const size_t line_start = start == std::string::npos || offset == 0 ? 0 : start + 1;
    const size_t line = 1 + std::count(text.begin(), text.begin() + line_start, '\n');
    const auto pos = lines.At(offset);
    ASSERT_EQ(pos.line, line) << offset;
    ASSERT_EQ(
        pos.column,
        utf8::CountCodePoints(std::string_view(text).substr(line_start, offset - line_start)) + 1)
        << offset;
  }
}

TEST(TextReader, Utf16LeWithBom) {
  std::string utf8 = "德清县人民政府\r\n办公室关于印发通知";
  std::string bytes = "\xFF\xFE" + Transcode(utf8, "UTF-16LE");
  Result<Document> doc = ReadDocument("a.txt", bytes);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->encoding, "UTF-16LE");
  EXPECT_EQ(doc->original, utf8);
  EXPECT_EQ(Texts(*doc), (std::vector<std::string>{"德清县人民政府", "办公室关于印发通知"}));
}

TEST(TextReader, EmptyFileHasNoBlocksAndIsNotAnError) {
  Result<Document> doc = ReadDocument("empty.txt", "");
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(doc->blocks.empty());
  Result<Document> html = ReadDocument("empty.html", "");
  ASSERT_TRUE(html.ok());
  EXPECT_TRUE(html->blocks.empty());
}

// ---- HTML ----------------------------------------------------------------------------------

TEST(HtmlReader, VisibleTextBlocksKindsAndMaps) {
  std::string html =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>德清县人民政府 &gt; 通知公告"
      "</title><style>p{color:red}</style><script>var s=\"不可见的脚本\";</script></head>\n"
      "<body><noscript>请启用脚本</noscript><!-- 注释里的文字 -->\n"
      "<h2>关于开展<b>安全生产</b>大检查的通知</h2>\n"
      "<p>各乡镇人民政府、\n街道办事处：</p>\n"
      "<p>根据&lt;安全生产法&gt;规定，<span>现将</span>有关事项<a href=\"/a.html\">通知</a>如下"
      "。<br>一、检查时间&nbsp;2024年5月</p>\n"
      "<div style=\"display: none\">隐藏的文字<a href=\"http://bad.example/\">博彩</a></div>\n"
      "<p hidden>也隐藏</p><ul><li>企业自查</li><li>部门<em>抽查</em></li></ul>\n"
      "<template><p>模板</p></template></body></html>";
  Result<Document> doc = ReadDocument("notice.html", html);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->format, "html");
  EXPECT_EQ(doc->original, html);
  std::vector<std::string> want = {
      "德清县人民政府 > 通知公告",
      "关于开展安全生产大检查的通知",
      "各乡镇人民政府、街道办事处：",  // the source line break between Han characters is dropped
      "根据<安全生产法>规定，现将有关事项通知如下。",
      "一、检查时间\u00A02024年5月",
      "企业自查",
      "部门抽查",
  };
  EXPECT_EQ(Texts(*doc), want);
  ASSERT_EQ(doc->blocks.size(), want.size());
  EXPECT_EQ(doc->blocks[0].kind, BlockKind::kTitle);
  EXPECT_EQ(doc->blocks[1].kind, BlockKind::kHeading);
  EXPECT_EQ(doc->blocks[2].kind, BlockKind::kParagraph);
  EXPECT_EQ(doc->blocks[5].kind, BlockKind::kListItem);
  EXPECT_EQ(doc->blocks[6].kind, BlockKind::kListItem);
  for (const Block& b : doc->blocks) ExpectMapsExactly(*doc, b);

  // Plain text inside a paragraph maps back exactly.
  const Block& p = doc->blocks[3];
  size_t at = p.text.find("有关事项");
  EXPECT_EQ(Slice(*doc, p, at, at + std::string("有关").size()), "有关");
  size_t xj = p.text.find("现将");
  EXPECT_EQ(doc->original.compare(p.map.ToOriginal(xj), 6, "现将"), 0);
  // An entity maps onto the whole entity.
  size_t lt = p.text.find('<');
  EXPECT_EQ(Slice(*doc, p, lt, lt + 1), "&lt;");
  size_t gt = p.text.find('>');
  EXPECT_EQ(Slice(*doc, p, lt + 1, gt), "安全生产法");
  EXPECT_EQ(Slice(*doc, p, gt, gt + 1), "&gt;");
  // The &nbsp; at the end of the word maps onto the entity.
  const Block& br = doc->blocks[4];
  size_t nb = br.text.find("\u00A0");
  EXPECT_EQ(Slice(*doc, br, nb, nb + 2), "&nbsp;");
  // Nothing hidden leaks.
  for (const Block& b : doc->blocks) {
    for (const char* hidden : {"不可见", "请启用", "注释", "隐藏", "博彩", "模板", "color"}) {
      EXPECT_EQ(b.text.find(hidden), std::string::npos) << b.text;
    }
  }

  ASSERT_EQ(doc->links.size(), 2u);
  EXPECT_EQ(doc->links[0].href, "/a.html");
  EXPECT_EQ(doc->links[0].text, "通知");
  EXPECT_FALSE(doc->links[0].hidden);
  EXPECT_EQ(doc->original.compare(doc->links[0].original_offset, 2, "<a"), 0);
  EXPECT_EQ(doc->links[1].href, "http://bad.example/");
  EXPECT_EQ(doc->links[1].text, "博彩");
  EXPECT_TRUE(doc->links[1].hidden);
  EXPECT_NE(doc->links[1].hidden_reason.find("display:none"), std::string::npos);
}

TEST(HtmlReader, InlineStylesAreJudgedByTheSameRulesAsStyleSheets) {
  // Hidden by every way the hidden-link pass knows, written inline: the text is not checked
  // and its link is hidden with the reason, as with display:none.
  struct Case {
    const char* style;
    const char* reason;
  } cases[] = {
      {"DISPLAY: none", "行内样式 display:none"},
      {"position:absolute; left:-9999px", "行内样式 绝对定位到屏幕外（left:-9999px）"},
      {"font-size:0", "行内样式 font-size:0"},
      {"text-indent:-5000px", "行内样式 文字缩进到屏幕外（text-indent:-5000px）"},
  };
  for (const Case& c : cases) {
    std::string html = std::string("<p>正文通知。</p><div style=\"") + c.style +
                       "\">澳门赌场<a href=\"http://bad.example/\">博彩</a></div>";
    Result<Document> doc = ReadDocument("s.html", html);
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    ASSERT_EQ(doc->blocks.size(), 1u) << c.style;
    EXPECT_EQ(doc->blocks[0].text, "正文通知。");
    ASSERT_EQ(doc->links.size(), 1u) << c.style;
    EXPECT_TRUE(doc->links[0].hidden) << c.style;
    EXPECT_EQ(doc->links[0].hidden_reason, c.reason) << c.style;
  }
}

TEST(HtmlReader, EntityEdgeCasesMapOntoTheirSource) {
  // Legacy references without ';', unknown names left as written, numeric references.
  std::string html = "<p>A&amp;B &notit; &copy2 &foo; x&#20013;&#x6587;\r\n&lt;&gt;</p>";
  Result<Document> doc = ReadDocument("e.html", html);
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc->blocks.size(), 1u);
  const Block& b = doc->blocks[0];
  EXPECT_EQ(b.text, "A&B \u00ACit; \u00A92 &foo; x中文 <>");
  ExpectMapsExactly(*doc, b);
  auto at = [&](std::string_view piece) { return b.text.find(piece); };
  EXPECT_EQ(Slice(*doc, b, at("&B"), at("&B") + 1), "&amp;");
  EXPECT_EQ(Slice(*doc, b, at("\u00AC"), at("\u00AC") + 2), "&not");
  EXPECT_EQ(Slice(*doc, b, at("\u00A9"), at("\u00A9") + 2), "&copy");
  EXPECT_EQ(Slice(*doc, b, at("&foo;"), at("&foo;") + 5), "&foo;");
  EXPECT_EQ(Slice(*doc, b, at("中文"), at("中文") + 6), "&#20013;&#x6587;");
  EXPECT_EQ(Slice(*doc, b, at("<>"), at("<>") + 2), "&lt;&gt;");
}

TEST(HtmlReader, TableCellsLineUpWithTheHeaderRow) {
  std::string html =
      "<table><tr><th>序号</th><th>项目名称</th><th>责任单位</th><th>完成时限</th></tr>\n"
      "<tr><td rowspan=\"2\">1</td><td colspan=\"2\">城乡供水一体化工程</td><td>6月底</td></tr>\n"
      "<tr><td>一期</td><td>县水利局</td><td>9月底</td></tr>\n"
      "<tr><td>2</td><td>老旧小区改造</td><td><p>县住建局</p><p>各街道</p></td><td>12月底</td>"
      "</tr></table><p>表格之后的段落</p>";
  Result<Document> doc = ReadDocument("table.html", html);
  ASSERT_TRUE(doc.ok());
  struct Want {
    const char* text;
    int row;
    int column;
  };
  std::vector<Want> want = {
      {"序号", 0, 0},     {"项目名称", 0, 1}, {"责任单位", 0, 2},
      {"完成时限", 0, 3}, {"1", 1, 0},        {"城乡供水一体化工程", 1, 1},
      {"6月底", 1, 3},    {"一期", 2, 1},     {"县水利局", 2, 2},
      {"9月底", 2, 3},    {"2", 3, 0},        {"老旧小区改造", 3, 1},
      {"县住建局", 3, 2}, {"各街道", 3, 2},   {"12月底", 3, 3},
  };
  ASSERT_EQ(doc->blocks.size(), want.size() + 1);
  for (size_t i = 0; i < want.size(); ++i) {
    const Block& b = doc->blocks[i];
    SCOPED_TRACE(want[i].text);
    EXPECT_EQ(b.text, want[i].text);
    EXPECT_EQ(b.kind, BlockKind::kTableCell);
    EXPECT_EQ(b.table, 0);
    EXPECT_EQ(b.row, want[i].row);
    EXPECT_EQ(b.column, want[i].column);
    ExpectMapsExactly(*doc, b);
  }
  EXPECT_EQ(doc->blocks.back().text, "表格之后的段落");
  EXPECT_EQ(doc->blocks.back().table, -1);
  EXPECT_EQ(doc->blocks.back().kind, BlockKind::kParagraph);
}

TEST(HtmlReader, GbkPageMadeByTranscoding) {
  std::string utf8 =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
      "<title>湖州市人民政府办公室关于印发通知</title></head><body>"
      "<p>　　各区县人民政府，市政府各部门：</p><p>经市政府同意，现将《实施方案》印发给你们，"
      "请结合实际认真贯彻执行。</p></body></html>";
  std::string gbk = Transcode(utf8, "GBK");
  ASSERT_FALSE(encoding::IsValidUtf8(gbk));
  Result<Document> doc = ReadDocument("http://www.huzhou.gov.cn/art/1.html?id=3", gbk);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->encoding, "GB18030");
  EXPECT_EQ(doc->original, utf8);
  EXPECT_EQ(Texts(*doc),
            (std::vector<std::string>{
                "湖州市人民政府办公室关于印发通知", "各区县人民政府，市政府各部门：",
                "经市政府同意，现将《实施方案》印发给你们，请结合实际认真贯彻执行。"}));
  for (const Block& b : doc->blocks) {
    EXPECT_EQ(Slice(*doc, b, 0, b.text.size()), b.text);
  }
}

TEST(HtmlReader, RealCountyArticlePage) {
  Result<Document> doc = ReadDocumentFile(Testdata("deqing-article-trimmed.html"));
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->format, "html");
  EXPECT_EQ(doc->encoding, "UTF-8");
  ASSERT_FALSE(doc->blocks.empty());
  EXPECT_EQ(doc->blocks[0].text, "1-10月德清县固定资产投资结构趋稳趋优");
  EXPECT_EQ(doc->blocks[0].kind, BlockKind::kTitle);
  for (const Block& b : doc->blocks) ExpectMapsExactly(*doc, b);

  // The hidden location div holds column names and ids; none is visible.
  for (const Block& b : doc->blocks) {
    EXPECT_EQ(b.text.find("3185"), std::string::npos) << b.text;
    EXPECT_EQ(b.text.find("/col/"), std::string::npos) << b.text;
  }
  // Top links join inline with their separators; the source line break between the two
  // spans falls between Han characters and is dropped.
  EXPECT_NE(FindBlock(*doc, "国家发改委|中国浙江|浙江政务服务网简体|繁体|无障碍浏览"), nullptr);
  // Breadcrumb: an outer table and a nested one.
  const Block* here = FindBlock(*doc, "当前位置：");
  ASSERT_NE(here, nullptr);
  EXPECT_EQ(here->kind, BlockKind::kTableCell);
  EXPECT_EQ(here->table, 0);
  EXPECT_EQ(here->column, 1);
  const Block* crumb = FindBlock(*doc, ">投资管理和项目推进");
  ASSERT_NE(crumb, nullptr);
  EXPECT_EQ(crumb->table, 1);
  EXPECT_EQ(crumb->row, 0);
  EXPECT_EQ(crumb->column, 1);
  EXPECT_EQ(doc->original.compare(crumb->map.ToOriginal(0), 4, "&gt;"), 0);
  // The article body: the U+3000 indentation is trimmed, the text maps to the source.
  const Block* body = nullptr;
  for (const Block& b : doc->blocks) {
    if (b.text.rfind("1-10月，全县固定资产投资完成246.79亿元", 0) == 0) body = &b;
  }
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(Slice(*doc, *body, 0, body->text.size()), body->text);
  EXPECT_NE(FindBlock(*doc, "发布日期：2016-11-22 浏览次数：信息来源：省发改委"), nullptr);
  // The same title appears as the page's <title> and as the article heading paragraph.
  EXPECT_EQ(doc->blocks[7].text, doc->blocks[0].text);
  EXPECT_EQ(doc->blocks[7].kind, BlockKind::kParagraph);
  // <p>&nbsp;</p> is an empty paragraph.
  for (const Block& b : doc->blocks) EXPECT_NE(b.text, "\u00A0");

  std::vector<std::string> hrefs;
  for (const Link& l : doc->links) hrefs.push_back(l.href);
  ASSERT_GE(doc->links.size(), 9u);
  EXPECT_EQ(doc->links[0].href, "http://www.ndrc.gov.cn/");
  EXPECT_EQ(doc->links[0].text, "国家发改委");
  EXPECT_EQ(doc->links[3].href, "javascript:zh_tran('s');");
  for (const Link& l : doc->links) EXPECT_FALSE(l.hidden) << l.href;
}

// ---- .docx ---------------------------------------------------------------------------------

// Writes a zip with the given members into a string, using libzip like the reader does.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& members) {
  // Named by process: CTest runs the cases of this file, and other work trees theirs, at once.
  std::string path =
      testing::TempDir() + "/reader_test_fixture_" + std::to_string(::getpid()) + ".zip";
  std::remove(path.c_str());
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  EXPECT_NE(z, nullptr);
  for (const auto& [name, data] : members) {
    zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
    EXPECT_GE(zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE), 0);
  }
  EXPECT_EQ(zip_close(z), 0);
  return ReadFile(path);
}

const char kWordNs[] = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";

std::string DocumentXml(const std::string& body) {
  return std::string(
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<w:document ") +
         kWordNs + "><w:body>" + body + "<w:sectPr/></w:body></w:document>";
}

// Chinese Word: style ids are "1", "2" and "a3"; the names are the built-in English ones.
const std::string kStylesXml = std::string("<?xml version=\"1.0\"?><w:styles ") + kWordNs +
                               "><w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name "
                               "w:val=\"heading 1\"/></w:style><w:style w:type=\"paragraph\" "
                               "w:styleId=\"a3\"><w:name w:val=\"Title\"/></w:style></w:styles>";

std::string Para(const std::string& runs, const std::string& style = "") {
  std::string ppr = style.empty() ? "" : "<w:pPr><w:pStyle w:val=\"" + style + "\"/></w:pPr>";
  return "<w:p>" + ppr + runs + "</w:p>";
}

std::string WRun(const std::string& text, bool bold = false) {
  return std::string("<w:r>") + (bold ? "<w:rPr><w:b/></w:rPr>" : "") +
         "<w:t xml:space=\"preserve\">" + text + "</w:t></w:r>";
}

std::string Cell(const std::string& text, const std::string& tcpr = "") {
  return "<w:tc>" + (tcpr.empty() ? "" : "<w:tcPr>" + tcpr + "</w:tcPr>") + Para(WRun(text)) +
         "</w:tc>";
}

TEST(DocxReader, ParagraphsHeadingsRunsAndTables) {
  std::string body =
      Para(WRun("德清县人民政府关于印发") + WRun("实施方案", true) + WRun("的通知"), "a3") +
      Para(WRun("一、总体要求"), "1") +
      // "政务公开" split across runs with different formatting is one word.
      Para(WRun("全面推进") + WRun("政务", true) + WRun("公开") +
           "<w:del><w:r><w:delText>已删除的文字</w:delText></w:r></w:del>" +
           "<w:r><w:t>工作</w:t><w:tab/><w:t>到位</w:t></w:r>") +
      Para("") +  // an empty paragraph makes no block
      Para(WRun("第一行") + "<w:r><w:br/></w:r>" + WRun("第二行")) +
      "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
      "<w:tr>" +
      Cell("序号") + Cell("项目") + Cell("责任单位") + "</w:tr><w:tr>" +
      Cell("1", "<w:vMerge w:val=\"restart\"/>") +
      Cell("城乡供水一体化工程", "<w:gridSpan w:val=\"2\"/>") + "</w:tr><w:tr>" +
      Cell("", "<w:vMerge/>") + Cell("一期") + Cell("县水利局") + "</w:tr></w:tbl>" +
      Para(WRun("特此通知。"));
  std::string docx = MakeZip({{"[Content_Types].xml", "<Types/>"},
                              {"word/document.xml", DocumentXml(body)},
                              {"word/styles.xml", kStylesXml}});
  Result<Document> doc = ReadDocument("方案.docx", docx);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->format, "docx");
  struct Want {
    const char* text;
    BlockKind kind;
    int table, row, column;
  };
  std::vector<Want> want = {
      {"德清县人民政府关于印发实施方案的通知", BlockKind::kTitle, -1, -1, -1},
      {"一、总体要求", BlockKind::kHeading, -1, -1, -1},
      {"全面推进政务公开工作\t到位", BlockKind::kParagraph, -1, -1, -1},
      {"第一行", BlockKind::kParagraph, -1, -1, -1},
      {"第二行", BlockKind::kParagraph, -1, -1, -1},
      {"序号", BlockKind::kTableCell, 0, 0, 0},
      {"项目", BlockKind::kTableCell, 0, 0, 1},
      {"责任单位", BlockKind::kTableCell, 0, 0, 2},
      {"1", BlockKind::kTableCell, 0, 1, 0},
      {"城乡供水一体化工程", BlockKind::kTableCell, 0, 1, 1},
      {"一期", BlockKind::kTableCell, 0, 2, 1},
      {"县水利局", BlockKind::kTableCell, 0, 2, 2},
      {"特此通知。", BlockKind::kParagraph, -1, -1, -1},
  };
  ASSERT_EQ(doc->blocks.size(), want.size());
  std::string original;
  for (size_t i = 0; i < want.size(); ++i) {
    const Block& b = doc->blocks[i];
    SCOPED_TRACE(want[i].text);
    EXPECT_EQ(b.text, want[i].text);
    EXPECT_EQ(b.kind, want[i].kind);
    EXPECT_EQ(b.table, want[i].table);
    EXPECT_EQ(b.row, want[i].row);
    EXPECT_EQ(b.column, want[i].column);
    EXPECT_EQ(Slice(*doc, b, 0, b.text.size()), b.text);
    original += b.text + "\n";
  }
  EXPECT_EQ(doc->original, original);
  // Line = block number: "城乡供水" is on line 10.
  const Block& cell = doc->blocks[9];
  LineIndex lines(doc->original);
  EXPECT_EQ(lines.At(cell.map.ToOriginal(0)).line, 10u);
  EXPECT_EQ(doc->original.find("已删除"), std::string::npos);
}

TEST(DocxReader, FirstHeadingIsTheTitleWithoutStylesPart) {
  std::string body = Para(WRun("关于做好防汛工作的通知"), "Heading1") +
                     Para(WRun("各镇（街道）："), "") + Para(WRun("一、压实责任"), "Heading2");
  Result<Document> doc =
      ReadDocument("a.docx", MakeZip({{"word/document.xml", DocumentXml(body)}}));
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  ASSERT_EQ(doc->blocks.size(), 3u);
  EXPECT_EQ(doc->blocks[0].kind, BlockKind::kTitle);
  EXPECT_EQ(doc->blocks[1].kind, BlockKind::kParagraph);
  EXPECT_EQ(doc->blocks[2].kind, BlockKind::kHeading);
}

// ---- Errors --------------------------------------------------------------------------------

void ExpectError(const Result<Document>& r, const std::string& source, const std::string& what) {
  ASSERT_FALSE(r.ok());
  const std::string& m = r.status().message();
  EXPECT_EQ(m.rfind(source + ": ", 0), 0u) << m;
  EXPECT_NE(m.find(what), std::string::npos) << m;
  EXPECT_EQ(m.find('\n'), std::string::npos) << m;
}

TEST(ReaderErrors, DocxThatIsNotAZip) {
  ExpectError(ReadDocument("报告.docx", "这不是一个压缩包，只是一段文字。"), "报告.docx",
              "不是有效的 .docx 文件（不是 zip 压缩包）");
}

TEST(ReaderErrors, ZipWithoutDocumentXml) {
  ExpectError(ReadDocument("a.docx", MakeZip({{"word/other.xml", "<x/>"}})), "a.docx",
              "word/document.xml");
}

TEST(ReaderErrors, MalformedDocumentXml) {
  ExpectError(ReadDocument("a.docx", MakeZip({{"word/document.xml", "<w:document><w:body>"}})),
              "a.docx", "不是有效的 XML");
}

TEST(ReaderErrors, ZipBombIsRefused) {
  std::string body;
  for (int i = 0; i < 4000; ++i) body += Para(WRun("加强安全生产监督管理"));
  std::string docx = MakeZip({{"word/document.xml", DocumentXml(body)}});
  ASSERT_LT(docx.size(), 64u * 1024);  // compresses well below the cap...
  ReadOptions options;
  options.max_docx_xml_bytes = 64 * 1024;  // ...but inflates above it
  ExpectError(ReadDocument("bomb.docx", docx, options), "bomb.docx", "疑似 zip 炸弹");
  options.max_docx_xml_bytes = 4 << 20;
  Result<Document> ok = ReadDocument("bomb.docx", docx, options);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->blocks.size(), 4000u);
}

TEST(ReaderErrors, RandomBytesAreNotText) {
  std::mt19937 rng(20240601);
  std::string junk(4096, '\0');
  for (char& c : junk) c = static_cast<char>(rng());
  ExpectError(ReadDocument("upload.txt", junk), "upload.txt", "看起来不是文本文件");
  ExpectError(ReadDocument("upload.html", junk), "upload.html", "看起来不是文本文件");
  // Decided from content (no extension): not a zip, not a tag -> text -> refused.
  ExpectError(ReadDocument("upload", junk), "upload", "看起来不是文本文件");
}

TEST(ReaderErrors, InputOverTheSizeLimit) {
  ReadOptions options;
  options.max_bytes = 1 << 20;
  std::string big((1 << 20) + (1 << 19), 'a');
  ExpectError(ReadDocument("big.txt", big, options), "big.txt", "文件过大（1.5 MB，上限 1 MB）");

  std::string path = testing::TempDir() + "/reader_test_big_" + std::to_string(::getpid()) + ".txt";
  std::ofstream(path, std::ios::binary) << big;
  ExpectError(ReadDocumentFile(path, options), path, "文件过大");
  std::remove(path.c_str());
}

TEST(ReaderErrors, MissingFileAndDirectory) {
  ExpectError(ReadDocumentFile("/nonexistent/草稿.txt"), "/nonexistent/草稿.txt",
              "无法读取：没有那个文件或目录");
  ExpectError(ReadDocumentFile(testing::TempDir()), testing::TempDir(), "无法读取：是一个目录");
}

TEST(ReaderErrors, UnknownForcedEncodingNamesIt) {
  ReadOptions options;
  options.encoding = "GB99999";
  ExpectError(ReadDocument("a.txt", "正文", options), "a.txt", "GB99999");
}

TEST(ReadDocument, FormatFromContentWhenTheNameSaysNothing) {
  Result<Document> html = ReadDocument("stdin", "  <html><body><p>政务公开</p></body></html>");
  ASSERT_TRUE(html.ok());
  EXPECT_EQ(html->format, "html");
  EXPECT_EQ(Texts(*html), std::vector<std::string>{"政务公开"});
  Result<Document> text = ReadDocument("stdin", "政务公开 <b>不是标签开头</b>");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->format, "text");
  Result<Document> docx =
      ReadDocument("upload", MakeZip({{"word/document.xml", DocumentXml(Para(WRun("正文")))}}));
  ASSERT_TRUE(docx.ok()) << docx.status().message();
  EXPECT_EQ(docx->format, "docx");
}

}  // namespace
}  // namespace cuomin::scanner
