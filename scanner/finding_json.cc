#include "scanner/finding_json.h"

namespace cuomin::scanner {

void WriteFindingFields(JsonOut& o, const Finding& f, const FindingJsonExtras& extras) {
  o.Key("source").String(f.source.empty() ? extras.source : std::string_view(f.source));
  o.Key("line").Int(f.line).Key("column").Int(f.column);
  o.Key("end_line").Int(f.end_line).Key("end_column").Int(f.end_column);
  o.Key("offset").Int(f.offset).Key("length").Int(f.length);
  o.Key("rule").String(f.rule);
  o.Key("category").String(ToString(f.category));
  o.Key("severity").String(ToString(f.severity));
  o.Key("message").String(f.message);
  o.Key("text").String(f.text);
  o.Key("suggestion").String(f.suggestion);
  o.Key("context").String(f.context);
  o.Key("rule_file").String(f.rule_file);
  if (extras.status) o.Key("status").String(ToString(*extras.status));
}

void WriteFindingJson(JsonOut& o, const Finding& f, const FindingJsonExtras& extras) {
  o.BeginObject();
  WriteFindingFields(o, f, extras);
  o.EndObject();
}

}  // namespace cuomin::scanner
