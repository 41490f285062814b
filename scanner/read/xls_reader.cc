// .xls (BIFF5/BIFF8, the format most 公示 lists are still published in) through FreeXL. FreeXL
// reads only from a path, so bytes from memory go through a private temporary file (mkstemp,
// unlinked at once). Cells as for .xlsx (AppendCell): a finding says 名单!C17.
//
// FreeXL 1.0.6 (Debian 12) runs in a child process (child_process.h): fuzzing found a stack
// buffer overflow in its text conversion and leaks on damaged files, and a scanner that reads
// every attachment of a hostile site cannot let a library corrupt its memory. The child sends
// the cells back as records (WriteRecord); the parent builds the document.
//
// BIFF stores numbers as doubles, so an 18-digit ID number typed into a number cell is already
// rounded in the file; it is shown as Excel shows it (15 significant digits, no exponent:
// 330302199003071000), which is not a complete ID number and not reported as one.
#include <freexl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>

#include "scanner/read/child_process.h"
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

// Every .xls is an OLE2 compound file: this signature, then the rest of a 512-byte header.
// FreeXL 1.0.6 (Debian 12) does not check it first and, on some bytes without it, allocates
// its sector table and never frees it (640 KB per file, found by xls_fuzzer); a server that
// reads hostile attachments all day cannot afford that, and the signature gives a clearer error.
bool LooksLikeCompoundFile(std::string_view bytes) {
  static constexpr std::string_view kSignature("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  return bytes.size() >= 512 && bytes.substr(0, kSignature.size()) == kSignature;
}

// One record from the child: a tag, numbers separated by spaces, and an optional text as
// "<length>:<bytes>"; e.g. "C 3 2 6:王秀英".
void WriteRecord(std::string& out, char tag, std::initializer_list<uint64_t> numbers,
                 std::string_view text = {}, bool with_text = false) {
  out += tag;
  for (uint64_t n : numbers) {
    out += ' ';
    out += std::to_string(n);
  }
  if (with_text) {
    out += ' ';
    out += std::to_string(text.size());
    out += ':';
    out.append(text);
  }
  out += '\n';
}

class RecordReader {
 public:
  explicit RecordReader(std::string_view in) : in_(in) {}
  bool Tag(char& tag) {
    if (in_.empty()) return false;
    tag = in_[0];
    in_.remove_prefix(1);
    return true;
  }
  bool Number(uint64_t& n) {
    if (in_.empty() || in_[0] != ' ') return false;
    in_.remove_prefix(1);
    size_t digits = 0;
    n = 0;
    while (digits < in_.size() && digits < 19 && in_[digits] >= '0' && in_[digits] <= '9') {
      n = n * 10 + static_cast<uint64_t>(in_[digits] - '0');
      ++digits;
    }
    in_.remove_prefix(digits);
    return digits > 0;
  }
  bool Text(std::string& text) {
    uint64_t length = 0;
    if (!Number(length) || in_.empty() || in_[0] != ':') return false;
    in_.remove_prefix(1);
    if (length > in_.size()) return false;
    text.assign(in_.substr(0, length));
    in_.remove_prefix(length);
    return true;
  }
  bool EndOfRecord() {
    if (in_.empty() || in_[0] != '\n') return false;
    in_.remove_prefix(1);
    return true;
  }

 private:
  std::string_view in_;
};

constexpr int kRefused = 3;    // FreeXL refused the file; an 'E' record gives its error code
constexpr int kEncrypted = 4;  // the workbook is protected by a password

// The child's work: everything FreeXL reads, as records on stdout. Exit code 0 when the
// workbook opened (records follow), else kRefused or kEncrypted.
int DumpWorkbook(const char* path, size_t max_cells) {
  std::string out;
  auto flush = [&out] {
    bool ok = WriteAll(STDOUT_FILENO, out);
    out.clear();
    return ok;
  };
  Handle xls;
  int rc = freexl_open(path, &xls.h);
  if (rc == FREEXL_BIFF_OBFUSCATED) return kEncrypted;
  if (rc != FREEXL_OK) {
    // FreeXL's error codes are negative.
    WriteRecord(out, 'E', {static_cast<uint64_t>(-static_cast<int64_t>(rc))});
    return flush() ? kRefused : 1;
  }
  unsigned int password = 0;
  if (freexl_get_info(xls.h, FREEXL_BIFF_PASSWORD, &password) == FREEXL_OK &&
      password == FREEXL_BIFF_OBFUSCATED) {
    return kEncrypted;
  }
  unsigned int sheets = 0;
  freexl_get_info(xls.h, FREEXL_BIFF_SHEET_COUNT, &sheets);
  // A workbook whose sheets FreeXL could not list would otherwise pass as empty.
  if (sheets == 0) WriteRecord(out, 'N', {});
  size_t cells = 0;
  for (unsigned short si = 0; si < sheets; ++si) {
    const char* name = nullptr;
    if (freexl_get_worksheet_name(xls.h, si, &name) != FREEXL_OK) name = nullptr;
    std::string sheet;
    if (name != nullptr) AppendCleanText(name, sheet);
    if (sheet.empty()) sheet = "Sheet" + std::to_string(si + 1);
    WriteRecord(out, 'S', {si}, sheet, true);
    unsigned int rows = 0;
    unsigned short columns = 0;
    // FreeXL refuses a sheet whose claimed size it cannot hold: named, never passed silently.
    if (freexl_select_active_worksheet(xls.h, si) != FREEXL_OK ||
        freexl_worksheet_dimensions(xls.h, &rows, &columns) != FREEXL_OK) {
      WriteRecord(out, 'U', {});
      continue;
    }
    // Empty cells cost a lookup each; a sheet claiming more positions than this is named.
    if (static_cast<size_t>(rows) * columns > max_cells * 16) {
      WriteRecord(out, 'B', {rows, columns});
      continue;
    }
    for (unsigned int r = 0; r < rows; ++r) {
      for (unsigned short c = 0; c < columns; ++c) {
        FreeXL_CellValue v;
        if (freexl_get_cell_value(xls.h, r, c, &v) != FREEXL_OK) continue;
        std::string text = CellText(v);
        if (text.find_first_not_of(' ') == std::string::npos) continue;
        if (++cells > max_cells) {
          WriteRecord(out, 'X', {});
          return flush() ? 0 : 1;
        }
        WriteRecord(out, 'C', {r + 1, c}, text, true);
        if (out.size() > (size_t{1} << 20) && !flush()) return 1;
      }
    }
  }
  return flush() ? 0 : 1;
}

// Builds the document from the child's records; false if they are malformed.
bool AddRecords(std::string_view records, size_t max_cells, Document& doc) {
  RecordReader in(records);
  bool have_sheet = false;
  int sheet_index = 0;
  std::string sheet;
  int last_row = -1;
  char tag;
  while (in.Tag(tag)) {
    uint64_t a = 0, b = 0;
    std::string text;
    switch (tag) {
      case 'S':
        if (!in.Number(a) || !in.Text(sheet)) return false;
        sheet_index = static_cast<int>(a);
        have_sheet = true;
        last_row = -1;
        break;
      case 'B':
        if (!have_sheet || !in.Number(a) || !in.Number(b)) return false;
        doc.problems.push_back({"工作表“" + sheet + "”声称有 " + std::to_string(a) + " 行 × " +
                                    std::to_string(b) + " 列，超出上限，未检查",
                                doc.original.size()});
        break;
      case 'C':
        if (!have_sheet || !in.Number(a) || !in.Number(b) || !in.Text(text)) return false;
        if (a > 1'048'576 || b > 65'535) return false;
        AppendCell(sheet_index, sheet, static_cast<int>(a), static_cast<int>(b), text,
                   static_cast<int>(a) != last_row, doc);
        last_row = static_cast<int>(a);
        break;
      case 'N':
        doc.problems.push_back(
            {"FreeXL 在文件中找不到可读取的工作表（文件已损坏，或声称的大小超出其能力），未检查",
             doc.original.size()});
        break;
      case 'U':
        if (!have_sheet) return false;
        doc.problems.push_back(
            {"工作表“" + sheet + "”无法读取（FreeXL 拒绝了它声称的大小或内容），未检查",
             doc.original.size()});
        break;
      case 'X':
        doc.problems.push_back(
            {"表格的非空单元格超过 " + std::to_string(max_cells) + " 个，其余未检查",
             doc.original.size()});
        break;
      default:
        return false;
    }
    if (!in.EndOfRecord()) return false;
  }
  return true;
}

}  // namespace

Status ReadXls(std::string_view bytes, const ReadOptions& options, Document& doc) {
  if (!LooksLikeCompoundFile(bytes)) {
    return Status::Error("不是有效的 .xls 文件（缺少 Excel 97-2003 的 OLE2 文件头），未检查");
  }
  TempFile file;
  if (Status s = WriteTempFile(bytes, "xls", file); !s.ok()) return s;
  ChildLimits limits;
  limits.seconds = static_cast<int>(options.child_seconds);
  limits.address_space = options.child_memory_bytes;
  limits.max_output = size_t{512} << 20;
  const char* path = file.path.c_str();
  size_t max_cells = options.max_cells;
  Result<ChildOutcome> child = RunInChild(limits, [&] { return DumpWorkbook(path, max_cells); });
  if (!child.ok()) return child.status();
  if (child->exit_code == kEncrypted) {
    return Status::Error(".xls 文件已加密，无法读取，未检查");
  }
  if (child->exit_code == kRefused) {
    RecordReader in(child->output);
    char tag = 0;
    uint64_t code = 0;
    if (!in.Tag(tag) || tag != 'E' || !in.Number(code)) code = 0;
    return Status::Error("不是有效的 .xls 文件（FreeXL 错误 -" + std::to_string(code) +
                         "：文件已损坏或不是 Excel 97-2003 格式），未检查");
  }
  if (std::string limit = LimitReached(limits, *child); !limit.empty()) {
    return Status::Error("读取 .xls 时 FreeXL " + limit + "，未检查");
  }
  if (child->signal != 0 || child->exit_code != 0 ||
      !AddRecords(child->output, options.max_cells, doc)) {
    return Status::Error("不是有效的 .xls 文件（读取时 FreeXL 异常终止：文件已损坏），未检查");
  }
  if (!doc.original.empty()) doc.original.push_back('\n');
  return Status::Ok();
}

}  // namespace cuomin::scanner::internal
