#include "scanner/read/ocr.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "common/utf8.h"
#include "scanner/read/image_header.h"
#include "scanner/read/ocr_table.h"
#include "scanner/read/readers_internal.h"
#include "scanner/read/zip_xml.h"

namespace cuomin::scanner::internal {
namespace {

constexpr const char* kLanguages = "chi_sim+eng";

// Engines are expensive to start (the Chinese model is loaded once per engine, ~0.5 s) and
// use one core each: a few are kept and lent out; callers beyond that wait.
class EnginePool {
 public:
  // Never destroyed: Tesseract's dictionary cache is a static made after the pool (at the
  // first engine's start), so at exit it would die first and leave the engines' dictionaries
  // unowned (LeakSanitizer reported 4 MB of them). Engines kept for the process's life cost
  // nothing more.
  static EnginePool& Get() {
    static EnginePool* pool = new EnginePool;
    return *pool;
  }

  Result<tesseract::TessBaseAPI*> Acquire() {
    std::unique_lock lock(mu_);
    free_cv_.wait(lock, [&] { return !idle_.empty() || created_ < max_; });
    if (!idle_.empty()) {
      tesseract::TessBaseAPI* api = idle_.back().release();
      idle_.pop_back();
      return api;
    }
    ++created_;
    lock.unlock();
    auto api = std::make_unique<tesseract::TessBaseAPI>();
    if (api->Init(nullptr, kLanguages, tesseract::OEM_LSTM_ONLY) != 0) {
      lock.lock();
      --created_;
      free_cv_.notify_one();
      return Status::Error(
          "无法启动文字识别（缺少 Tesseract 语言数据 chi_sim：请安装 Debian 软件包 "
          "tesseract-ocr-chi-sim）");
    }
    api->SetVariable("debug_file", "/dev/null");
    return api.release();
  }

  void Release(tesseract::TessBaseAPI* api) {
    api->Clear();
    std::lock_guard lock(mu_);
    idle_.emplace_back(api);
    free_cv_.notify_one();
  }

 private:
  EnginePool() : max_(std::max(1u, std::thread::hardware_concurrency() / 2)) {}
  std::mutex mu_;
  std::condition_variable free_cv_;
  std::vector<std::unique_ptr<tesseract::TessBaseAPI>> idle_;
  unsigned created_ = 0;
  unsigned max_;
};

// The end of one page's recognition time, on the options' clock.
class PageDeadline {
 public:
  explicit PageDeadline(const ReadOptions& options)
      : clock_(options.ocr_clock ? options.ocr_clock : [] { return Clock::now(); }),
        end_(options.ocr_page_seconds > 0
                 ? clock_() + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(options.ocr_page_seconds))
                 : Clock::time_point::max()) {}

  static bool Passed(void* self, int /*words*/) {
    auto* d = static_cast<PageDeadline*>(self);
    if (!d->passed_ && d->clock_() >= d->end_) d->passed_ = true;
    return d->passed_;
  }
  bool passed() const { return passed_; }

 private:
  using Clock = std::chrono::steady_clock;
  std::function<Clock::time_point()> clock_;
  Clock::time_point end_;
  bool passed_ = false;
};

bool IsAsciiAlnumEnd(std::string_view s, bool front) {
  if (s.empty()) return false;
  char c = front ? s.front() : s.back();
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

void QuietOnce() {
  static std::once_flag quiet;
  std::call_once(quiet, [] {
    setMsgSeverity(L_SEVERITY_NONE);
    // One thread per engine: the pool is what bounds the cores OCR takes.
    ::setenv("OMP_THREAD_LIMIT", "1", 0);
  });
}

Result<OcrPage> Recognize(Pix* pix, const ReadOptions& options) {
  QuietOnce();
  Result<tesseract::TessBaseAPI*> acquired = EnginePool::Get().Acquire();
  if (!acquired.ok()) return acquired.status();
  tesseract::TessBaseAPI* api = *acquired;
  struct Returner {
    tesseract::TessBaseAPI* api;
    ~Returner() { EnginePool::Get().Release(api); }
  } returner{api};

  api->SetImage(pix);
  api->SetSourceResolution(300);
  // Tesseract asks `cancel` between words; its own deadline (set_deadline_msecs) reads the
  // system clock, which a test cannot move.
  PageDeadline deadline(options);
  tesseract::ETEXT_DESC monitor;
  monitor.cancel = &PageDeadline::Passed;
  monitor.cancel_this = &deadline;
  OcrPage page;
  if (api->Recognize(&monitor) != 0 || deadline.passed()) page.timed_out = true;
  page.limit_seconds = options.ocr_page_seconds;
  std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
  if (!it) return page;
  do {
    if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE) || page.lines.empty()) {
      page.lines.emplace_back();
    }
    std::unique_ptr<char[]> text(it->GetUTF8Text(tesseract::RIL_WORD));
    if (!text) continue;
    OcrWord w;
    AppendCleanText(text.get(), w.text);
    while (!w.text.empty() && w.text.back() == ' ') w.text.pop_back();
    if (w.text.empty()) continue;
    int l = 0, t = 0, r = 0, b = 0;
    it->BoundingBox(tesseract::RIL_WORD, &l, &t, &r, &b);
    w.box = {l, t, r - l, b - t};
    w.confidence = static_cast<int>(it->Confidence(tesseract::RIL_WORD) + 0.5f);
    page.lines.back().words.push_back(std::move(w));
  } while (it->Next(tesseract::RIL_WORD));
  // Tables are laid out from the picture Tesseract read, black and white.
  std::unique_ptr<Pix, void (*)(Pix*)> ink(api->GetThresholdedImage(),
                                           [](Pix* p) { pixDestroy(&p); });
  if (ink && pixGetDepth(ink.get()) == 1) {
    const l_uint32* data = pixGetData(ink.get());
    const int wpl = pixGetWpl(ink.get());
    const int w = static_cast<int>(pixGetWidth(ink.get())),
              h = static_cast<int>(pixGetHeight(ink.get()));
    page.places = PlaceOcrLines(page, [&](int x, int y) {
      return x >= 0 && y >= 0 && x < w && y < h && GET_DATA_BIT(data + y * wpl, x) != 0;
    });
  } else {
    page.places = PlaceOcrLines(page);
  }
  return page;
}

namespace {

// A Region for OCR word `w` at the end of doc.original.
Region WordRegion(const OcrWord& w, int page_number, size_t first_line, const Document& doc) {
  Region r;
  r.offset = doc.original.size();
  r.page = page_number;
  r.first_line = first_line;
  r.ocr = true;
  r.confidence = w.confidence;
  r.has_box = true;
  r.box = w.box;
  return r;
}

// One row of a table in the picture, as a spreadsheet's row: its cells separated by tabs,
// each a kTableCell block whose words' regions name the cell ("C7": column C, row 7 of the
// table) and its column, so that findings are counted per column as in a spreadsheet.
void AppendTableRow(const OcrLine& line, const OcrLinePlace& place, int table, int page_number,
                    size_t first_line, Document& doc) {
  bool first = true;
  for (int column = 0; column < place.columns; ++column) {
    Block block;
    const OcrWord* previous = nullptr;
    for (size_t i = 0; i < line.words.size(); ++i) {
      if (place.word_columns[i] != column) continue;
      const OcrWord& w = line.words[i];
      if (previous == nullptr) {
        if (!first) doc.original.push_back('\t');
        first = false;
        block.kind = BlockKind::kTableCell;
        block.table = table;
        block.row = place.row;
        block.column = column;
        block.columns = place.columns;
        block.map.Add(0, doc.original.size());
      } else if (IsAsciiAlnumEnd(previous->text, false) && IsAsciiAlnumEnd(w.text, true)) {
        doc.original.push_back(' ');
        block.text.push_back(' ');
      }
      Region r = WordRegion(w, page_number, first_line, doc);
      r.cell = ColumnName(column) + std::to_string(place.row + 1);
      r.column = column;
      doc.regions.push_back(std::move(r));
      doc.original += w.text;
      block.text += w.text;
      previous = &w;
    }
    if (previous != nullptr) doc.blocks.push_back(std::move(block));
  }
  doc.original.push_back('\n');
}

}  // namespace

void AppendOcrPage(const OcrPage& page, int page_number, size_t first_line, Document& doc) {
  const std::vector<OcrLinePlace> places =
      page.places.size() == page.lines.size() ? page.places : PlaceOcrLines(page);
  int tables = 0;  // tables already in doc (earlier pages)
  for (const Block& b : doc.blocks) tables = std::max(tables, b.table + 1);
  for (size_t l = 0; l < page.lines.size(); ++l) {
    const OcrLine& line = page.lines[l];
    if (line.words.empty()) continue;
    if (places[l].table >= 0) {
      AppendTableRow(line, places[l], tables + places[l].table, page_number, first_line, doc);
      continue;
    }
    Block block;
    block.map.Add(0, doc.original.size());
    for (size_t i = 0; i < line.words.size(); ++i) {
      const OcrWord& w = line.words[i];
      if (i > 0 && IsAsciiAlnumEnd(line.words[i - 1].text, false) &&
          IsAsciiAlnumEnd(w.text, true)) {
        doc.original.push_back(' ');
        block.text.push_back(' ');
      }
      doc.regions.push_back(WordRegion(w, page_number, first_line, doc));
      doc.original += w.text;
      block.text += w.text;
    }
    doc.original.push_back('\n');
    doc.blocks.push_back(std::move(block));
  }
  if (page.timed_out) {
    char limit[32];
    std::snprintf(limit, sizeof limit, "%g", page.limit_seconds);
    doc.problems.push_back(
        {(page_number > 0 ? "第 " + std::to_string(page_number) + " 页" : std::string("图片")) +
             "的文字识别超过每页 " + limit + " 秒的时限，只检查了已识别的部分",
         doc.original.size()});
  }
}

namespace {

Status TooLarge(long width, long height, const ReadOptions& options) {
  return Status::Error("图片过大（" + std::to_string(width) + "×" + std::to_string(height) +
                       " 像素，上限 " + std::to_string(options.max_image_pixels / 1'000'000) +
                       " 百万像素），未做文字识别");
}

}  // namespace

Status ReadImage(std::string_view bytes, const ReadOptions& options, Document& doc) {
  QuietOnce();
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  // GIF and BMP: their own header first, because leptonica's header read decodes them.
  if (std::optional<ImageSize> own = SizeFromHeader(bytes);
      own && static_cast<size_t>(own->width) * static_cast<size_t>(own->height) >
                 options.max_image_pixels) {
    return TooLarge(own->width, own->height, options);
  }
  if (pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 ||
      h <= 0) {
    return Status::Error("图片无法解码（格式不受支持或文件已损坏），未检查");
  }
  if (static_cast<size_t>(w) * static_cast<size_t>(h) > options.max_image_pixels) {
    return TooLarge(w, h, options);
  }
  std::unique_ptr<Pix, void (*)(Pix*)> pix(pixReadMem(data, bytes.size()),
                                           [](Pix* p) { pixDestroy(&p); });
  if (!pix) return Status::Error("图片无法解码（文件已损坏），未检查");
  if (!options.ocr) {
    // Decoded, so not broken, but its text was not read: named, never a silent pass.
    doc.problems.push_back({"图片未做文字识别（OCR 已关闭），其中的文字未检查", 0});
    return Status::Ok();
  }
  Result<OcrPage> page = Recognize(pix.get(), options);
  if (!page.ok()) return page.status();
  AppendOcrPage(*page, 0, 0, doc);
  return Status::Ok();
}

}  // namespace cuomin::scanner::internal
