// Internal: the interface every rule type implements, and what it gets to work with.
// A rule is compiled once from its YAML node and then only read (thread-safe by being const).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "scanner/document.h"
#include "scanner/finding.h"

namespace re2 {
class RE2;
}

namespace cuomin::scanner::lm {
class WordFrequency;
}  // namespace cuomin::scanner::lm

namespace cuomin::scanner::rules {

// A `context:` condition: what to do when a regex is (or is not) found around a match.
struct ContextCondition {
  enum class Side { kBefore, kAfter, kBoth, kSentence };
  std::shared_ptr<const re2::RE2> near;
  Side side = Side::kBefore;
  size_t window = 10;  // code points, for kBefore/kAfter/kBoth
  // Actions; an empty optional means "nothing". `skip` drops the hit; otherwise the severity
  // becomes the given one.
  std::optional<std::optional<Severity>> when_present;  // inner nullopt = skip
  std::optional<std::optional<Severity>> when_absent;
};

// An example from the rule file: text that must (fire) or must not (pass) produce a finding.
struct Example {
  std::string text;
  bool must_fire = true;
  std::optional<std::string> suggestion;  // when given, the finding must suggest exactly this
  int line = 0;                           // line in the rule file
};

inline constexpr size_t kDefaultMaxFindings = 1000;
inline constexpr size_t kMostMaxFindings = 1'000'000;

// The fields every rule has, whatever its type.
struct RuleInfo {
  std::string id;
  std::string type;
  Category category = Category::kTypo;
  Severity severity = Severity::kMajor;
  std::string message;      // Chinese; "{text}" and "{suggestion}" are replaced when reported
  std::string description;  // why the rule exists, where its data comes from
  std::string file;         // rule file path
  int line = 0;             // line of the rule in its file
  std::vector<Example> examples;
  // Handled by the engine for every rule type:
  std::vector<ContextCondition> context;
  uint32_t skip_blocks = 0;     // bit (1 << BlockKind) set: blocks of that kind are ignored
  bool group_document = false;  // `group: document`: one finding per document with the count
  // `max_findings`: findings listed per document; the rest are counted in the last one listed.
  // A 300 MB file with 4.7 million findings took 5.1 GB when all were kept, and no reviewer reads
  // past the first thousand typos of one kind. Personal data is different: each leaked number
  // in a 公示 list of 50,000 people must be found and masked, so those rules list far more.
  size_t max_findings = kDefaultMaxFindings;
  // `yields: true`: dropped where another rule of its category, or of another category at a
  // severity at least as high, reports overlapping text.
  bool yields = false;
  // `yields: [id, ...]`: dropped where one of these rules reports overlapping text (the more
  // specific rule of a family wins: a leader's name beside a title over the bare name).
  std::vector<std::string> yields_to;
};

// A problem found by a rule, in the coordinates of one block's text (or of its folded copy
// already mapped back to the block text by the engine).
struct Hit {
  size_t block = 0;  // index into Document::blocks
  size_t begin = 0;  // byte offsets into Block::text
  size_t end = 0;
  std::string suggestion;
  std::string message;               // empty: the rule's message
  std::optional<Severity> severity;  // empty: the rule's severity
};

// What a rule sees of one block.
struct BlockView {
  const Document& document;
  size_t index;        // block index in document.blocks
  const Block& block;  // document.blocks[index]
};

class Rule {
 public:
  explicit Rule(RuleInfo info) : info_(std::move(info)) {}
  virtual ~Rule() = default;
  const RuleInfo& info() const { return info_; }

  // Finds problems in one block. Called for every block of every document.
  virtual void CheckBlock(const BlockView& /*block*/, std::vector<Hit>& /*out*/) const {}
  // Called once per document after the blocks, for rules that need the whole document
  // (numbering sequences, grouped reports).
  virtual void CheckDocument(const Document& /*document*/, std::vector<Hit>& /*out*/) const {}

 private:
  RuleInfo info_;
};

// Everything a rule type's factory needs besides its YAML node.
struct LoadContext {
  std::string file;  // the rule file, for messages and for resolving relative word-list paths
  // Run-time settings from the command line that some rule types read (e.g.
  // "previous_report" for --previous FILE). Never null.
  const std::map<std::string, std::string>* settings = &kNoSettings;
  static inline const std::map<std::string, std::string> kNoSettings;
  // The clock that "today" is read from (anniversaries whose year has not come yet): the
  // system's unless the caller injects one (tests, `cuomin serve --test-clock`). Never null.
  const Clock* clock = &DefaultClock();
  // Reads a word-list file named relative to the rule file. Lines are trimmed; empty lines and
  // lines starting with '#' are skipped; each element is {line number, text}.
  Result<std::vector<std::pair<int, std::string>>> ReadList(const std::string& relative) const;
  // The path of a file named relative to the rule file.
  std::string Path(const std::string& relative) const;
  // The word-frequency table that the rule's `vocabulary` key names, read once per process and
  // shared by every rule that names it; null when the rule has no such key.
  Result<std::shared_ptr<const lm::WordFrequency>> Vocabulary(const YAML::Node& rule) const;
  // "file:line: message" for a node.
  Status Error(const YAML::Node& node, const std::string& message) const;
  // An error at the first key of the map `node` that is not in `keys`; `what` names the map in
  // the message ("context 条件"). A misspelt key would otherwise be ignored without a word.
  Status CheckKeys(const YAML::Node& node, const std::vector<std::string>& keys,
                   const std::string& what) const;
  // Refuses a regular expression that is legal but would make checking slow: RE2 runs in
  // linear time, but a program of many thousand instructions (a huge counted repetition, a
  // large class repeated) makes every block pay for it.
  Status CheckRegexCost(const YAML::Node& node, const re2::RE2& re) const;
};

// Instructions of a compiled RE2 program above which a rule's regex is refused. The shipped
// rules stay far below it (see README "Limits").
inline constexpr int kMaxRegexProgramSize = 10000;
// The widest `window` of a context condition, in code points: each hit scans that much text.
inline constexpr size_t kMaxContextWindow = 200;
// The deepest nesting a rule file may have (a rule file needs four or five levels).
inline constexpr int kMaxYamlDepth = 32;

using RuleFactory = std::function<Result<std::unique_ptr<Rule>>(
    const YAML::Node& node, RuleInfo info, const LoadContext& ctx)>;

// A rule type: its factory and the keys of its own that its rule files may have, besides the
// keys every rule has (id, type, category, ... in rule_loader.cc). Each type's file defines
// its RuleType next to its factory, so a new type declares its keys in one place; the loader
// refuses any other key at its line (a `pattern` rule with `swap:` is a mistake, not a no-op).
struct RuleType {
  RuleFactory make;
  std::vector<std::string> keys;
};

// The rule types known to the loader, by the `type:` value in rule files.
const std::map<std::string, RuleType>& RuleTypes();

}  // namespace cuomin::scanner::rules
