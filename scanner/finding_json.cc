#include "scanner/finding_json.h"

namespace cuomin::scanner {

void WriteFindingFields(JsonOut& o, const Finding& f, const FindingJsonExtras& extras) {
  o.Key("source").String(f.source.empty() ? extras.source : std::string_view(f.source));
  o.Key("line").Int(f.line).Key("column").Int(f.column);
  o.Key("end_line").Int(f.end_line).Key("end_column").Int(f.end_column);
  o.Key("offset").Int(f.offset).Key("length").Int(f.length);
  WriteFindingContent(o, f);
  o.Key("rule_file").String(f.rule_file);
  // Positions in paged and gridded files only where the format has them, so a finding in a
  // page or text file keeps the same object as before they existed.
  if (f.page > 0) o.Key("page").Int(f.page);
  if (!f.sheet.empty()) o.Key("sheet").String(f.sheet);
  if (!f.cell.empty()) o.Key("cell").String(f.cell);
  if (f.box) {
    o.Key("box").BeginObject();
    o.Key("x").Int(f.box->x).Key("y").Int(f.box->y);
    o.Key("width").Int(f.box->width).Key("height").Int(f.box->height);
    o.EndObject();
  }
  if (f.ocr) o.Key("ocr").Bool(true);
  if (extras.status) o.Key("status").String(ToString(*extras.status));
}

void WriteFindingContent(JsonOut& o, const Finding& f) {
  o.Key("rule").String(f.rule);
  o.Key("category").String(ToString(f.category));
  o.Key("severity").String(ToString(f.severity));
  o.Key("message").String(f.message);
  o.Key("text").String(f.text);
  o.Key("suggestion").String(f.suggestion);
  o.Key("context").String(f.context);
}

void WriteFindingJson(JsonOut& o, const Finding& f, const FindingJsonExtras& extras) {
  o.BeginObject();
  WriteFindingFields(o, f, extras);
  o.EndObject();
}

}  // namespace cuomin::scanner
