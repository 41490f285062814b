// A finding as JSON, written in one place: the JSON Lines printer, the server's API and
// whatever stores findings as JSON use it, so a field added to Finding is added here once.
//
//   JsonOut o;
//   WriteFindingJson(o, finding);        // {"source":...,"line":...,...}
//   o.str();
#pragma once

#include <optional>
#include <string_view>

#include "common/json_out.h"
#include "scanner/finding.h"
#include "scanner/scan_status.h"

namespace cuomin::scanner {

// What a caller adds beside the finding's own fields.
struct FindingJsonExtras {
  // The source to write when the finding has none (a printer's document).
  std::string_view source;
  // "status": the finding against the last scan of its site; omitted when unset.
  std::optional<ScanStatus> status;
};

// Writes the finding as one JSON object: source, line, column, end_line, end_column, offset,
// length, rule, category, severity, message, text, suggestion, context, rule_file, then those
// that are set: page, sheet, cell, box {x, y, width, height} (pixels), ocr (true), status.
void WriteFindingJson(JsonOut& o, const Finding& f, const FindingJsonExtras& extras = {});

// The fields alone, into an object the caller has opened (to add its own, such as an id).
void WriteFindingFields(JsonOut& o, const Finding& f, const FindingJsonExtras& extras = {});

// What a finding says, wherever it is kept: rule, category, severity, message, text,
// suggestion, context. WriteFindingFields writes them; so does the server's API for a stored
// finding, whose positions are its own (UTF-16 offsets into the version's text, for the
// browser). A field every finding has is added here.
void WriteFindingContent(JsonOut& o, const Finding& f);

}  // namespace cuomin::scanner
