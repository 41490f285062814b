#include "scanner/engine/engine.h"

#include <re2/re2.h>

#include <algorithm>
#include <functional>
#include <map>

#include "common/strings.h"
#include "common/utf8.h"
#include "scanner/match/text_fold.h"

namespace cuomin::scanner {
using rules::AllowRule;
using rules::BlockView;
using rules::ContextCondition;
using rules::Hit;
using rules::MatchView;
using rules::PatternRuleBase;
using rules::Rule;
using rules::WordContext;
using rules::WordMatch;
using rules::WordRule;

namespace {

constexpr size_t kContextMaxCodePoints = 60;  // each side of a match, for the context field
constexpr size_t kGroupedPositionsShown = 5;

bool IsSentenceEnd(char32_t c) {
  return c == U'。' || c == U'！' || c == U'？' || c == U'；' || c == '!' || c == '?' || c == ';' ||
         c == '\n';
}

// [begin, end) of the sentence of block text around [b, e), bounded in length.
std::pair<size_t, size_t> SentenceAround(std::string_view text, size_t b, size_t e,
                                         size_t limit = kContextMaxCodePoints) {
  size_t start = std::min(b, text.size());
  for (size_t n = 0; start > 0 && n < limit; ++n) {
    size_t i = start;
    char32_t c = utf8::Prev(text, i);
    if (IsSentenceEnd(c)) break;
    start = i;
  }
  size_t stop = std::min(e, text.size());
  for (size_t n = 0; stop < text.size() && n < limit; ++n) {
    char32_t c = utf8::Next(text, stop);
    if (IsSentenceEnd(c)) break;
  }
  return {start, stop};
}

// The sentence around [b, e) of block `index` for a context condition. Text files, PDFs and
// OFD files keep each printed line a block, so a sentence wrapped over lines (如对本报告有疑问，
// 请与…联系（… / …电子邮箱：…）。) goes on into the paragraph lines before and after it until a
// sentence ends, over at most kWrappedLines lines each way.
constexpr size_t kWrappedLines = 4;

std::string SentenceOfLines(const Document& doc, size_t index, size_t b, size_t e) {
  const std::string& text = doc.blocks[index].text;
  // A condition looks as far as a context window may reach (a contact sentence names the
  // office, its address and telephone before the mailbox); the displayed context stays short.
  constexpr size_t kLimit = rules::kMaxContextWindow;
  auto [start, stop] = SentenceAround(text, b, e, kLimit);
  std::string area = text.substr(start, stop - start);
  if (doc.format != "text" && doc.format != "pdf" && doc.format != "ofd") return area;
  auto line = [&](size_t i) {
    return doc.blocks[i].kind == BlockKind::kParagraph && !doc.blocks[i].text.empty();
  };
  if (start == 0) {
    for (size_t i = index, n = 0; i-- > 0 && n < kWrappedLines && line(i); ++n) {
      const std::string& t = doc.blocks[i].text;
      size_t from = SentenceAround(t, t.size(), t.size(), kLimit).first;
      area.insert(0, t, from);
      if (from > 0 || from == t.size()) break;
    }
  }
  if (stop == text.size()) {
    for (size_t i = index + 1, n = 0; i < doc.blocks.size() && n < kWrappedLines && line(i);
         ++i, ++n) {
      const std::string& t = doc.blocks[i].text;
      size_t to = SentenceAround(t, 0, 0, kLimit).second;
      area.append(t, 0, to);
      if (to < t.size()) break;
    }
  }
  return area;
}

size_t BackCodePoints(std::string_view text, size_t pos, size_t n) {
  while (pos > 0 && n-- > 0) utf8::Prev(text, pos);
  return pos;
}
size_t ForwardCodePoints(std::string_view text, size_t pos, size_t n) {
  while (pos < text.size() && n-- > 0) utf8::Next(text, pos);
  return pos;
}

}  // namespace

// Per-block facts that filtering needs: where allowed terms occur.
struct Engine::BlockState {
  struct Span {
    size_t begin, end;
    const AllowRule* rule;    // an allow rule's word, or
    const AllowEntry* entry;  // an --allow file term
  };
  std::vector<Span> allowed;
  bool ready = false;  // `allowed` is computed on the first hit in the block
};

const Engine::BlockState& Engine::AllowedSpans(const Document& doc, size_t bi,
                                               BlockState& state) const {
  if (state.ready) return state;
  state.ready = true;
  const Block& block = doc.blocks[bi];
  if (block.text.empty()) return state;
  if (allow_words_[0].any() || allow_words_[1].any()) {
    thread_local FoldedText folded;
    thread_local std::vector<Found> found;
    thread_local std::vector<std::pair<uint32_t, Hit>> hits;
    Fold(block.text, folded, /*make_text=*/false);
    ScanWords(allow_words_, block.text, folded, found);
    hits.clear();
    DispatchWords(found, block.text, &folded, BlockView{doc, bi, block}, nullptr, hits);
    for (const auto& [r, h] : hits)
      state.allowed.push_back(
          {h.begin, h.end, static_cast<const AllowRule*>(rules_[r].get()), nullptr});
  }
  allow_terms_.Scan(block.text, [&](size_t b, size_t e, uint32_t i) {
    state.allowed.push_back({b, e, nullptr, &allow_entries_[i]});
  });
  return state;
}

Result<std::unique_ptr<Engine>> Engine::Build(std::vector<std::unique_ptr<Rule>> rules,
                                              std::vector<AllowEntry> allow) {
  std::unique_ptr<Engine> e(new Engine());
  e->rules_ = std::move(rules);
  e->allow_entries_ = std::move(allow);
  Status s = e->Compile();
  if (!s.ok()) return s;
  return e;
}

namespace {
// The suggestion of a word with several right forms is "A|B" (the printers' and the JSON's
// field); in the sentence shown to the editor each form gets the quotes the message puts
// around {suggestion}: “A”或“B”, 《A》或《B》.
std::string SuggestionForMessage(const std::string& message, const std::string& suggestion) {
  if (suggestion.find('|') == std::string::npos) return suggestion;
  static const std::pair<std::string_view, std::string_view> kQuotes[] = {
      {"“", "”"}, {"《", "》"}, {"「", "」"}, {"（", "）"}, {"‘", "’"}};
  std::string join = "或";
  size_t at = message.find("{suggestion}");
  for (const auto& [open, close] : kQuotes) {
    if (at != std::string::npos && at >= open.size() &&
        std::string_view(message).substr(at - open.size(), open.size()) == open) {
      join = std::string(close) + "或" + std::string(open);
      break;
    }
  }
  std::string shown = suggestion;
  ReplaceAll(shown, "|", join);
  return shown;
}
}  // namespace

namespace {
// True when folding keeps the first and the last code point of `word`: then an occurrence of
// the word in a text is an occurrence of its fold in the folded text (folding maps each code
// point on its own), and its source bytes are exactly the word.
bool FoldKeepsEnds(std::string_view word) {
  size_t i = 0;
  char32_t first = utf8::Next(word, i);
  size_t j = word.size();
  char32_t last = utf8::Prev(word, j);
  std::string a, b;
  utf8::Append(a, first);
  utf8::Append(b, last);
  return !FoldWord(a).empty() && !FoldWord(b).empty();
}
}  // namespace

Status Engine::Compile() {
  for (uint32_t r = 0; r < rules_.size(); ++r) {
    Rule* rule = rules_[r].get();
    if (auto* w = dynamic_cast<WordRule*>(rule)) {
      const bool folded_rule = w->view() == MatchView::kFolded;
      // Allow words matter only around a hit, and most blocks have none: they get their own
      // matchers, run lazily (see AllowedSpans), which keeps the per-block pass small.
      const bool is_allow = dynamic_cast<AllowRule*>(rule) != nullptr;
      WordIndex* indexes = is_allow ? allow_words_ : words_;
      w->Words([&](std::string_view word, uint32_t entry) {
        if (word.empty()) return;
        WordIndex::Payload payload{r, entry, false, -1};
        std::string key(word);
        if (!folded_rule) {
          // Original-view words are looked up in the folded pass by their fold and checked
          // against the source bytes; the rare word whose ends fold away keeps its own pass.
          std::string folded = FoldWord(word);
          if (folded.empty() || !FoldKeepsEnds(word)) {
            indexes[0].matcher.Add(word, static_cast<uint32_t>(indexes[0].payloads.size()));
            indexes[0].payloads.push_back(payload);
            if (!is_allow) ++word_count_;
            return;
          }
          payload.original_view = true;
          if (folded != word) {
            payload.verify = static_cast<int32_t>(verify_words_.size());
            verify_words_.emplace_back(word);
          }
          key = std::move(folded);
        }
        WordIndex& index = indexes[1];
        index.matcher.Add(key, static_cast<uint32_t>(index.payloads.size()));
        index.payloads.push_back(payload);
        if (!is_allow) ++word_count_;
      });
      if (!is_allow) needs_folded_ = true;
    } else if (auto* p = dynamic_cast<PatternRuleBase*>(rule)) {
      PatternIndex& index = patterns_[static_cast<size_t>(p->view())];
      index.prefilter.Add(p->pattern());
      index.rules.push_back(r);
      if (p->view() == MatchView::kFolded) needs_folded_ = true;
    } else {
      block_rules_.push_back(r);
    }
    document_rules_.push_back(r);  // every rule may also look at the whole document
  }
  // Which rules an allow list can suppress at all: for the others the allowed spans of a
  // block (a second word scan of it) need not be found.
  may_be_allowed_.assign(rules_.size(), false);
  for (uint32_t r = 0; r < rules_.size(); ++r) {
    const rules::RuleInfo& info = rules_[r]->info();
    for (const auto& other : rules_)
      if (auto* a = dynamic_cast<const AllowRule*>(other.get()); a && a->Covers(info.category))
        may_be_allowed_[r] = true;
    for (const AllowEntry& e : allow_entries_)
      if (e.rule.empty() || e.rule == info.id) may_be_allowed_[r] = true;
  }
  for (auto& w : words_) w.matcher.Build();
  for (auto& w : allow_words_) w.matcher.Build();
  for (auto& p : patterns_) p.prefilter.Build();
  for (uint32_t i = 0; i < allow_entries_.size(); ++i) {
    allow_terms_.Add(allow_entries_[i].term, i);
  }
  allow_terms_.Build();
  return Status::Ok();
}

void Engine::ScanWords(const WordIndex (&index)[2], std::string_view original, FoldedText& folded,
                       std::vector<Found>& found) const {
  found.clear();
  if (index[0].any()) {
    index[0].matcher.Scan(original, [&](size_t b, size_t e, uint32_t payload) {
      const auto& p = index[0].payloads[payload];
      found.push_back({p.rule, WordMatch{p.entry, b, e}});
    });
  }
  if (!index[1].any()) return;
  const size_t first_folded = found.size();
  bool any_folded_rule = false;
  index[1].matcher.ScanCodePoints(
      folded.code_points.data(), folded.count, [&](size_t kb, size_t ke, uint32_t payload) {
        const auto& p = index[1].payloads[payload];
        if (!p.original_view) {
          // In code points for now: the folded text is only made when such a word occurs.
          found.push_back({p.rule, WordMatch{p.entry, kb, ke}, true});
          any_folded_rule = true;
          return;
        }
        size_t sb, se;
        folded.CodePointsToSource(original, kb, ke, &sb, &se);
        if (p.verify >= 0) {
          if (original.substr(sb, se - sb) != verify_words_[p.verify]) return;
        } else {
          // The word is its own fold: the source must hold exactly these code points.
          size_t i = sb;
          for (size_t k = kb; k < ke; ++k)
            if (i >= se || utf8::Next(original, i) != folded.code_points[k]) return;
          if (i != se) return;
        }
        found.push_back({p.rule, WordMatch{p.entry, sb, se}});
      });
  if (!any_folded_rule) return;
  folded.MakeText();
  for (size_t i = first_folded; i < found.size(); ++i) {
    if (!found[i].in_code_points) continue;
    found[i].match.begin = folded.byte_offset[found[i].match.begin];
    found[i].match.end = folded.byte_offset[found[i].match.end];
    found[i].in_code_points = false;
  }
}

void Engine::DispatchWords(std::vector<Found>& found, std::string_view original,
                           const FoldedText* folded, const BlockView& block, const Rule* only,
                           std::vector<std::pair<uint32_t, Hit>>& out) const {
  if (found.empty()) return;
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    if (a.rule != b.rule) return a.rule < b.rule;
    if (a.match.begin != b.match.begin) return a.match.begin < b.match.begin;
    return a.match.end > b.match.end;
  });
  thread_local std::vector<WordMatch> matches;
  thread_local std::vector<Hit> hits;
  for (size_t i = 0; i < found.size();) {
    uint32_t r = found[i].rule;
    matches.clear();
    for (; i < found.size() && found[i].rule == r; ++i) matches.push_back(found[i].match);
    const auto* rule = static_cast<const WordRule*>(rules_[r].get());
    bool is_allow = dynamic_cast<const AllowRule*>(rule) != nullptr;
    if (only && rule != only && !is_allow) continue;
    const bool in_folded = rule->view() == MatchView::kFolded;
    WordContext ctx{in_folded ? std::string_view(folded->text) : original, block};
    hits.clear();
    rule->OnMatches(ctx, matches, hits);
    for (Hit& h : hits) {
      if (in_folded) folded->ToSource(original, h.begin, h.end, &h.begin, &h.end);
      out.push_back({r, std::move(h)});
    }
  }
}

bool Engine::ApplyContext(const Rule& rule, const Document& doc, size_t index, Hit& hit) const {
  std::string_view text = doc.blocks[index].text;
  std::string sentence;
  for (const ContextCondition& c : rule.info().context) {
    std::string_view area;
    switch (c.side) {
      case ContextCondition::Side::kBefore: {
        size_t b = BackCodePoints(text, hit.begin, c.window);
        area = text.substr(b, hit.begin - b);
        break;
      }
      case ContextCondition::Side::kAfter: {
        size_t e = ForwardCodePoints(text, hit.end, c.window);
        area = text.substr(hit.end, e - hit.end);
        break;
      }
      case ContextCondition::Side::kBoth: {
        size_t b = BackCodePoints(text, hit.begin, c.window);
        size_t e = ForwardCodePoints(text, hit.end, c.window);
        area = text.substr(b, e - b);
        break;
      }
      case ContextCondition::Side::kSentence: {
        if (sentence.empty()) sentence = SentenceOfLines(doc, index, hit.begin, hit.end);
        area = sentence;
        break;
      }
    }
    bool present = RE2::PartialMatch(area, *c.near);
    const auto& action = present ? c.when_present : c.when_absent;
    if (!action) continue;
    if (!*action) return false;  // skip
    hit.severity = **action;
  }
  return true;
}

bool Engine::Allowed(const Rule& rule, const Hit& hit, const BlockState& state) const {
  for (const BlockState::Span& s : state.allowed) {
    if (s.begin > hit.begin || s.end < hit.end) continue;
    if (s.rule && s.rule->Covers(rule.info().category)) return true;
    if (s.entry && (s.entry->rule.empty() || s.entry->rule == rule.info().id)) return true;
  }
  return false;
}

void Engine::RunPatterns(size_t view, const std::vector<uint32_t>& candidates,
                         std::string_view text, const FoldedText* folded, const BlockView& block,
                         const Rule* only, std::vector<std::pair<uint32_t, Hit>>& out) const {
  thread_local std::vector<Hit> hits;
  for (uint32_t si : candidates) {
    uint32_t r = patterns_[view].rules[si];
    if (only && rules_[r].get() != only) continue;
    hits.clear();
    static_cast<const PatternRuleBase*>(rules_[r].get())->CheckText(text, block, hits);
    for (Hit& h : hits) {
      if (folded) folded->ToSource(block.block.text, h.begin, h.end, &h.begin, &h.end);
      out.push_back({r, std::move(h)});
    }
  }
}

namespace {

// A reader's problem as a finding: major, so that a page that could not be read in full
// does not pass a check with the default --fail-on.
Finding ProblemFinding(const Document& doc, const LineIndex& lines, const ReadProblem& problem) {
  Finding f;
  f.source = doc.source;
  f.rule = kReadProblemRule;
  f.category = Category::kFormat;
  f.severity = Severity::kMajor;
  f.message = problem.message;
  f.offset = std::min(problem.offset, doc.original.size());
  auto p = lines.At(f.offset);
  f.line = f.end_line = p.line;
  f.column = f.end_column = p.column;
  return f;
}

// In offset order; the same rule reporting the same span twice (e.g. from two views, or in the
// context two pieces of a file share) is one finding.
void SortAndMerge(std::vector<Finding>& findings) {
  std::sort(findings.begin(), findings.end(), FindingLess);
  findings.erase(std::unique(findings.begin(), findings.end(),
                             [](const Finding& a, const Finding& b) {
                               return a.offset == b.offset && a.length == b.length &&
                                      a.rule == b.rule;
                             }),
                 findings.end());
}

}  // namespace

std::vector<Finding> Engine::Check(
    const Document& doc, const Rule* only, std::chrono::steady_clock::time_point deadline,
    const std::function<std::chrono::steady_clock::time_point()>& now, PieceState* piece) const {
  // Past the deadline, the first block not (fully) checked; doc.blocks.size() while in time.
  // The clock is read once per block and per document rule: a block is at most
  // kMaxBlockBytes, so one step past the deadline stays short.
  const bool timed = deadline != std::chrono::steady_clock::time_point::max();
  size_t unchecked_from = doc.blocks.size();
  bool document_rules_cut = false;
  auto out_of_time = [&] {
    return timed && (now ? now() : std::chrono::steady_clock::now()) >= deadline;
  };
  struct RuleHit {
    uint32_t rule;
    Hit hit;
  };
  std::vector<RuleHit> kept;
  std::vector<BlockState> states(doc.blocks.size());
  std::vector<std::pair<uint32_t, Hit>> raw;
  std::vector<Hit> hits;
  FoldedText folded;
  std::vector<Found> found_words;
  // Pattern candidates: per block of the document (original view), and per folded block.
  std::vector<std::vector<uint32_t>> candidates, folded_candidates;
  std::vector<std::string_view> folded_views;
  bool doc_valid_utf8 = true;  // the pattern prefilter needs to know

  std::vector<uint32_t> own_kept;
  std::vector<size_t> own_unlisted;
  std::vector<uint32_t>& kept_of_rule = piece ? piece->kept : own_kept;
  std::vector<size_t>& unlisted = piece ? piece->unlisted : own_unlisted;
  kept_of_rule.resize(rules_.size(), 0);
  unlisted.resize(rules_.size(), 0);
  if (piece) piece->groups.resize(rules_.size());
  const size_t checked_before = piece ? piece->checked_before : 0;
  const size_t report_before = piece ? piece->report_before : SIZE_MAX;
  auto filter = [&](uint32_t r, Hit h) {
    const Rule& rule = *rules_[r];
    if (h.block >= doc.blocks.size() || h.end <= h.begin) return;
    const Block& block = doc.blocks[h.block];
    if (piece) {
      size_t start = block.map.ToOriginal(0);
      if (start < checked_before || start >= report_before) return;
    }
    if (rule.info().skip_blocks & (1u << static_cast<uint32_t>(block.kind))) return;
    if (!ApplyContext(rule, doc, h.block, h)) return;
    if (may_be_allowed_[r] && Allowed(rule, h, AllowedSpans(doc, h.block, states[h.block]))) return;
    if (kept_of_rule[r] >= rule.info().max_findings) {
      ++unlisted[r];
      return;
    }
    ++kept_of_rule[r];
    kept.push_back({r, std::move(h)});
  };

  for (size_t bi = 0; bi < doc.blocks.size(); ++bi) {
    const Block& block = doc.blocks[bi];
    if (block.text.empty()) continue;
    if (out_of_time()) {
      unchecked_from = bi;
      break;
    }
    BlockView view{doc, bi, block};
    raw.clear();

    // Word lists: one matcher pass over the folded code points (plus one over the original
    // for the rare words that folding cuts).
    if (needs_folded_) {
      Fold(block.text, folded, /*make_text=*/false);
      ScanWords(words_, block.text, folded, found_words);
      DispatchWords(found_words, block.text, &folded, view, only, raw);
    }
    // Patterns of the folded view: the prefilter says which rules can match, each then finds
    // where. (Original-view patterns run after this loop, over the whole document at once.)
    if (patterns_[1].any()) {
      folded.MakeText();
      folded_views.assign(1, folded.text);
      patterns_[1].prefilter.Scan(folded_views, true, folded_candidates);
      RunPatterns(1, folded_candidates[0], folded.text, &folded, view, only, raw);
    }
    doc_valid_utf8 =
        doc_valid_utf8 && (needs_folded_ ? folded.source_valid : utf8::IsValid(block.text));
    // Other rule types look at the block themselves.
    for (uint32_t r : block_rules_) {
      if (only && rules_[r].get() != only) continue;
      hits.clear();
      rules_[r]->CheckBlock(view, hits);
      for (Hit& h : hits) raw.push_back({r, std::move(h)});
    }
    for (auto& [r, h] : raw) {
      h.block = bi;
      filter(r, std::move(h));
    }
  }
  if (patterns_[0].any() && unchecked_from > 0) {
    std::vector<std::string_view> texts;
    texts.reserve(unchecked_from);
    for (size_t bi = 0; bi < unchecked_from; ++bi) texts.emplace_back(doc.blocks[bi].text);
    patterns_[0].prefilter.Scan(texts, doc_valid_utf8, candidates);
    for (size_t bi = 0; bi < texts.size(); ++bi) {
      if (candidates[bi].empty()) continue;
      if (out_of_time()) {
        unchecked_from = bi;
        break;
      }
      raw.clear();
      RunPatterns(0, candidates[bi], doc.blocks[bi].text, nullptr,
                  BlockView{doc, bi, doc.blocks[bi]}, only, raw);
      for (auto& [r, h] : raw) {
        h.block = bi;
        filter(r, std::move(h));
      }
    }
  }
  for (uint32_t r : document_rules_) {
    if (only && rules_[r].get() != only) continue;
    // Document rules read every block: a document cut short is not checked by them.
    if (unchecked_from < doc.blocks.size() || out_of_time()) {
      document_rules_cut = true;
      break;
    }
    hits.clear();
    rules_[r]->CheckDocument(doc, hits);
    for (Hit& h : hits) filter(r, std::move(h));
  }

  // A yielding rule (a statistical guess) gives way where a rule of the same category already
  // reports the same text: one finding per problem. So it does where a rule of another
  // category reports it at least as severely: 国务院总理李朋 is one critical leader-name
  // finding, not also a context-typo guess 朋→鹏 that may name another holder than the year's.
  auto severity_of = [&](const RuleHit& rh) {
    return rh.hit.severity.value_or(rules_[rh.rule]->info().severity);
  };
  auto yields_to_another = [&](const RuleHit& rh) {
    const auto& info = rules_[rh.rule]->info();
    if (!info.yields) return false;
    for (const RuleHit& other : kept) {
      const auto& o = rules_[other.rule]->info();
      if (o.yields || other.hit.block != rh.hit.block) continue;
      if (o.category != info.category && severity_of(other) < severity_of(rh)) continue;
      if (other.hit.begin < rh.hit.end && rh.hit.begin < other.hit.end) return true;
    }
    return false;
  };
  if (std::any_of(kept.begin(), kept.end(),
                  [&](const RuleHit& h) { return rules_[h.rule]->info().yields; })) {
    std::vector<RuleHit> remaining;
    for (RuleHit& rh : kept)
      if (!yields_to_another(rh)) remaining.push_back(std::move(rh));
    kept = std::move(remaining);
  }

  // A rule that names the rules it yields to (`yields: [id, ...]`) gives way where one of them
  // reports overlapping text and is not itself given way: the title-and-name rule's finding,
  // not also the bare name's inside it. The loader refused circles, so this ends.
  if (std::any_of(kept.begin(), kept.end(),
                  [&](const RuleHit& h) { return !rules_[h.rule]->info().yields_to.empty(); })) {
    enum class State : uint8_t { kUnknown, kKept, kDropped };
    std::vector<State> state(kept.size(), State::kUnknown);
    std::function<bool(size_t)> dropped = [&](size_t i) {
      if (state[i] != State::kUnknown) return state[i] == State::kDropped;
      const RuleHit& rh = kept[i];
      const auto& to = rules_[rh.rule]->info().yields_to;
      bool drop = false;
      for (size_t j = 0; j < kept.size() && !drop && !to.empty(); ++j) {
        const RuleHit& other = kept[j];
        if (j == i || other.hit.block != rh.hit.block || other.hit.begin >= rh.hit.end ||
            rh.hit.begin >= other.hit.end)
          continue;
        if (std::find(to.begin(), to.end(), rules_[other.rule]->info().id) == to.end()) continue;
        drop = !dropped(j);
      }
      state[i] = drop ? State::kDropped : State::kKept;
      return drop;
    };
    std::vector<RuleHit> remaining;
    for (size_t i = 0; i < kept.size(); ++i) {
      if (!dropped(i)) remaining.push_back(std::move(kept[i]));
    }
    kept = std::move(remaining);
  }

  // Hits -> findings, grouped where the rule asks for it.
  std::vector<Finding> findings;
  const bool cut = unchecked_from < doc.blocks.size() || document_rules_cut;
  if (kept.empty() && !cut && (only != nullptr || doc.problems.empty())) return findings;
  LineIndex lines(doc.original);
  // A piece's positions are the whole file's.
  auto rebase = [&](Finding& f) {
    if (!piece) return;
    f.offset += piece->base_offset;
    f.line += piece->base_line;
    f.end_line += piece->base_line;
  };
  if (only == nullptr) {
    for (const ReadProblem& problem : doc.problems) {
      if (problem.offset < checked_before || problem.offset >= report_before) continue;
      findings.push_back(ProblemFinding(doc, lines, problem));
      rebase(findings.back());
    }
  }
  if (cut) {
    ReadProblem late;
    if (unchecked_from < doc.blocks.size()) {
      late.offset = doc.blocks[unchecked_from].map.ToOriginal(0);
      // A piece's block count is not the file's: only the place is named then.
      late.message = piece ? "检查超过时限：从此处起未检查，已报告的问题之外可能还有问题 (time "
                             "budget exceeded)"
                           : "检查超过时限：从第 " + std::to_string(unchecked_from + 1) +
                                 " 段起（共 " + std::to_string(doc.blocks.size()) +
                                 " 段）未检查，已报告的问题之外可能还有问题 (time budget "
                                 "exceeded)";
    } else {
      late.message =
          "检查超过时限：各段已检查，全文一致性检查（序号、年报数据等）未做 (time budget "
          "exceeded)";
    }
    Finding f = ProblemFinding(doc, lines, late);
    f.rule = kCheckIncompleteRule;
    rebase(f);
    findings.push_back(std::move(f));
  }
  auto to_finding = [&](const RuleHit& rh) {
    const Rule& rule = *rules_[rh.rule];
    const Block& block = doc.blocks[rh.hit.block];
    Finding f;
    f.source = doc.source;
    f.rule = rule.info().id;
    f.category = rule.info().category;
    f.severity = rh.hit.severity.value_or(rule.info().severity);
    f.text = block.text.substr(rh.hit.begin, rh.hit.end - rh.hit.begin);
    f.suggestion = rh.hit.suggestion;
    f.message = rh.hit.message.empty() ? rule.info().message : rh.hit.message;
    ReplaceAll(f.message, "{suggestion}", SuggestionForMessage(f.message, f.suggestion));
    ReplaceAll(f.message, "{text}", f.text);
    size_t begin = block.map.ToOriginal(rh.hit.begin);
    size_t end = block.map.ToOriginalEnd(rh.hit.end);
    end = std::min(std::max(end, begin), doc.original.size());
    f.offset = begin;
    f.length = end - begin;
    auto p = lines.At(begin);
    f.line = p.line;
    f.column = p.column;
    size_t last = end;
    if (last > begin) utf8::Prev(doc.original, last);
    auto q = lines.At(last);
    f.end_line = q.line;
    f.end_column = q.column;
    auto [cb, ce] = SentenceAround(block.text, rh.hit.begin, rh.hit.end);
    f.context = block.text.substr(cb, ce - cb);
    f.rule_file = rule.info().file;
    rebase(f);
    return f;
  };

  std::sort(kept.begin(), kept.end(), [](const RuleHit& a, const RuleHit& b) {
    if (a.rule != b.rule) return a.rule < b.rule;
    if (a.hit.block != b.hit.block) return a.hit.block < b.hit.block;
    return a.hit.begin < b.hit.begin;
  });
  for (size_t i = 0; i < kept.size();) {
    size_t j = i;
    while (j < kept.size() && kept[j].rule == kept[i].rule) ++j;
    const Rule& rule = *rules_[kept[i].rule];
    if (piece && rule.info().group_document) {
      // Grouped over the whole file: the first one, then where the next ones are.
      PieceState::Group& g = piece->groups[kept[i].rule];
      for (size_t k = i; k < j; ++k) {
        if (!g.first) {
          g.first = to_finding(kept[k]);
        } else if (g.shown < kGroupedPositionsShown) {
          Finding n = to_finding(kept[k]);
          g.where += (g.where.empty() ? "" : "、") + std::to_string(n.line) + ":" +
                     std::to_string(n.column);
          ++g.shown;
        } else {
          break;
        }
      }
    } else if (piece) {
      // The count past the cap is added once, after the last piece (FinishPieces).
      for (size_t k = i; k < j; ++k) findings.push_back(to_finding(kept[k]));
    } else if (rule.info().group_document && j - i > 1) {
      Finding f = to_finding(kept[i]);
      std::string where;
      for (size_t k = i + 1; k < j && k < i + 1 + kGroupedPositionsShown; ++k) {
        Finding g = to_finding(kept[k]);
        where +=
            (where.empty() ? "" : "、") + std::to_string(g.line) + ":" + std::to_string(g.column);
      }
      f.message += "（全文共 " + std::to_string(j - i + unlisted[kept[i].rule]) + " 处，另见 " +
                   where + (j - i - 1 > kGroupedPositionsShown ? " 等" : "") + "）";
      findings.push_back(std::move(f));
    } else {
      for (size_t k = i; k < j; ++k) findings.push_back(to_finding(kept[k]));
      if (size_t more = unlisted[kept[i].rule]; more > 0) {
        findings.back().message +=
            "（另有 " + std::to_string(more) + " 处同类问题，本规则每个文档最多列出 " +
            std::to_string(rules_[kept[i].rule]->info().max_findings) + " 处）";
      }
    }
    i = j;
  }
  if (!doc.regions.empty()) {
    for (Finding& f : findings) SetRegionFields(doc, f);
  }
  SortAndMerge(findings);
  return findings;
}

void Engine::FinishPieces(PieceState& piece, std::vector<Finding>& findings) const {
  std::sort(findings.begin(), findings.end(), FindingLess);
  for (size_t r = 0; r < piece.kept.size() && r < rules_.size(); ++r) {
    const size_t kept = piece.kept[r];
    const size_t more = piece.unlisted[r];
    if (r < piece.groups.size() && piece.groups[r].first) {
      Finding f = std::move(*piece.groups[r].first);
      if (kept > 1) {
        f.message += "（全文共 " + std::to_string(kept + more) + " 处，另见 " +
                     piece.groups[r].where + (kept - 1 > kGroupedPositionsShown ? " 等" : "") +
                     "）";
      }
      findings.push_back(std::move(f));
      continue;
    }
    if (more == 0) continue;
    const std::string& id = rules_[r]->info().id;
    auto last = std::find_if(findings.rbegin(), findings.rend(),
                             [&](const Finding& f) { return f.rule == id; });
    if (last == findings.rend()) continue;
    last->message += "（另有 " + std::to_string(more) + " 处同类问题，本规则每个文档最多列出 " +
                     std::to_string(rules_[r]->info().max_findings) + " 处）";
  }
  SortAndMerge(findings);
}

}  // namespace cuomin::scanner
