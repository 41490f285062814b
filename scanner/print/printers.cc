#include "scanner/printers.h"

#include "common/utf8.h"
#include "scanner/print/printer_impl.h"

namespace cuomin::scanner {

bool IsKnownFormat(std::string_view format) {
  for (std::string_view f : kPrinterFormats)
    if (f == format) return true;
  return false;
}

std::unique_ptr<Printer> MakePrinter(std::string_view format, std::ostream& out,
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

std::string ToOneLine(std::string_view s) { return utf8::ToSafeLine(s); }

}  // namespace printers
}  // namespace cuomin::scanner
