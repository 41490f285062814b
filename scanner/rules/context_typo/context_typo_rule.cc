// `context_typo`: typos only context reveals (发展大数局产业, 依法刑政), found with the word n-gram
// language model of libime (see scanner/rules/context_typo/detector.h for how).
//
// The model (17 MB) and the indexes built from it are loaded on the first block checked, once
// per process, so that loading the rule set — which every test and `rules list` does — stays
// cheap. The factory only checks that the model file is there and looks right.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <unordered_set>

#include "common/utf8.h"
#include "scanner/rules/context_typo/detector.h"
#include "scanner/rules/types.h"
#include "scanner/shape/similar_shapes.h"

namespace cuomin::scanner::rules {
namespace {

// Where Debian's libime-data-language-model installs the model (multiarch, then older paths).
const char* const kModelPaths[] = {
    "/usr/lib/x86_64-linux-gnu/libime/zh_CN.lm",
    "/usr/lib/aarch64-linux-gnu/libime/zh_CN.lm",
    "/usr/lib/libime/zh_CN.lm",
    "/usr/share/libime/zh_CN.lm",
};

class ContextTypoRule : public Rule {
 public:
  ContextTypoRule(RuleInfo info, std::string model_path, lm::ConfusionSet confusion,
                  std::vector<std::string> domain_terms, std::vector<std::string> pairs,
                  std::shared_ptr<const lm::WordFrequency> frequencies,
                  std::vector<std::pair<std::string, std::string>> real_word_pairs,
                  lm::DetectorOptions options, float major_gain, std::string swap_message,
                  std::string insert_message, std::string delete_message)
      : Rule(std::move(info)),
        model_path_(std::move(model_path)),
        confusion_(std::move(confusion)),
        domain_terms_(std::move(domain_terms)),
        pairs_(std::move(pairs)),
        frequencies_(std::move(frequencies)),
        real_word_pairs_(std::move(real_word_pairs)),
        options_(options),
        major_gain_(major_gain),
        swap_message_(std::move(swap_message)),
        insert_message_(std::move(insert_message)),
        delete_message_(std::move(delete_message)) {}

  void CheckBlock(const BlockView& view, std::vector<Hit>& out) const override {
    const lm::Detector* detector = Detector();
    if (!detector) return;
    std::vector<lm::Correction> corrections;
    detector->Detect(view.block.text, corrections);
    for (lm::Correction& c : corrections) {
      // A slip of the input method is a one-off: the same wording elsewhere in the document
      // is deliberate (a term the model does not know, a name), not a typo.
      std::string_view word =
          std::string_view(view.block.text).substr(c.word_begin, c.word_end - c.word_begin);
      if (Occurrences(view.document, word) >= 2) continue;
      Hit h;
      h.begin = c.begin;
      h.end = c.end;
      h.suggestion = std::move(c.replacement);
      // A broken-word change opens characters the other changes never touch (common ones,
      // attested ones): found for a reviewer to look at, never more than minor.
      // So does a listed real-word pair: both words are right somewhere, and the model only
      // says which reads better here.
      h.severity = c.confidence >= major_gain_ && !c.broken && !c.listed ? Severity::kMajor
                                                                         : Severity::kMinor;
      const std::string& own = c.swapped    ? swap_message_
                               : c.inserted ? insert_message_
                               : c.deleted  ? delete_message_
                                            : info().message;
      h.message = own.empty() ? info().message : own;
      for (size_t p; (p = h.message.find("{word}")) != std::string::npos;)
        h.message.replace(p, 6, c.word);
      out.push_back(std::move(h));
    }
  }

 private:
  static size_t Occurrences(const Document& document, std::string_view word) {
    size_t count = 0;
    for (const Block& b : document.blocks) {
      for (size_t p = b.text.find(word); p != std::string::npos; p = b.text.find(word, p + 1))
        if (++count >= 2) return count;
    }
    return count;
  }

  const lm::Detector* Detector() const {
    std::call_once(once_, [&] {
      auto model = lm::LanguageModel::Open(model_path_);
      if (!model.ok()) {
        // CheckBlock cannot fail; the factory's probe makes this rare (a corrupt file).
        std::cerr << info().file << ": " << info().id << ": " << model.status().message() << "\n";
        return;
      }
      detector_ = lm::Detector::Build(*model, &confusion_, domain_terms_, pairs_, frequencies_,
                                      options_, real_word_pairs_);
      domain_terms_ = {};
      pairs_ = {};
      real_word_pairs_ = {};
      frequencies_.reset();
    });
    return detector_.get();
  }

  std::string model_path_;
  lm::ConfusionSet confusion_;
  mutable std::vector<std::string> domain_terms_;  // handed to the detector, then dropped
  mutable std::vector<std::string> pairs_;
  mutable std::shared_ptr<const lm::WordFrequency> frequencies_;
  mutable std::vector<std::pair<std::string, std::string>> real_word_pairs_;
  lm::DetectorOptions options_;
  float major_gain_;
  std::string swap_message_;    // for two characters swapped (`swap_message`); else the message
  std::string insert_message_;  // for a dropped character (`insert_message`)
  std::string delete_message_;  // for an extra character (`delete_message`)
  mutable std::once_flag once_;
  mutable std::unique_ptr<lm::Detector> detector_;
};

Result<float> Number(const YAML::Node& map, const char* key, float fallback,
                     const LoadContext& ctx) {
  const YAML::Node n = map[key];
  if (!n) return fallback;
  try {
    return n.as<float>();
  } catch (const YAML::Exception&) {
    return ctx.Error(n, std::string(key) + " 应为数值");
  }
}

}  // namespace

Result<std::unique_ptr<Rule>> MakeContextTypoRule(const YAML::Node& node, RuleInfo info,
                                                  const LoadContext& ctx) {
  // The model: CUOMIN_LANGUAGE_MODEL, then a `model:` key, then the Debian locations.
  std::string model;
  if (const char* env = std::getenv("CUOMIN_LANGUAGE_MODEL"); env && *env) {
    model = env;
  } else if (const YAML::Node m = node["model"]) {
    model = m.as<std::string>("");
  } else {
    for (const char* p : kModelPaths) {
      std::error_code ec;
      if (std::filesystem::exists(p, ec)) {
        model = p;
        break;
      }
    }
    if (model.empty()) model = kModelPaths[0];
  }
  Status probe = lm::LanguageModel::Probe(model);
  if (!probe.ok()) return ctx.Error(node["type"], probe.message());

  // `confusion`: a file, or a list of files read as one (a character's first kind wins: the
  // same-sound table adds only what the first file lacks).
  const YAML::Node confusion_node = node["confusion"];
  std::vector<YAML::Node> confusion_files;
  if (confusion_node && confusion_node.IsScalar()) confusion_files.push_back(confusion_node);
  if (confusion_node && confusion_node.IsSequence()) {
    for (const YAML::Node& f : confusion_node) confusion_files.push_back(f);
  }
  if (confusion_files.empty())
    return ctx.Error(node, "context_typo 规则需要 confusion: 易混字表文件（或文件列表）");
  lm::ConfusionSet confusion;
  for (const YAML::Node& f : confusion_files) {
    if (!f.IsScalar()) return ctx.Error(f, "confusion 列表的每一项应为易混字表文件名");
    auto lines = ctx.ReadList(f.as<std::string>());
    if (!lines.ok()) return ctx.Error(f, lines.status().message());
    auto part = lm::ConfusionSet::Parse(*lines, f.as<std::string>());
    if (!part.ok()) return part.status();
    confusion.Merge(*part);
  }
  // `shapes`: the similar-shape table (dictionaries/shape), added to the confusion set as
  // kCloseShape between characters the set already knows (`shapes_for: all`: every character).
  // `loose_shapes`: a looser table (same body, another radical: 组/姐), added the same way as
  // kLooseShape; such a change must complete a word of three or more characters.
  // `neighbour_shapes`: the loosest (all components but one shared, 损/捐), as kNeighbourShape,
  // likewise and penalised (neighbour_shape_penalty).
  std::string admit = node["shapes_for"] ? node["shapes_for"].as<std::string>("") : "known";
  if (admit != "known" && admit != "all")
    return ctx.Error(node["shapes_for"], "shapes_for 应为 known 或 all");
  const lm::ConfusionSet known = confusion;
  const std::unordered_set<char32_t> targets = known.Targets();
  for (auto [key, kind] : {std::pair{"shapes", lm::Confusion::kCloseShape},
                           std::pair{"loose_shapes", lm::Confusion::kLooseShape},
                           std::pair{"neighbour_shapes", lm::Confusion::kNeighbourShape}}) {
    const YAML::Node sh = node[key];
    if (!sh) continue;
    if (!sh.IsScalar()) return ctx.Error(sh, std::string(key) + " 应为形近字表文件名");
    auto lines = ctx.ReadList(sh.as<std::string>());
    if (!lines.ok()) return ctx.Error(sh, lines.status().message());
    auto shapes = shape::SimilarShapes::Parse(*lines, sh.as<std::string>());
    if (!shapes.ok()) return shapes.status();
    if (admit == "all") {
      confusion.AddShapes(
          *shapes, [](char32_t, char32_t) { return true; }, kind);
    } else {
      // From a character with a row to one the set offers as a correction: a rare character
      // written in the text (霄) has a row, but is no correction for a common one.
      confusion.AddShapes(
          *shapes,
          [&](char32_t from, char32_t to) { return known.Has(from) && targets.count(to) > 0; },
          kind);
    }
  }

  // `rare_sounds`: rarer characters of the same sound (丝/蛳), added as kRareSound where the set
  // has no pair yet; such a change must complete a word of three or more characters.
  if (const YAML::Node r = node["rare_sounds"]) {
    if (!r.IsScalar()) return ctx.Error(r, "rare_sounds 应为同音生僻字表文件名");
    auto lines = ctx.ReadList(r.as<std::string>());
    if (!lines.ok()) return ctx.Error(r, lines.status().message());
    auto rare = lm::ConfusionSet::Parse(*lines, r.as<std::string>());
    if (!rare.ok()) return rare.status();
    confusion.Merge(*rare, lm::Confusion::kRareSound);
  }

  const YAML::Node levels = node["thresholds"] ? node["thresholds"] : node["levels"];
  int min_target_count = 5;
  if (levels && levels["target_count"]) min_target_count = levels["target_count"].as<int>(5);
  std::vector<std::string> domain;
  if (const YAML::Node w = node["wordlist"]) {
    if (!w.IsScalar()) return ctx.Error(w, "wordlist 应为领域词表文件名");
    auto lines = ctx.ReadList(w.as<std::string>());
    if (!lines.ok()) return ctx.Error(w, lines.status().message());
    // "term<TAB>occurrences<TAB>term|fragment": fragments, and n-grams seen only a few times,
    // protect the text but are not offered as corrections.
    for (auto& [number, line] : *lines) {
      size_t tab = line.find('\t');
      if (tab != std::string::npos) {
        int count = std::atoi(line.c_str() + tab + 1);
        bool fragment = line.ends_with("\tfragment");
        line.resize(tab);
        if (fragment || (count > 0 && count < min_target_count)) line.insert(0, "-");
      }
      domain.push_back(std::move(line));
    }
  }

  std::vector<std::string> pairs;  // `allow_list`: character pairs attested in official text
  if (const YAML::Node a = node["allow_list"]) {
    if (!a.IsScalar()) return ctx.Error(a, "allow_list 应为字对表文件名");
    auto lines = ctx.ReadList(a.as<std::string>());
    if (!lines.ok()) return ctx.Error(a, lines.status().message());
    for (auto& [number, pair] : *lines) pairs.push_back(std::move(pair));
  }

  // `real_word_pairs`: "word<TAB>partner[<TAB>sources]" lines, two real words written for each
  // other (DetectorOptions::pair_penalty).
  std::vector<std::pair<std::string, std::string>> real_word_pairs;
  if (const YAML::Node r = node["real_word_pairs"]) {
    if (!r.IsScalar()) return ctx.Error(r, "real_word_pairs 应为词对表文件名");
    auto lines = ctx.ReadList(r.as<std::string>());
    if (!lines.ok()) return ctx.Error(r, lines.status().message());
    for (auto& [number, line] : *lines) {
      size_t tab = line.find('\t');
      size_t end = tab == std::string::npos ? tab : line.find('\t', tab + 1);
      std::string a = line.substr(0, tab);
      std::string b = tab == std::string::npos ? "" : line.substr(tab + 1, end - tab - 1);
      if (utf8::CountCodePoints(a) != 2 || utf8::CountCodePoints(b) != 2 || a == b)
        return ctx.Error(r, r.as<std::string>() + ":" + std::to_string(number) +
                                ": 应为“词<TAB>对应词”，两个不同的双字词");
      real_word_pairs.emplace_back(std::move(a), std::move(b));
    }
  }

  // `vocabulary`: "word<TAB>count" lines of a general word-frequency dictionary, shared with
  // the other rules that name the same file.
  auto read_vocabulary = ctx.Vocabulary(node);
  if (!read_vocabulary.ok()) return read_vocabulary.status();
  std::shared_ptr<const lm::WordFrequency> frequencies = std::move(*read_vocabulary);

  // Thresholds on the confidence: the log10 likelihood gain of the corrected text over the
  // text as written, weighed (see lm::DetectorOptions).
  lm::DetectorOptions options;
  float major = 5.0f;
  YAML::Node t = node["thresholds"] ? node["thresholds"] : node["levels"];
  if (t) {
    if (!t.IsMap()) return ctx.Error(t, "levels 应为阈值映射（minor、major 等）");
    struct Field {
      const char* key;
      float* value;
    } fields[] = {{"minor", &options.min_confidence},
                  {"major", &major},
                  {"other_tone_penalty", &options.other_tone_penalty},
                  {"shape_penalty", &options.shape_penalty},
                  {"near_sound_penalty", &options.near_sound_penalty},
                  {"rare_sound_penalty", &options.rare_sound_penalty},
                  {"neighbour_shape_penalty", &options.neighbour_shape_penalty},
                  {"neighbour_word_penalty", &options.neighbour_word_penalty},
                  {"neighbour_word", &options.neighbour_word},
                  {"neighbour_margin", &options.neighbour_margin},
                  {"frequency_weight", &options.frequency_weight},
                  {"edge_penalty", &options.edge_penalty},
                  {"edge_word_penalty", &options.edge_word_penalty},
                  {"edge_word_margin", &options.edge_word_margin},
                  {"attested_penalty", &options.attested_penalty},
                  {"long_word_bonus", &options.long_word_bonus},
                  {"domain_word", &options.domain_word_score},
                  {"rare_word", &options.rare_word_score},
                  {"common_char", &options.common_char_score},
                  {"word_penalty", &options.word_penalty},
                  {"real_word_penalty", &options.real_word_penalty},
                  {"broken_penalty", &options.broken_penalty},
                  {"broken_word", &options.broken_word_score},
                  {"broken_margin", &options.broken_margin},
                  {"pair_penalty", &options.pair_penalty},
                  {"pair_evidence_weight", &options.pair_evidence_weight},
                  {"pair_evidence_count", &options.pair_evidence_count},
                  {"swap_penalty", &options.swap_penalty},
                  {"insert_penalty", &options.insert_penalty},
                  {"delete_penalty", &options.delete_penalty}};
    for (const Field& f : fields) {
      auto v = Number(t, f.key, *f.value, ctx);
      if (!v.ok()) return v.status();
      *f.value = *v;
    }
    auto context = Number(t, "context", static_cast<float>(options.context), ctx);
    if (!context.ok()) return context.status();
    if (*context < 1 || *context > lm::kMaxContext)
      return ctx.Error(t["context"],
                       "context 应在 1 到 " + std::to_string(lm::kMaxContext) + " 之间");
    options.context = static_cast<int>(*context);
    auto unattested =
        Number(t, "word_unattested", static_cast<float>(options.word_unattested), ctx);
    if (!unattested.ok()) return unattested.status();
    if (*unattested < 0 || *unattested > 4)
      return ctx.Error(t["word_unattested"], "word_unattested 应在 0 到 4 之间（4：不做整词替换）");
    options.word_unattested = static_cast<int>(*unattested);
    for (const auto& kv : t) {
      std::string key = kv.first.as<std::string>("");
      bool known = key == "context" || key == "target_count" || key == "word_unattested";
      for (const Field& f : fields) known |= key == f.key;
      if (!known) return ctx.Error(kv.first, "未知阈值 '" + key + "'");
    }
  }
  if (major < options.min_confidence) return ctx.Error(t, "major 阈值不应低于 minor 阈值");
  return std::unique_ptr<Rule>(new ContextTypoRule(
      std::move(info), std::move(model), std::move(confusion), std::move(domain), std::move(pairs),
      std::move(frequencies), std::move(real_word_pairs), options, major,
      node["swap_message"].as<std::string>(""), node["insert_message"].as<std::string>(""),
      node["delete_message"].as<std::string>("")));
}

const RuleType& ContextTypoRuleType() {
  static const RuleType* type = new RuleType{
      MakeContextTypoRule,
      {"model", "confusion", "shapes", "loose_shapes", "shapes_for", "thresholds", "levels",
       "wordlist", "allow_list", "vocabulary", "real_word_pairs", "rare_sounds", "neighbour_shapes",
       "swap_message", "insert_message", "delete_message"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
