// .xls (BIFF5/BIFF8, the format most 公示 lists are still published in) through FreeXL. FreeXL
// reads only from a path, so bytes from memory go through a private temporary file (mkstemp,
// unlinked at once). Cells as for .xlsx (AppendCell): a finding says 名单!C17.
//
// BIFF stores numbers as doubles, so an 18-digit ID number typed into a number cell is already
// rounded in the file; it is shown as Excel shows it (15 significant digits, no exponent:
// 330302199003071000), which is not a complete ID number and not reported as one.
#include <freexl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "scanner/read/readers_internal.h"
#include "scanner/read/temp_file.h"
#include "scanner/read/zip_xml.h"

namespace cuomin::scanner::internal {
namespace {

struct Handle {
  const void* h = nullptr;
  ~Handle() {
    if (h != nullptr) freexl_close(h);
  }
};

std::string CellText(const FreeXL_CellValue& v) {
  char buf[64];
  std::string out;
  switch (v.type) {
    case FREEXL_CELL_INT:
      return std::to_string(v.value.int_value);
    case FREEXL_CELL_DOUBLE:
      // 15 significant digits, as Excel displays a number in the General format.
      std::snprintf(buf, sizeof buf, "%.15g", v.value.double_value);
      return NumberText(buf);
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
      if (v.value.text_value != nullptr) AppendCleanText(v.value.text_value, out);
      return out;
    default:
      return out;
  }
}

}  // namespace

Status ReadXls(std::string_view bytes, const ReadOptions& options, Document& doc) {
  TempFile file;
  if (Status s = WriteTempFile(bytes, "xls", file); !s.ok()) return s;
  Handle xls;
  int rc = freexl_open(file.path.c_str(), &xls.h);
  if (rc != FREEXL_OK) {
    if (rc == FREEXL_BIFF_OBFUSCATED) return Status::Error(".xls 文件已加密，无法读取，未检查");
    return Status::Error("不是有效的 .xls 文件（FreeXL 错误 " + std::to_string(rc) +
                         "：文件已损坏或不是 Excel 97-2003 格式），未检查");
  }
  unsigned int password = 0;
  if (freexl_get_info(xls.h, FREEXL_BIFF_PASSWORD, &password) == FREEXL_OK &&
      password == FREEXL_BIFF_OBFUSCATED) {
    return Status::Error(".xls 文件已加密，无法读取，未检查");
  }
  unsigned int sheets = 0;
  freexl_get_info(xls.h, FREEXL_BIFF_SHEET_COUNT, &sheets);
  size_t cells = 0;
  bool capped = false;
  for (unsigned short si = 0; si < sheets && !capped; ++si) {
    const char* name = nullptr;
    if (freexl_get_worksheet_name(xls.h, si, &name) != FREEXL_OK) continue;
    std::string sheet;
    if (name != nullptr) AppendCleanText(name, sheet);
    if (sheet.empty()) sheet = "Sheet" + std::to_string(si + 1);
    if (freexl_select_active_worksheet(xls.h, si) != FREEXL_OK) continue;
    unsigned int rows = 0;
    unsigned short columns = 0;
    if (freexl_worksheet_dimensions(xls.h, &rows, &columns) != FREEXL_OK) continue;
    // Empty cells cost a lookup each; a sheet claiming more positions than this is named.
    if (static_cast<size_t>(rows) * columns > options.max_cells * 16) {
      doc.problems.push_back({"工作表“" + sheet + "”声称有 " + std::to_string(rows) + " 行 × " +
                                  std::to_string(columns) + " 列，超出上限，未检查",
                              doc.original.size()});
      continue;
    }
    for (unsigned int r = 0; r < rows && !capped; ++r) {
      bool first = true;
      for (unsigned short c = 0; c < columns; ++c) {
        FreeXL_CellValue v;
        if (freexl_get_cell_value(xls.h, r, c, &v) != FREEXL_OK) continue;
        std::string text = CellText(v);
        if (text.find_first_not_of(' ') == std::string::npos) continue;
        if (++cells > options.max_cells) {
          capped = true;
          break;
        }
        AppendCell(si, sheet, static_cast<int>(r + 1), c, text, first, doc);
        first = false;
      }
    }
  }
  if (capped) {
    doc.problems.push_back(
        {"表格的非空单元格超过 " + std::to_string(options.max_cells) + " 个，其余未检查",
         doc.original.size()});
  }
  if (!doc.original.empty()) doc.original.push_back('\n');
  return Status::Ok();
}

}  // namespace cuomin::scanner::internal
