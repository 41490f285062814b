#include "scanner/printers.h"

#include <cstdio>

#include "common/utf8.h"
#include "scanner/print/printer_impl.h"

namespace cuomin::scanner {

bool IsKnownFormat(std::string_view format) {
  for (std::string_view f : kPrinterFormats)
    if (f == format) return true;
  return false;
}

std::unique_ptr<FindingSink> MakePrinter(std::string_view format, std::ostream& out,
                                         PrinterOptions options) {
  if (format == "text") return printers::MakeTextPrinter(out, options);
  if (format == "json") return printers::MakeJsonLinesPrinter(out, options);
  if (format == "sarif") return printers::MakeSarifPrinter(out, options);
  if (format == "csv") return printers::MakeCsvPrinter(out, options);
  return nullptr;
}

namespace printers {

std::string ToValidUtf8(std::string_view s) {
  if (utf8::IsValid(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) utf8::Append(out, utf8::Next(s, i));
  return out;
}

std::string ToOneLine(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t c = utf8::Next(s, i);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
      out += buf;
    } else if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "<U+%04X>", static_cast<unsigned>(c));
      out += buf;
    } else {
      utf8::Append(out, c);
    }
  }
  return out;
}

}  // namespace printers
}  // namespace cuomin::scanner
