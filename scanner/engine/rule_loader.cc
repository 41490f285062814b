#include "scanner/engine/rule_loader.h"

#include <re2/re2.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>

#include <yaml-cpp/depthguard.h>

#include "scanner/rules/rule_data_file.h"
#include "scanner/rules/types.h"

namespace cuomin::scanner {
namespace fs = std::filesystem;
using rules::ContextCondition;
using rules::LoadContext;
using rules::RuleInfo;

namespace {

// Keys every rule may have, whatever its type; each type adds its own (RuleType::keys, next to
// its factory in scanner/rules/). Any other key is an error at its line, so that a typo or a
// key of another type (a `pattern` rule with `swap:`) does not load silently.
const std::vector<std::string> kCommonKeys = {
    "id",       "type",    "category", "severity", "message",     "description",
    "examples", "context", "group",    "yields",   "skip_blocks", "max_findings"};
const std::vector<std::string> kContextKeys = {"near", "side", "window", "present", "absent"};

Status CheckRuleKeys(const YAML::Node& node, const std::string& type,
                     const rules::RuleType& rule_type, const LoadContext& ctx) {
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>("");
    if (std::find(kCommonKeys.begin(), kCommonKeys.end(), key) != kCommonKeys.end()) continue;
    const auto& own = rule_type.keys;
    if (std::find(own.begin(), own.end(), key) != own.end()) continue;
    std::string known;
    for (const std::string& k : own) known += (known.empty() ? "" : "、") + k;
    if (known.empty()) known = "无";
    return ctx.Error(kv.first, "未知字段 '" + key + "'：" + type + " 规则不读取它（" + type +
                                   " 的专有字段：" + known +
                                   "；通用字段见 dictionaries/README.md）");
  }
  return Status::Ok();
}

// A rule file needs four or five levels; a deeper one is refused before anything walks it.
// Iterative, so that the check itself cannot run out of stack.
Status CheckDepth(const YAML::Node& root, const LoadContext& ctx) {
  std::vector<std::pair<YAML::Node, int>> stack = {{root, 1}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (depth > rules::kMaxYamlDepth)
      return ctx.Error(node, "嵌套过深（超过 " + std::to_string(rules::kMaxYamlDepth) +
                                 " 层），不是规则文件 (nesting too deep)");
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) stack.emplace_back(item, depth + 1);
    } else if (node.IsMap()) {
      for (const auto& kv : node) stack.emplace_back(kv.second, depth + 1);
    }
  }
  return Status::Ok();
}

// The id names the file it lives in, so that a finding leads to its rule file: `<stem>` or
// `<folder>-<stem>` (dictionaries/privacy/mobile.yml: privacy-mobile).
Status CheckIdMatchesPath(const YAML::Node& id_node, const std::string& id, const std::string& path,
                          const LoadContext& ctx) {
  const fs::path p(path);
  const std::string stem = p.stem().string();
  const std::string folder = p.parent_path().filename().string();
  if (id == stem || (!folder.empty() && id == folder + "-" + stem)) return Status::Ok();
  std::string expected = "'" + stem + "'";
  if (!folder.empty()) expected += " 或 '" + folder + "-" + stem + "'";
  return ctx.Error(id_node, "规则 id '" + id + "' 与文件路径不符：应为 " + expected +
                                "（或把文件改名为 " + id + ".yml）");
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
    if (Status keys = ctx.CheckKeys(c, kContextKeys, "context 条件"); !keys.ok()) return keys;
    ContextCondition cond;
    const YAML::Node near = c["near"];
    if (!near || near.as<std::string>("").empty()) return ctx.Error(c, "context 条件缺少 near");
    auto re = std::make_shared<re2::RE2>(near.as<std::string>(), RE2::Quiet);
    if (!re->ok()) return ctx.Error(near, "near 正则表达式有误：" + re->error());
    if (Status cost = ctx.CheckRegexCost(near, *re); !cost.ok()) return cost;
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
    if (const YAML::Node w = c["window"]) {
      int window = w.as<int>(-1);
      if (window < 1 || static_cast<size_t>(window) > rules::kMaxContextWindow)
        return ctx.Error(w,
                         "window 应为 1 到 " + std::to_string(rules::kMaxContextWindow) +
                             " 之间的字数：每处命中都要在这么宽的范围里查找 near，过宽会拖慢检查");
      cond.window = static_cast<size_t>(window);
    }
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
  if (Status keys = ctx.CheckKeys(node, {"fire", "pass"}, "examples "); !keys.ok()) return keys;
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
        if (Status keys = ctx.CheckKeys(item, {"text", "suggestion"}, "示例"); !keys.ok())
          return keys;
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

// Rules that give way to each other in a circle would all drop their findings where they
// overlap: refused at the first rule of the circle. Ids of rules not loaded (disabled, or in no
// rule directory) are ignored: the rule then simply reports.
Status CheckYieldCycles(const std::vector<std::unique_ptr<rules::Rule>>& loaded,
                        const std::map<std::string, std::string>& where) {
  std::map<std::string, const RuleInfo*> by_id;
  for (const auto& r : loaded) by_id[r->info().id] = &r->info();
  enum class Mark : uint8_t { kNew, kOpen, kDone };
  std::map<std::string, Mark> mark;
  std::function<bool(const std::string&)> circular = [&](const std::string& id) {
    Mark& m = mark[id];
    if (m == Mark::kOpen) return true;
    if (m == Mark::kDone) return false;
    m = Mark::kOpen;
    for (const std::string& next : by_id[id]->yields_to) {
      if (by_id.count(next) && circular(next)) return true;
    }
    mark[id] = Mark::kDone;
    return false;
  };
  for (const auto& [id, info] : by_id) {
    if (circular(id)) {
      return Status::Error(where.at(id) + ": 规则 '" + id + "' 的 yields 构成循环（" + id +
                           " 让位的规则又让位于它）");
    }
  }
  return Status::Ok();
}

}  // namespace

bool LoadTimesWanted() {
  static const bool wanted = [] {
    const char* v = std::getenv("CUOMIN_LOAD_TIMES");
    return v != nullptr && *v != '\0';
  }();
  return wanted;
}

void ReportLoadTime(const std::string& what, std::chrono::steady_clock::time_point started) {
  const auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  std::cerr << "load-time " << static_cast<long>(ms.count()) << " ms " << what << "\n";
}

const std::vector<std::string>& CommonRuleKeys() { return kCommonKeys; }

Result<std::unique_ptr<rules::Rule>> LoadRuleFile(const std::string& path,
                                                  const LoadEnvironment& environment,
                                                  const SkipRule& skip,
                                                  std::vector<rules::RuleInfo>* skipped) {
  return LoadRule(path, std::nullopt, environment, skip, skipped);
}

Result<std::unique_ptr<rules::Rule>> LoadRule(const std::string& path,
                                              std::optional<std::string> text,
                                              const LoadEnvironment& environment,
                                              const SkipRule& skip,
                                              std::vector<rules::RuleInfo>* skipped) {
  LoadContext ctx{path};
  ctx.settings = &environment.settings;
  if (environment.clock) ctx.clock = environment.clock;
  if (!text) {
    Result<std::string> read = rules::ReadRuleDataFile(path);
    if (!read.ok()) return read.status();
    text = std::move(*read);
  }
  YAML::Node node;
  try {
    node = YAML::Load(*text);
  } catch (const YAML::DeepRecursion& e) {
    return Status::Error(path + ":" + std::to_string(e.mark.line + 1) +
                         ": 嵌套过深，不是规则文件 (nesting too deep)");
  } catch (const YAML::ParserException& e) {
    return Status::Error(path + ":" + std::to_string(e.mark.line + 1) + ": YAML 语法错误：" +
                         e.msg);
  } catch (const YAML::Exception& e) {
    return Status::Error(path + ": 无法读取规则文件：" + e.msg);
  }
  try {
    if (!node.IsMap()) return Status::Error(path + ":1: 规则文件应为一个映射（id、type、…）");
    if (Status depth = CheckDepth(node, ctx); !depth.ok()) return depth;
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
    const auto& types = rules::RuleTypes();
    auto type = types.find(info.type);
    if (type == types.end()) {
      std::string known;
      for (const auto& [name, t] : types) known += (known.empty() ? "" : "、") + name;
      return ctx.Error(node["type"], "未知的规则类型 '" + info.type + "'（可用：" + known + "）");
    }
    if (Status keys = CheckRuleKeys(node, info.type, type->second, ctx); !keys.ok()) return keys;
    if (Status id = CheckIdMatchesPath(node["id"], info.id, path, ctx); !id.ok()) return id;
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
    if (const YAML::Node m = node["max_findings"]) {
      const long long n = m.IsScalar() ? m.as<long long>(0) : 0;
      if (n < 1 || n > static_cast<long long>(rules::kMostMaxFindings)) {
        return ctx.Error(
            m, "max_findings 应为 1 到 " + std::to_string(rules::kMostMaxFindings) + " 之间的整数");
      }
      info.max_findings = static_cast<size_t>(n);
    }
    if (const YAML::Node y = node["yields"]) {
      if (y.IsSequence()) {
        for (const YAML::Node& id : y) {
          if (!id.IsScalar()) return ctx.Error(id, "yields 列表中应为规则 id");
          info.yields_to.push_back(id.as<std::string>());
        }
      } else {
        info.yields = y.as<bool>(false);
      }
    }
    Status ex = ParseExamples(node["examples"], ctx, info);
    if (!ex.ok()) return ex;
    if (skip && skip(info)) {
      // A disabled rule is not built: its data (a language model, say) need not even exist.
      if (skipped) skipped->push_back(std::move(info));
      return std::unique_ptr<rules::Rule>();
    }
    return type->second.make(node, std::move(info), ctx);
  } catch (const YAML::Exception& e) {
    // A value of the wrong shape (a list where a string belongs...).
    return Status::Error(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

Result<std::vector<std::unique_ptr<rules::Rule>>> LoadRuleDirs(
    const std::vector<std::string>& dirs, const LoadEnvironment& environment, const SkipRule& skip,
    std::vector<rules::RuleInfo>* skipped) {
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
      const auto started = std::chrono::steady_clock::now();
      auto rule = LoadRuleFile(f, environment, skip, skipped);
      if (LoadTimesWanted()) ReportLoadTime(f, started);
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
  if (Status s = CheckYieldCycles(out, where); !s.ok()) return s;
  return out;
}

Result<std::vector<AllowEntry>> LoadAllowFile(const std::string& path) {
  Result<std::string> text = rules::ReadRuleDataFile(path);
  if (!text.ok()) return text.status();
  std::vector<AllowEntry> out;
  int n = 0;
  for (size_t from = 0; from < text->size();) {
    size_t nl = text->find('\n', from);
    if (nl == std::string::npos) nl = text->size();
    std::string line = text->substr(from, nl - from);
    from = nl + 1;
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
