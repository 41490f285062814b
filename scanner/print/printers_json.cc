// Machine-readable formats: JSON Lines (one finding per line, for scripts and jq; written by
// scanner/finding_json.h) and SARIF 2.1.0 (for code-scanning dashboards and editors). For SARIF
// nlohmann-json does the string escaping;
// its `replace` error handler turns invalid UTF-8 into U+FFFD, so the output is always valid.
#include <cstdio>
#include <map>
#include <ostream>

#include <nlohmann/json.hpp>

#include "scanner/finding_json.h"
#include "scanner/print/printer_impl.h"

namespace cuomin::scanner::printers {
namespace {

using Json = nlohmann::ordered_json;

// JSON allows DEL, C1 controls, U+2028 and U+2029 raw; they are escaped anyway: U+0085, U+2028
// and U+2029 end lines for some JSON Lines readers (and U+2028/9 end JavaScript strings before
// ES2019), and C1 controls can reach a terminal. In the dumped (valid UTF-8) text their
// encodings cannot be part of another character, so a byte-level pass is exact.
std::string Dump(const Json& j) {
  std::string raw = j.dump(-1, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
  std::string out;
  out.reserve(raw.size());
  char buf[8];
  for (size_t i = 0; i < raw.size(); ++i) {
    auto c = static_cast<unsigned char>(raw[i]);
    auto next = [&](size_t k) {
      return i + k < raw.size() ? static_cast<unsigned char>(raw[i + k]) : 0;
    };
    if (c == 0x7F) {
      out += "\\u007f";
    } else if (c == 0xC2 && next(1) >= 0x80 && next(1) <= 0x9F) {
      std::snprintf(buf, sizeof buf, "\\u%04x", next(1));
      out += buf;
      ++i;
    } else if (c == 0xE2 && next(1) == 0x80 && (next(2) == 0xA8 || next(2) == 0xA9)) {
      out += next(2) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string_view SourceOf(const Finding& f, std::string_view source) {
  return f.source.empty() ? source : std::string_view(f.source);
}

// One finding per line through the shared finding writer (scanner/finding_json.h).
class JsonLinesPrinter : public Printer {
 public:
  explicit JsonLinesPrinter(std::ostream& out) : out_(out) {}

  void OnDocumentWithStatus(std::string_view source, const std::vector<Finding>& findings,
                            std::span<const ScanStatus> status) override {
    for (size_t i = 0; i < findings.size(); ++i) {
      JsonOut o;
      std::optional<ScanStatus> st;
      if (i < status.size()) st = status[i];
      WriteFindingJson(o, findings[i], {source, st});
      o.str() += '\n';
      out_ << o.str();
    }
    if (!findings.empty()) out_.flush();
  }

  void Finish() override { out_.flush(); }

 private:
  std::ostream& out_;
};

// SARIF levels: critical and major block publication (error), minor is a warning, info a note.
std::string_view SarifLevel(Severity s) {
  switch (s) {
    case Severity::kCritical:
    case Severity::kMajor:
      return "error";
    case Severity::kMinor:
      return "warning";
    case Severity::kInfo:
      return "note";
  }
  return "none";
}

// SARIF 2.1.0 result.baselineState: the result compared with a baseline run.
std::string_view BaselineState(ScanStatus s) {
  switch (s) {
    case ScanStatus::kNew:
      return "new";
    case ScanStatus::kStill:
      return "unchanged";
    case ScanStatus::kFixed:
      return "absent";
  }
  return "new";
}

// artifactLocation.uri must be a URI reference: URLs stay as they are, paths are
// percent-encoded (Chinese file names are common) and absolute paths become file:// URIs.
std::string ToUri(std::string_view source) {
  if (source.find("://") != std::string_view::npos) return ToValidUtf8(source);
  std::string out;
  if (!source.empty() && source[0] == '/') out = "file://";
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : source) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

Json RuleJson(const RuleDescriptor& r) {
  Json j;
  j["id"] = r.id;
  j["shortDescription"]["text"] = r.description.empty() ? r.id : r.description;
  j["defaultConfiguration"]["level"] = SarifLevel(r.severity);
  j["properties"]["category"] = ToString(r.category);
  j["properties"]["severity"] = ToString(r.severity);
  return j;
}

// Writes the log as findings arrive (results first, the rules array once all are known) so a
// large run is not held in memory; JSON object keys have no order, so this is still SARIF.
class SarifPrinter : public Printer {
 public:
  SarifPrinter(std::ostream& out, const PrinterOptions& options)
      : out_(out), rules_(options.rules), version_(options.tool_version) {
    for (size_t i = 0; i < rules_.size(); ++i) rule_index_.emplace(rules_[i].id, i);
  }

  void OnDocumentWithStatus(std::string_view source, const std::vector<Finding>& findings,
                            std::span<const ScanStatus> status) override {
    WriteHead();
    for (size_t i = 0; i < findings.size(); ++i) {
      const Finding& f = findings[i];
      Json r = ResultJson(f, SourceOf(f, source));
      if (i < status.size()) r["baselineState"] = BaselineState(status[i]);
      out_ << (first_result_ ? "\n" : ",\n") << Dump(r);
      first_result_ = false;
    }
    if (!findings.empty()) out_.flush();
  }

  void Finish() override {
    WriteHead();
    Json driver;
    driver["name"] = "cuomin";
    if (!version_.empty()) driver["version"] = version_;
    driver["rules"] = Json::array();
    for (const RuleDescriptor& r : rules_) driver["rules"].push_back(RuleJson(r));
    Json tool;
    tool["driver"] = std::move(driver);
    out_ << (first_result_ ? "" : "\n") << "],\n\"tool\": " << Dump(tool)
         << ",\n\"columnKind\": \"unicodeCodePoints\"\n}]}\n";
    out_.flush();
  }

 private:
  void WriteHead() {
    if (head_written_) return;
    head_written_ = true;
    out_ << "{\"$schema\": "
            "\"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
            "sarif-schema-2.1.0.json\",\n"
            "\"version\": \"2.1.0\",\n\"runs\": [{\n\"results\": [";
  }

  size_t RuleIndex(const Finding& f) {
    auto [it, inserted] = rule_index_.emplace(f.rule, rules_.size());
    if (inserted) rules_.push_back({f.rule, "", f.category, f.severity});
    return it->second;
  }

  Json ResultJson(const Finding& f, std::string_view source) {
    Json region;
    if (f.line > 0) {
      region["startLine"] = f.line;
      region["startColumn"] = f.column;
      if (f.end_line > 0) {
        region["endLine"] = f.end_line;
        region["endColumn"] = f.end_column + 1;  // SARIF end columns are exclusive
      }
    }
    region["snippet"]["text"] = f.text;
    std::string uri = ToUri(source);

    Json location;
    location["physicalLocation"]["artifactLocation"]["uri"] = uri;
    location["physicalLocation"]["region"] = region;

    Json r;
    r["ruleId"] = f.rule;
    r["ruleIndex"] = RuleIndex(f);
    r["level"] = SarifLevel(f.severity);
    r["message"]["text"] = f.message;
    r["locations"] = Json::array({location});
    if (!f.suggestion.empty() && f.line > 0 && f.end_line > 0) {
      Json deleted = region;
      deleted.erase("snippet");
      Json replacement;
      replacement["deletedRegion"] = deleted;
      replacement["insertedContent"]["text"] = f.suggestion;
      Json change;
      change["artifactLocation"]["uri"] = uri;
      change["replacements"] = Json::array({replacement});
      Json fix;
      fix["description"]["text"] = "改为“" + f.suggestion + "”";
      fix["artifactChanges"] = Json::array({change});
      r["fixes"] = Json::array({fix});
    }
    Json& p = r["properties"];
    p["category"] = ToString(f.category);
    p["severity"] = ToString(f.severity);
    if (!f.suggestion.empty()) p["suggestion"] = f.suggestion;
    p["context"] = f.context;
    p["offset"] = f.offset;
    p["length"] = f.length;
    p["ruleFile"] = f.rule_file;
    // SARIF regions count lines and bytes of a text artifact; a page, a cell and a box in an
    // image have no place there, so they are properties (set ones only).
    if (f.page > 0) p["page"] = f.page;
    if (!f.sheet.empty()) p["sheet"] = f.sheet;
    if (!f.cell.empty()) p["cell"] = f.cell;
    if (f.box) {
      p["box"] = {
          {"x", f.box->x}, {"y", f.box->y}, {"width", f.box->width}, {"height", f.box->height}};
    }
    if (f.ocr) p["ocr"] = true;
    return r;
  }

  std::ostream& out_;
  std::vector<RuleDescriptor> rules_;
  std::map<std::string, size_t> rule_index_;
  std::string version_;
  bool head_written_ = false;
  bool first_result_ = true;
};

}  // namespace

std::unique_ptr<Printer> MakeJsonLinesPrinter(std::ostream& out, const PrinterOptions&) {
  return std::make_unique<JsonLinesPrinter>(out);
}

std::unique_ptr<Printer> MakeSarifPrinter(std::ostream& out, const PrinterOptions& options) {
  return std::make_unique<SarifPrinter>(out, options);
}

}  // namespace cuomin::scanner::printers
