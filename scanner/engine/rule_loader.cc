#include "scanner/engine/rule_loader.h"

#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "scanner/rules/types.h"

namespace cuomin::scanner {
namespace fs = std::filesystem;
using rules::ContextCondition;
using rules::LoadContext;
using rules::RuleInfo;

namespace {

// Keys every rule may have; anything else must be known to its type's factory, which reads
// what it needs. Unknown top-level keys are reported so that typos in rule files surface.
const char* const kCommonKeys[] = {"id",      "type",        "category",   "severity",
                                   "message", "description", "examples",   "context",
                                   "group",   "yields",      "skip_blocks"};
const char* const kTypeKeys[] = {"words",
                                 "model",
                                 "thresholds",
                                 "vocabulary",
                                 "wordlist",
                                 "exceptions",
                                 "swap",
                                 "match",
                                 "pattern",
                                 "suggest",
                                 "validator",
                                 "pairs",
                                 "max_unit",
                                 "allow",
                                 "allow_list",
                                 "levels",
                                 "categories",
                                 "confusion",
                                 "shapes",
                                 "shapes_for",
                                 "min_length",
                                 "min_length_omission",
                                 "min_length_insertion",
                                 "insert_exclude",
                                 "interchangeable",
                                 "approx_min_length",
                                 "two_edits_min_length",
                                 "two_edit_wordlist",
                                 "drop_exclude",
                                 "common_words",
                                 "history",
                                 "outer_replace",
                                 "doublable",
                                 "reset",
                                 "multi_paragraph",
                                 "allow_unit",
                                 "allow_units",
                                 "never_doubled",
                                 "min_han_ratio",
                                 "source",
                                 "licence",
                                 "license"};

bool KnownKey(const std::string& k) {
  for (const char* c : kCommonKeys)
    if (k == c) return true;
  for (const char* c : kTypeKeys)
    if (k == c) return true;
  return false;
}

Result<std::optional<Severity>> ParseAction(const YAML::Node& n, const LoadContext& ctx) {
  std::string v = n.as<std::string>("");
  if (v == "skip") return std::optional<Severity>();
  if (auto s = ParseSeverity(v)) return std::optional<Severity>(*s);
  return ctx.Error(
      n, "context 的动作应为 skip 或严重程度（critical/major/minor/info），而不是 '" + v + "'");
}

Result<std::vector<ContextCondition>> ParseContext(const YAML::Node& node, const LoadContext& ctx) {
  std::vector<ContextCondition> out;
  if (!node) return out;
  if (!node.IsSequence()) return ctx.Error(node, "context 应为条件列表");
  for (const YAML::Node& c : node) {
    if (!c.IsMap()) return ctx.Error(c, "context 的每一项应为映射");
    ContextCondition cond;
    const YAML::Node near = c["near"];
    if (!near || near.as<std::string>("").empty()) return ctx.Error(c, "context 条件缺少 near");
    auto re = std::make_shared<re2::RE2>(near.as<std::string>(), RE2::Quiet);
    if (!re->ok()) return ctx.Error(near, "near 正则表达式有误：" + re->error());
    cond.near = re;
    std::string side = c["side"] ? c["side"].as<std::string>("") : "before";
    if (side == "before") {
      cond.side = ContextCondition::Side::kBefore;
    } else if (side == "after") {
      cond.side = ContextCondition::Side::kAfter;
    } else if (side == "both") {
      cond.side = ContextCondition::Side::kBoth;
    } else if (side == "sentence") {
      cond.side = ContextCondition::Side::kSentence;
    } else {
      return ctx.Error(c["side"], "side 应为 before/after/both/sentence");
    }
    if (c["window"]) cond.window = c["window"].as<size_t>(10);
    if (c["present"]) {
      auto a = ParseAction(c["present"], ctx);
      if (!a.ok()) return a.status();
      cond.when_present = *a;
    }
    if (c["absent"]) {
      auto a = ParseAction(c["absent"], ctx);
      if (!a.ok()) return a.status();
      cond.when_absent = *a;
    }
    if (!cond.when_present && !cond.when_absent)
      return ctx.Error(c, "context 条件需要 present 或 absent");
    out.push_back(std::move(cond));
  }
  return out;
}

Result<uint32_t> ParseSkipBlocks(const YAML::Node& node, const LoadContext& ctx) {
  uint32_t mask = 0;
  if (!node) return mask;
  static const std::map<std::string, BlockKind> kKinds = {{"paragraph", BlockKind::kParagraph},
                                                          {"title", BlockKind::kTitle},
                                                          {"heading", BlockKind::kHeading},
                                                          {"list_item", BlockKind::kListItem},
                                                          {"table_cell", BlockKind::kTableCell}};
  for (const YAML::Node& k : node) {
    auto it = kKinds.find(k.as<std::string>(""));
    if (it == kKinds.end()) return ctx.Error(k, "未知的段落类型 '" + k.as<std::string>("") + "'");
    mask |= 1u << static_cast<uint32_t>(it->second);
  }
  return mask;
}

Status ParseExamples(const YAML::Node& node, const LoadContext& ctx, RuleInfo& info) {
  if (!node) return Status::Ok();
  if (!node.IsMap()) return ctx.Error(node, "examples 应包含 fire 和 pass 两个列表");
  for (const char* key : {"fire", "pass"}) {
    const YAML::Node list = node[key];
    if (!list) continue;
    if (!list.IsSequence()) return ctx.Error(list, std::string("examples.") + key + " 应为列表");
    for (const YAML::Node& item : list) {
      rules::Example ex;
      ex.must_fire = std::string(key) == "fire";
      ex.line = item.Mark().line + 1;
      if (item.IsScalar()) {
        ex.text = item.as<std::string>();
      } else if (item.IsMap() && item["text"]) {
        ex.text = item["text"].as<std::string>();
        if (item["suggestion"]) ex.suggestion = item["suggestion"].as<std::string>("");
      } else {
        return ctx.Error(item, "示例应为字符串，或含 text（和 suggestion）的映射");
      }
      info.examples.push_back(std::move(ex));
    }
  }
  return Status::Ok();
}

std::string Required(const YAML::Node& node, const char* key, Status& error,
                     const LoadContext& ctx) {
  const YAML::Node v = node[key];
  if (!v || !v.IsScalar() || v.as<std::string>().empty()) {
    if (error.ok()) error = ctx.Error(node, std::string("缺少必填字段 ") + key);
    return "";
  }
  return v.as<std::string>();
}

}  // namespace

Result<std::unique_ptr<rules::Rule>> LoadRuleFile(
    const std::string& path, const std::map<std::string, std::string>& settings,
    const SkipRule& skip, std::vector<rules::RuleInfo>* skipped) {
  LoadContext ctx{path};
  ctx.settings = &settings;
  YAML::Node node;
  try {
    node = YAML::LoadFile(path);
  } catch (const YAML::ParserException& e) {
    return Status::Error(path + ":" + std::to_string(e.mark.line + 1) + ": YAML 语法错误：" +
                         e.msg);
  } catch (const YAML::Exception& e) {
    return Status::Error(path + ": 无法读取规则文件：" + e.msg);
  }
  try {
    if (!node.IsMap()) return Status::Error(path + ":1: 规则文件应为一个映射（id、type、…）");
    for (const auto& kv : node) {
      std::string key = kv.first.as<std::string>("");
      if (!KnownKey(key)) return ctx.Error(kv.first, "未知字段 '" + key + "'");
    }
    Status error;
    RuleInfo info;
    info.file = path;
    info.line = node.Mark().line + 1;
    info.id = Required(node, "id", error, ctx);
    info.type = Required(node, "type", error, ctx);
    std::string category = Required(node, "category", error, ctx);
    std::string severity = Required(node, "severity", error, ctx);
    if (info.type != "allow") info.message = Required(node, "message", error, ctx);
    if (const YAML::Node d = node["description"]) info.description = d.as<std::string>("");
    if (!error.ok()) return error;
    if (auto c = ParseCategory(category)) {
      info.category = *c;
    } else {
      return ctx.Error(node["category"], "未知的类别 '" + category + "'");
    }
    if (auto s = ParseSeverity(severity)) {
      info.severity = *s;
    } else {
      return ctx.Error(node["severity"],
                       "未知的严重程度 '" + severity + "'（应为 critical/major/minor/info）");
    }
    auto context = ParseContext(node["context"], ctx);
    if (!context.ok()) return context.status();
    info.context = std::move(*context);
    auto skip_blocks = ParseSkipBlocks(node["skip_blocks"], ctx);
    if (!skip_blocks.ok()) return skip_blocks.status();
    info.skip_blocks = *skip_blocks;
    if (const YAML::Node g = node["group"]) {
      if (g.as<std::string>("") != "document") return ctx.Error(g, "group 只能是 document");
      info.group_document = true;
    }
    if (const YAML::Node y = node["yields"]) info.yields = y.as<bool>(false);
    Status ex = ParseExamples(node["examples"], ctx, info);
    if (!ex.ok()) return ex;
    if (skip && skip(info)) {
      // A disabled rule is not built: its data (a language model, say) need not even exist.
      if (skipped) skipped->push_back(std::move(info));
      return std::unique_ptr<rules::Rule>();
    }
    const auto& types = rules::RuleTypes();
    auto it = types.find(info.type);
    if (it == types.end()) {
      std::string known;
      for (const auto& [name, f] : types) known += (known.empty() ? "" : "、") + name;
      return ctx.Error(node["type"], "未知的规则类型 '" + info.type + "'（可用：" + known + "）");
    }
    return it->second(node, std::move(info), ctx);
  } catch (const YAML::Exception& e) {
    // A value of the wrong shape (a list where a string belongs...).
    return Status::Error(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

Result<std::vector<std::unique_ptr<rules::Rule>>> LoadRuleDirs(
    const std::vector<std::string>& dirs, const std::map<std::string, std::string>& settings,
    const SkipRule& skip, std::vector<rules::RuleInfo>* skipped) {
  std::vector<std::unique_ptr<rules::Rule>> out;
  std::map<std::string, std::string> where;  // id -> file:line
  for (const std::string& dir : dirs) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return Status::Error(dir + ": 规则目录不存在或不是目录");
    std::vector<std::string> files;
    for (fs::recursive_directory_iterator
             it(dir, fs::directory_options::skip_permission_denied, ec),
         end;
         it != end; it.increment(ec)) {
      if (ec) break;
      if (!it->is_regular_file(ec)) continue;
      std::string ext = it->path().extension().string();
      if (ext == ".yml" || ext == ".yaml") files.push_back(it->path().string());
    }
    if (ec) return Status::Error(dir + ": 无法遍历规则目录：" + ec.message());
    std::sort(files.begin(), files.end());
    for (const std::string& f : files) {
      size_t skipped_before = skipped ? skipped->size() : 0;
      auto rule = LoadRuleFile(f, settings, skip, skipped);
      if (!rule.ok()) return rule.status();
      const auto& info = *rule ? (*rule)->info() : skipped->at(skipped_before);
      std::string here = info.file + ":" + std::to_string(info.line);
      auto [it, inserted] = where.emplace(info.id, here);
      if (!inserted) {
        return Status::Error(here + ": 规则 id '" + info.id + "' 与 " + it->second + " 重复");
      }
      if (*rule) out.push_back(std::move(*rule));
    }
  }
  return out;
}

Result<std::vector<AllowEntry>> LoadAllowFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": 无法读取白名单文件");
  std::vector<AllowEntry> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (n == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.pop_back();
    size_t b = line.find_first_not_of(" \t");
    if (b == std::string::npos || line[b] == '#') continue;
    line = line.substr(b);
    AllowEntry e;
    // "rule-id: term" — a rule id is ASCII letters, digits and dashes.
    size_t colon = line.find(':');
    if (colon != std::string::npos && colon > 0 &&
        std::all_of(line.begin(), line.begin() + colon, [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                 (c >= 'A' && c <= 'Z');
        })) {
      e.rule = line.substr(0, colon);
      size_t t = line.find_first_not_of(' ', colon + 1);
      e.term = t == std::string::npos ? "" : line.substr(t);
      if (e.term.empty())
        return Status::Error(path + ":" + std::to_string(n) + ": 规则 " + e.rule + " 后缺少词语");
    } else {
      e.term = line;
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace cuomin::scanner
