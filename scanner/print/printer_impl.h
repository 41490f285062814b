// Internal to the printers: one factory per format and the string clean-up they share.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "scanner/printers.h"

namespace cuomin::scanner::printers {

std::unique_ptr<Printer> MakeTextPrinter(std::ostream& out, const PrinterOptions& options);
std::unique_ptr<Printer> MakeJsonLinesPrinter(std::ostream& out, const PrinterOptions& options);
std::unique_ptr<Printer> MakeSarifPrinter(std::ostream& out, const PrinterOptions& options);
std::unique_ptr<Printer> MakeCsvPrinter(std::ostream& out, const PrinterOptions& options);

// s with every malformed UTF-8 sequence replaced by U+FFFD.
std::string ToValidUtf8(std::string_view s);

// s as one safe terminal line: valid UTF-8; line breaks, tabs and control characters shown as
// escapes (\n, \t, \x1b) so a finding is one line and a web page cannot send terminal escape
// sequences; bidirectional overrides shown as <U+202E> so they cannot reorder the line.
std::string ToOneLine(std::string_view s);

}  // namespace cuomin::scanner::printers
