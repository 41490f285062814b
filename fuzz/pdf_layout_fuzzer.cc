// Any words at any positions through the table rebuilding of PDF pages (pdf_layout.h), two
// pages at a time so that a header carried over a page break is fuzzed too. Fuzzing the PDF
// reader reaches this code only through poppler's parser; here the boxes are the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "scanner/read/pdf_layout.h"

namespace {

// Words of report tables and a few hostile ones, picked by a byte.
constexpr const char* kWords[] = {
    "0",  "12",       "3119",   "96171.6",      "-",      "/",       "1.", "1、", "三、",
    "本", "（三）不", "予公开", "总计",         "自然人", "商业企",  "业", "",    " ",
    "\t", "\n",       "1 2",    "属于国家秘密", "\xe4",   "\xff\xfe"};
constexpr size_t kBoxBytes = 8;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using cuomin::scanner::internal::TextBox;
  std::vector<TextBox> pages[2];
  for (size_t i = 0; i + kBoxBytes <= size && i < 4000 * kBoxBytes; i += kBoxBytes) {
    const uint8_t* b = data + i;
    TextBox box;
    box.text = kWords[b[0] % (sizeof(kWords) / sizeof(kWords[0]))];
    // Positions on a grid of a quarter point over 1024 points, some negative or huge.
    box.x = ((b[1] << 8 | b[2]) % 4096) / 4.0 - (b[7] & 0x40 ? 2000 : 0);
    box.y = ((b[3] << 8 | b[4]) % 4096) / 4.0;
    box.width = b[5] / 4.0;
    box.height = (b[6] & 0x7F) / 4.0 + (b[7] & 0x20 ? 1e7 : 0);
    box.space_after = b[7] & 1;
    pages[(b[7] >> 1) & 1].push_back(std::move(box));
  }
  cuomin::scanner::internal::TableCarry carry;
  for (auto& page : pages) {
    cuomin::scanner::internal::PageLayout layout =
        cuomin::scanner::internal::LayOutPage(std::move(page), &carry);
    // A table row's cells are in column order; rows count up from 0 in each table.
    for (const auto& line : layout.lines) {
      if (line.table < 0) continue;
      if (line.table >= layout.tables || line.row < 0) std::abort();
      for (size_t c = 1; c < line.cells.size(); ++c) {
        if (line.cells[c].column <= line.cells[c - 1].column) std::abort();
      }
    }
  }
  return 0;
}
