// Any bytes as a rule file: YAML parsing, the schema (keys, id, limits), every type's factory.
// A rule that loads is compiled into an engine and run on a short text with every block kind,
// so that whatever the loader accepts can also run.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "scanner/engine/engine.h"
#include "scanner/engine/rule_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace sc = cuomin::scanner;
  std::string text(reinterpret_cast<const char*>(data), size);
  // No word list resolves below this directory: factories that need one fail cleanly.
  auto rule = sc::LoadRule("/nonexistent-cuomin-fuzz/rules/r.yml", text, {});
  if (!rule.ok()) {
    // An error always names the file.
    if (rule.status().message().rfind("/nonexistent-cuomin-fuzz/rules/r.yml", 0) != 0) std::abort();
    return 0;
  }
  if (!*rule) return 0;
  std::vector<std::unique_ptr<sc::rules::Rule>> rules;
  rules.push_back(std::move(*rule));
  auto engine = sc::Engine::Build(std::move(rules), {});
  if (!engine.ok()) return 0;
  sc::Document doc;
  doc.source = "fuzz.txt";
  doc.original = "第一章 总则\n一、面对困难一愁莫展，联系电话13812345678。\n（一）赌博网站的的。";
  size_t start = 0;
  int kind = 0;
  while (start < doc.original.size()) {
    size_t nl = doc.original.find('\n', start);
    if (nl == std::string::npos) nl = doc.original.size();
    sc::Block b;
    b.text = doc.original.substr(start, nl - start);
    b.map.Add(0, start);
    b.kind = static_cast<sc::BlockKind>(kind++ % 3);
    doc.blocks.push_back(std::move(b));
    start = nl + 1;
  }
  for (const sc::Finding& f : (*engine)->Check(doc)) {
    if (f.offset + f.length > doc.original.size()) std::abort();
  }
  return 0;
}
