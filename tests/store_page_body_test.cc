// A page body as the site tables keep it: deflated by a compressor each thread reuses. What a
// scan writes must be a zlib stream that zlib reads back, as the bodies earlier versions wrote
// with compress2 still must be, and the same bytes for the same body on any thread, so that two
// databases of the same scan hold the same rows.
#include <zlib.h>

#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/page_body.h"

namespace cuomin::store {
namespace {

std::string Compress2(const std::string& body) {
  uLongf n = compressBound(static_cast<uLong>(body.size()));
  std::string out(n, '\0');
  EXPECT_EQ(
      compress2(reinterpret_cast<Bytef*>(out.data()), &n,
                reinterpret_cast<const Bytef*>(body.data()), static_cast<uLong>(body.size()), 1),
      Z_OK);
  out.resize(n);
  return out;
}

// A notice page as a government site serves it, `paragraphs` long.
std::string Page(int paragraphs) {
  std::string html =
      "<html><head><meta charset=\"utf-8\"><title>关于做好2026年防汛工作的通知</title>"
      "</head><body><div class=\"TRS_Editor\">";
  for (int i = 0; i < paragraphs; ++i) {
    html += "<p>各区人民政府，市政府各委、办、局：第" + std::to_string(i) +
            "条，请各单位按照属地管理原则落实责任，加强巡查，确保安全度汛。</p>";
  }
  return html + "</div></body></html>";
}

// zlib's own reader, not InflateBody: the stored format is a zlib stream whoever reads it.
std::string Uncompress(const std::string& deflated, size_t size) {
  std::string out(size, '\0');
  uLongf n = static_cast<uLongf>(size);
  EXPECT_EQ(uncompress(reinterpret_cast<Bytef*>(out.data()), &n,
                       reinterpret_cast<const Bytef*>(deflated.data()),
                       static_cast<uLong>(deflated.size())),
            Z_OK);
  out.resize(n);
  return out;
}

TEST(PageBody, EachBodyIsAZlibStreamAndReadsBack) {
  // A big page then small ones on the same thread's compressor: nothing of one is left in the
  // next, and each is the same bytes the second time.
  const std::vector<std::string> bodies = {Page(2000), Page(3), std::string(), Page(1)};
  std::vector<std::string> first;
  for (const std::string& body : bodies) first.push_back(DeflateBody(body));
  for (size_t i = 0; i < bodies.size(); ++i) {
    const std::string& body = bodies[i];
    const std::string deflated = DeflateBody(body);
    EXPECT_EQ(deflated, first[i]) << body.size() << " bytes";
    EXPECT_EQ(Uncompress(deflated, body.size()), body) << body.size() << " bytes";
    Result<std::string> back = InflateBody(deflated, body.size());
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(*back, body);
  }
  // Markup shrinks several times at the fastest level.
  EXPECT_LT(first[0].size(), bodies[0].size() / 4);
}

TEST(PageBody, BodiesEarlierVersionsWroteStillReadBack) {
  for (const std::string& body : {Page(2000), Page(3), Page(1)}) {
    Result<std::string> back = InflateBody(Compress2(body), body.size());
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(*back, body);
  }
}

TEST(PageBody, ThreadsDeflateSideBySide) {
  const std::vector<std::string> pages = {Page(1), Page(40), Page(700)};
  std::vector<std::string> expected;
  for (const std::string& p : pages) expected.push_back(DeflateBody(p));
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        size_t k = static_cast<size_t>(i + t) % pages.size();
        if (DeflateBody(pages[k]) != expected[k]) ++wrong[t];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

TEST(PageBody, ADamagedBodyIsRefusedInChinese) {
  const std::string body = Page(5);
  std::string deflated = DeflateBody(body);
  deflated[deflated.size() / 2] ^= 0x55;
  Result<std::string> back = InflateBody(deflated, body.size());
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().message(), "页面正文已损坏，无法读取");
}

}  // namespace
}  // namespace cuomin::store
