// A site scan reads what a visitor can download or see: attachments (PDF, .xlsx) and pictures
// linked from the site's pages, over real HTTP on loopback. Findings name the file's URL, its
// page or cell, and the page that links to it; limits and --no-attachments/--no-images hold.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "scanner/rule_set.h"
#include "site/attachments.h"
#include "site/site_scan.h"
#include "store/site_store.h"
#include "test_paths.h"
#include "tests/attachment_writers.h"
#include "tests/cjk_render.h"

namespace cuomin::site {
namespace {

namespace sc = cuomin::scanner;
namespace tw = cuomin::testing_writers;

const sc::RuleSet& TestRules() {
  static const sc::RuleSet* rules = [] {
    sc::RuleSetOptions opt;
    opt.rule_dirs = {cuomin::test_paths::Testdata() + "/cli/rules",
                     cuomin::test_paths::Dictionaries() + "/privacy"};
    Result<std::unique_ptr<sc::RuleSet>> r = sc::RuleSet::Load(opt);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r->release() : nullptr;
  }();
  return *rules;
}

class AllFindings : public FindingSink {
 public:
  void OnPage(const PageFindings& page) override {
    std::lock_guard lock(mu_);
    for (const sc::Finding& f : page.findings) found_.push_back(f);
  }
  // The findings whose source ends with `path`.
  std::vector<sc::Finding> Of(const std::string& path) {
    std::lock_guard lock(mu_);
    std::vector<sc::Finding> out;
    for (const sc::Finding& f : found_) {
      if (f.source.size() >= path.size() &&
          f.source.compare(f.source.size() - path.size(), path.size(), path) == 0) {
        out.push_back(f);
      }
    }
    return out;
  }

 private:
  std::mutex mu_;
  std::vector<sc::Finding> found_;
};

std::string DownloadPdf() {
  return tw::MakePdf({{"公示名单"}, {"申请人张某，身份证号码330302199003071231。"}});
}

// A small site: a home page linking to a PDF, a spreadsheet and a page with a picture; a
// large PDF over the per-file limit; and a PDF and a picture behind script URLs with no file
// extension, known only by their Content-Type (as many CMS download links are).
class LoopbackSite {
 public:
  LoopbackSite() {
    Serve("/", "text/html; charset=utf-8",
          "<!DOCTYPE html><html><body><a href=\"/files/notice.pdf\">通知</a>"
          "<a href=\"/files/list.xlsx\">名单</a><a href=\"/photo.html\">图片新闻</a>"
          "<a href=\"/files/big.pdf\">大文件</a><a href=\"/download.php?id=3\">附件下载</a>"
          "</body></html>");
    Serve("/photo.html", "text/html; charset=utf-8",
          "<!DOCTYPE html><html><body><p>现场照片</p><img src=\"/img/board.png\" "
          "alt=\"公告栏\"><img src=\"/show.php?pic=7\" alt=\"公示\"></body></html>");
    Serve("/download.php", "application/pdf", DownloadPdf());
    Serve("/files/notice.pdf", "application/pdf",
          tw::MakePdf({{"封面"}, {"第二页正文。", "各单位要按装监控设备。"}}));
    tw::XlsxSheet sheet{"名单", {{{"序号"}, {"备注"}}, {{"1", true}, {"请按装新版软件"}}}};
    Serve("/files/list.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          tw::MakeXlsx({sheet}));
    std::vector<std::vector<std::string>> pages(200, {std::string(200, 'x')});
    Serve("/files/big.pdf", "application/pdf", tw::MakePdf(pages));
    std::string font = tw::FindCjkFont();
    if (!font.empty()) {
      Serve("/img/board.png", "image/png",
            tw::PngOf(tw::RenderChinese(font, {"公告：各单位要按装监控设备。"})));
      Serve("/show.php", "image/png", tw::PngOf(tw::RenderChinese(font, {"请按装新版软件。"})));
    }
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~LoopbackSite() {
    server_.stop();
    thread_.join();
  }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int hits(const std::string& path) {
    std::lock_guard lock(mu_);
    return hits_[path];
  }

 private:
  void Serve(const std::string& path, std::string type, std::string body) {
    server_.Get(path, [this, path, type, body](const httplib::Request&, httplib::Response& res) {
      {
        std::lock_guard lock(mu_);
        ++hits_[path];
      }
      res.set_content(body, type);
    });
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::map<std::string, int> hits_;
};

SiteScanOptions Options(const LoopbackSite& site) {
  SiteScanOptions opt;
  opt.crawl.seeds = {site.base() + "/"};
  opt.crawl.per_host_rate = 1000;
  opt.crawl.dead_retry_delay_seconds = 0;
  opt.crawl.read_sitemaps = false;
  opt.crawl.obey_robots = false;
  opt.rules = &TestRules();
  opt.attachments.max_file_bytes = 60000;  // big.pdf is over it, the others under
  return opt;
}

TEST(SiteAttachments, PdfSpreadsheetAndPictureAreCheckedWithTheirPositions) {
  LoopbackSite site;
  AllFindings sink;
  SiteScan scan(Options(site), &sink);
  ASSERT_TRUE(scan.Start().ok());
  ScanSummary sum = scan.Run();
  EXPECT_EQ(sum.state, store::ScanState::kFinished);

  std::vector<sc::Finding> pdf = sink.Of("/files/notice.pdf");
  ASSERT_EQ(pdf.size(), 1u);
  EXPECT_EQ(pdf[0].source, site.base() + "/files/notice.pdf");
  EXPECT_EQ(pdf[0].text, "按装");
  EXPECT_EQ(pdf[0].page, 2);
  EXPECT_EQ(pdf[0].line, 2u);
  EXPECT_NE(pdf[0].message.find("（附件，链接自 " + site.base() + "/）"), std::string::npos)
      << pdf[0].message;

  std::vector<sc::Finding> xlsx = sink.Of("/files/list.xlsx");
  ASSERT_EQ(xlsx.size(), 1u);
  EXPECT_EQ(xlsx[0].sheet, "名单");
  EXPECT_EQ(xlsx[0].cell, "B2");

  std::vector<sc::Finding> big = sink.Of("/files/big.pdf");
  ASSERT_EQ(big.size(), 1u);
  EXPECT_EQ(big[0].rule, "page-unreadable");
  // Its Content-Length says it is over the limit: named with both, and not downloaded.
  EXPECT_EQ(big[0].message.rfind("文件大小 0.21 MB，超过 0.0572 MB 的大小上限，未下载、未检查", 0),
            0u)
      << big[0].message;
  EXPECT_GE(sum.unreadable, 1u);

  if (tw::FindCjkFont().empty()) {
    GTEST_SKIP() << "未安装中文字体（fonts-noto-cjk），图片部分未测试";
  }
  std::vector<sc::Finding> image = sink.Of("/img/board.png");
  ASSERT_EQ(image.size(), 1u);
  EXPECT_EQ(image[0].text, "按装");
  EXPECT_TRUE(image[0].ocr);
  EXPECT_TRUE(image[0].box.has_value());
  EXPECT_NE(image[0].message.find("链接自 " + site.base() + "/photo.html"), std::string::npos);
}

// A chain of pages, each with a typo, a link to the next and `pictures` pictures, the first of
// which (when a Chinese font is installed) shows a typo too; the rest are blank. In a crawl of
// it the pictures of page 1 are queued before page 3 is even known.
class PicturesSite {
 public:
  PicturesSite(int pages, int pictures) {
    std::string font = tw::FindCjkFont();
    tw::GreyImage blank{80, 40, std::string(80 * 40, '\xff')};
    for (int p = 1; p <= pages; ++p) {
      std::string html =
          "<!DOCTYPE html><html><body><p>第" + std::to_string(p) + "期：各单位要按装监控设备。</p>";
      if (p < pages) html += "<a href=\"/p" + std::to_string(p + 1) + ".html\">下一期</a>";
      for (int i = 0; i < pictures; ++i) {
        std::string path = "/img/" + std::to_string(p) + "-" + std::to_string(i) + ".png";
        html += "<img src=\"" + path + "\">";
        bool text = i == 0 && !font.empty();
        Serve(path, "image/png",
              tw::PngOf(text ? tw::RenderChinese(font, {"请按装新版软件。"}) : blank));
      }
      Serve("/p" + std::to_string(p) + ".html", "text/html; charset=utf-8",
            html + "</body></html>");
    }
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~PicturesSite() {
    server_.stop();
    thread_.join();
  }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int picture_hits() const { return picture_hits_; }

 private:
  void Serve(const std::string& path, std::string type, std::string body) {
    bool picture = path.rfind("/img/", 0) == 0;
    server_.Get(path, [this, picture, type, body](const httplib::Request&, httplib::Response& res) {
      if (picture) ++picture_hits_;
      res.set_content(body, type);
    });
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> picture_hits_{0};
};

// The sources of the findings in the order the sink got them; waits for pages to be reported.
class OrderedFindings : public FindingSink {
 public:
  void OnPage(const PageFindings& page) override {
    std::lock_guard lock(mu_);
    sources_.emplace_back(page.source);
    if (page.source.size() > 5 && page.source.compare(page.source.size() - 5, 5, ".html") == 0) {
      ++pages_;
      changed_.notify_all();
    }
  }
  // Whether `pages` pages with findings were reported within `limit`.
  bool WaitForPages(int pages, std::chrono::seconds limit) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, limit, [&] { return pages_ >= pages; });
  }
  std::vector<std::string> sources() {
    std::lock_guard lock(mu_);
    return sources_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<std::string> sources_;
  int pages_ = 0;
};

// Issue 13: an attachment-heavy crawl must not starve the page checks. The pictures' reader is
// held back, as by a slow OCR engine, until every page has been reported: with the readers on
// the crawler's two workers, the first pictures would take both and page 3 would never be
// fetched (the wait then gives up after 60 s and the test fails). Ordering, not wall-clock.
TEST(SiteAttachments, PagesAreCheckedWhileThePicturesWaitForOcr) {
  constexpr int kPages = 6, kPictures = 5;
  PicturesSite site(kPages, kPictures);
  OrderedFindings sink;
  SiteScanOptions opt;
  opt.crawl.seeds = {site.base() + "/p1.html"};
  opt.crawl.per_host_rate = 1000;
  opt.crawl.concurrency = 2;  // fewer workers than one page has pictures
  opt.crawl.per_host_concurrency = 2;
  opt.crawl.read_sitemaps = false;
  opt.crawl.obey_robots = false;
  opt.rules = &TestRules();
  std::atomic<int> reads{0}, reads_before_pages{0}, pictures_fetched{-1};
  std::atomic<bool> gave_up{false};
  opt.before_file_read = [&](const std::string&) {
    ++reads;
    if (!sink.WaitForPages(kPages, std::chrono::seconds(60))) gave_up = true;
    int expected = -1;
    if (pictures_fetched.compare_exchange_strong(expected, site.picture_hits())) {
      reads_before_pages = reads.load();
    }
  };
  SiteScan scan(std::move(opt), &sink);
  ASSERT_TRUE(scan.Start().ok());
  ScanSummary sum = scan.Run();
  EXPECT_EQ(sum.state, store::ScanState::kFinished);
  EXPECT_FALSE(gave_up) << "a page waited for the pictures' reader";
  EXPECT_EQ(sum.files_read, size_t{kPages * kPictures});
  // When the last page was reported, at most the readers' threads had begun a picture, though
  // the first pages' pictures had been fetched long before: the rest were queued.
  EXPECT_LT(reads_before_pages.load(), kPages * kPictures);
  EXPECT_GE(pictures_fetched.load(), kPictures);

  // Every page's finding comes before any picture's.
  std::vector<std::string> sources = sink.sources();
  size_t pages = 0, first_picture = sources.size();
  for (size_t i = 0; i < sources.size(); ++i) {
    if (sources[i].find("/img/") != std::string::npos) {
      first_picture = std::min(first_picture, i);
    } else {
      EXPECT_LT(i, first_picture) << sources[i] << " was reported after a picture";
      ++pages;
    }
  }
  EXPECT_EQ(pages, size_t{kPages});
  if (tw::FindCjkFont().empty()) {
    GTEST_SKIP() << "未安装中文字体（fonts-noto-cjk），图片的结果未测试";
  }
  EXPECT_EQ(sources.size() - pages, size_t{kPages}) << "the first picture of each page";
}

TEST(SiteAttachments, AFileWithoutAnExtensionIsFollowedByItsContentType) {
  LoopbackSite site;
  AllFindings sink;
  SiteScan scan(Options(site), &sink);
  ASSERT_TRUE(scan.Start().ok());
  scan.Run();

  std::vector<sc::Finding> pdf = sink.Of("/download.php?id=3");
  ASSERT_EQ(pdf.size(), 1u) << "download.php is served as application/pdf and read as a PDF";
  EXPECT_EQ(pdf[0].source, site.base() + "/download.php?id=3");
  EXPECT_EQ(pdf[0].rule, "privacy-id-card");
  EXPECT_EQ(pdf[0].text, "330302199003071231");
  EXPECT_EQ(pdf[0].page, 2);
  EXPECT_NE(pdf[0].message.find("（附件，链接自 " + site.base() + "/）"), std::string::npos)
      << pdf[0].message;
  EXPECT_EQ(site.hits("/download.php"), 1);

  if (tw::FindCjkFont().empty()) {
    GTEST_SKIP() << "未安装中文字体（fonts-noto-cjk），图片部分未测试";
  }
  std::vector<sc::Finding> image = sink.Of("/show.php?pic=7");
  ASSERT_EQ(image.size(), 1u) << "show.php is served as image/png and read by OCR";
  EXPECT_EQ(image[0].text, "按装");
  EXPECT_TRUE(image[0].ocr);
  EXPECT_NE(image[0].message.find("链接自 " + site.base() + "/photo.html"), std::string::npos)
      << image[0].message;
}

// The limit for such a file is the file limit, not the page limit: it is chosen again once
// the Content-Type says what the URL is.
TEST(SiteAttachments, AFileKnownByItsContentTypeHasTheFileLimitNotThePageLimit) {
  LoopbackSite site;
  AllFindings sink;
  SiteScanOptions opt = Options(site);
  opt.crawl.max_body_bytes = 1000;  // the pages are under it, the PDF over it
  ASSERT_GT(DownloadPdf().size(), opt.crawl.max_body_bytes);
  ASSERT_LT(DownloadPdf().size(), opt.attachments.max_file_bytes);
  SiteScan scan(std::move(opt), &sink);
  ASSERT_TRUE(scan.Start().ok());
  scan.Run();
  std::vector<sc::Finding> pdf = sink.Of("/download.php?id=3");
  ASSERT_EQ(pdf.size(), 1u);
  EXPECT_EQ(pdf[0].rule, "privacy-id-card") << pdf[0].message;
}

TEST(SiteAttachments, NoAttachmentsAndNoImagesLeaveThemUnread) {
  LoopbackSite site;
  AllFindings sink;
  SiteScanOptions opt = Options(site);
  opt.attachments.attachments = false;
  opt.attachments.images = false;
  SiteScan scan(std::move(opt), &sink);
  ASSERT_TRUE(scan.Start().ok());
  scan.Run();
  EXPECT_TRUE(sink.Of("/files/notice.pdf").empty());
  EXPECT_TRUE(sink.Of("/files/list.xlsx").empty());
  EXPECT_TRUE(sink.Of("/files/big.pdf").empty());
  EXPECT_TRUE(sink.Of("/img/board.png").empty());
  EXPECT_TRUE(sink.Of("/download.php?id=3").empty());
  EXPECT_TRUE(sink.Of("/show.php?pic=7").empty());
  EXPECT_EQ(site.hits("/img/board.png"), 0) << "pictures are not even fetched";
}

// Files are read off the crawler's workers: Submit waits for room in the queue, never for a
// reader, so a burst of pictures does not hold up the workers checking pages; the queue is
// bounded in bytes, and a stopped scan drops what is still queued.
class Gate {
 public:
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  void Wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

TEST(FileCheckPool, ABusyReaderDoesNotHoldUpTheSubmitters) {
  FileCheckPool pool(1, 100);
  EXPECT_EQ(pool.threads(), 1u);
  Gate started, release;
  std::atomic<int> done{0};
  pool.Submit(10, [&] {
    started.Open();
    release.Wait();
    ++done;
  });
  started.Wait();
  // The only reader is busy: these nine return at once and wait in the queue.
  for (int i = 0; i < 9; ++i) pool.Submit(10, [&] { ++done; });
  EXPECT_EQ(pool.queued(), 9u);
  release.Open();
  pool.Drain();
  EXPECT_EQ(done, 10);
  EXPECT_EQ(pool.queued(), 0u);
}

TEST(FileCheckPool, AFullQueueMakesTheSubmitterWaitUntilThereIsRoom) {
  FileCheckPool pool(1, 100);
  Gate started, release;
  std::atomic<int> done{0};
  pool.Submit(10, [&] {
    started.Open();
    release.Wait();
    ++done;
  });
  started.Wait();
  for (int i = 0; i < 10; ++i) pool.Submit(10, [&] { ++done; });  // 100 bytes: full
  std::atomic<bool> admitted{false};
  std::thread late([&] {
    pool.Submit(50, [&] { ++done; });
    admitted = true;
  });
  // A stopped scan: the queued ten are dropped, which makes room for the late one.
  EXPECT_EQ(pool.DropQueued(), 10u);
  late.join();
  EXPECT_TRUE(admitted);
  release.Open();
  pool.Drain();
  EXPECT_EQ(done, 2);  // the running one and the late one
}

TEST(FileCheckPool, AFileLargerThanTheBoundIsTakenWhenTheQueueIsEmpty) {
  FileCheckPool pool(2, 100);
  std::atomic<int> done{0};
  pool.Submit(1000, [&] { ++done; });
  pool.Drain();
  EXPECT_EQ(done, 1);
}

TEST(ContentHash, SameBytesSameHashAnyChangeAnother) {
  std::string pdf = tw::MakePdf({{"各单位要按装监控设备。"}});
  EXPECT_EQ(ContentHash(pdf), ContentHash(std::string(pdf)));
  EXPECT_EQ(ContentHash(pdf).size(), 64u);
  std::string changed = pdf;
  changed[changed.size() / 2] ^= 1;
  EXPECT_NE(ContentHash(changed), ContentHash(pdf));
  EXPECT_NE(ContentHash(""), ContentHash(pdf));
}

// What a re-crawl needs of a file is kept between scans: its content hash, a page's pictures,
// and where each finding is in the file (page, sheet, cell, box, OCR), for the findings
// carried as still open and for those told fixed.
TEST(SiteStoreFiles, KeepsTheHashThePicturesAndWhereFindingsAre) {
  std::string path =
      ::testing::TempDir() + "/cuomin-site-files-" + std::to_string(::getpid()) + ".db";
  std::filesystem::remove(path);
  const std::string page_url = "http://x.gov.cn/photo.html", file = "http://x.gov.cn/a.xlsx";
  sc::Finding f;
  f.source = file;
  f.rule = "test-typo";
  f.text = "按装";
  f.message = "“按装”应为“安装”";
  f.page = 2;
  f.sheet = "名单";
  f.cell = "C17";
  f.box = sc::Box{10, 20, 30, 40};
  f.ocr = true;
  {
    auto s = store::OpenSqliteSiteStore(path);
    ASSERT_TRUE(s.ok()) << s.status().message();
    ASSERT_TRUE((*s)->BeginScan("http://x.gov.cn/").ok());
    store::PageRecord page;
    page.images = {"http://x.gov.cn/img/a.png", "http://x.gov.cn/img/b.png"};
    ASSERT_TRUE((*s)->CommitPage(page_url, &page, {}).ok());
    store::PageRecord record;
    record.content_hash = ContentHash("bytes");
    ASSERT_TRUE((*s)->CommitPage(file, &record, {f}).ok());
    ASSERT_TRUE((*s)->FinishScan(nullptr).ok());
  }
  auto s = store::OpenSqliteSiteStore(path);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->BeginScan("http://x.gov.cn/").ok());
  auto page = (*s)->GetPage(page_url);
  ASSERT_TRUE(page.ok() && page->has_value());
  EXPECT_EQ((*page)->images,
            (std::vector<std::string>{"http://x.gov.cn/img/a.png", "http://x.gov.cn/img/b.png"}));
  EXPECT_EQ((*page)->content_hash, "");
  auto record = (*s)->GetPage(file);
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->content_hash, ContentHash("bytes"));
  EXPECT_TRUE((*record)->images.empty());

  auto open = (*s)->OpenFindings(file);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  const sc::Finding& carried = (*open)[0].finding;
  EXPECT_EQ(carried.page, 2);
  EXPECT_EQ(carried.sheet, "名单");
  EXPECT_EQ(carried.cell, "C17");
  ASSERT_TRUE(carried.box.has_value());
  EXPECT_EQ(carried.box->x, 10);
  EXPECT_EQ(carried.box->height, 40);
  EXPECT_TRUE(carried.ocr);

  // The file is read again and the finding is gone: told fixed, still with its place.
  store::PageRecord changed;
  changed.content_hash = ContentHash("other bytes");
  ASSERT_TRUE((*s)->CommitPage(file, &changed, {}).ok());
  std::vector<sc::Finding> fixed;
  auto n = (*s)->FinishScan([&](std::vector<sc::Finding>& page_fixed) {
    fixed.insert(fixed.end(), page_fixed.begin(), page_fixed.end());
  });
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(fixed.size(), 1u);
  EXPECT_EQ(fixed[0].cell, "C17");
  EXPECT_EQ(fixed[0].page, 2);
  EXPECT_TRUE(fixed[0].box.has_value());
  EXPECT_TRUE(fixed[0].ocr);
  s->reset();
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace cuomin::site
