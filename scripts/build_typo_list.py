#!/usr/bin/env python3
"""Builds dictionaries/typo/words.txt (wrong<TAB>right[<TAB>exceptions]) for rule typo-words.

Sources, in order of trust:
  1. dictionaries/typo/classic.txt: hand-written classic misspellings (reviewed).
  2. confusion/confusion_wordpairs.txt (pycorrector, Apache-2.0): wrong<TAB>right pairs.
  3. wordlists/常见错字错词.txt (ECSpell, MIT): right-wrong pairs (note the order).
  4. Generated: idioms from wordlists/成语.txt with one character replaced by a same-tone
     homophone (same_pinyin.txt) or a similar shape (same_stroke.txt), common characters only.

Precision first. Every wrong form is dropped when it
  - is a word in jieba's dictionary (it is then a real word, or a common variant spelling),
  - occurs in the clean text (gov-text corpus, ODW correct sentences, official-writing
    vocabulary, policy titles): every such hit would be a false alarm,
  - (generated forms) contains a different idiom, or splits into two common jieba words
    (谈笑风声 = 谈笑 + 风声 style forms can occur across a word boundary in correct text).
Two-character wrong forms get exceptions for the likely word-boundary straddles: the wrong form
AB followed by a common word starting with B (按装 + 装机 -> exception 按装机), or preceded by
a common word ending with A; jieba words that contain the wrong form are exceptions as well.

Prints per-source counts and the number of corpus hits of the final list (must be 0).
Usage: python3 scripts/build_typo_list.py
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dictlib  # noqa: E402

OUT = os.path.join(dictlib.DICT_DIR, "typo", "words.txt")
CLASSIC = os.path.join(dictlib.DICT_DIR, "typo", "classic.txt")

# Idioms below this frequency are too rare to be worth generated variants.
MIN_IDIOM_FREQ = 2000
# A jieba word at least this frequent counts as "common" for split and straddle checks.
COMMON_FREQ = 500
# Lower bar for words that may follow or precede a two-character wrong form (straddles).
STRADDLE_FREQ = 100
# Longest exception list kept for one entry (beyond it the entry is dropped as too ambiguous).
MAX_EXCEPTIONS = 120


def is_han(s):
    return all("\u4e00" <= c <= "\u9fff" for c in s)


def load_pairs():
    """(wrong, right, source) from the three list sources."""
    pairs = []
    for line in dictlib.read_lines(CLASSIC):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 2:
            pairs.append((parts[0].strip(), parts[1].strip(), "classic"))
    for line in dictlib.read_lines(dictlib.data_path("confusion", "confusion_wordpairs.txt")):
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) >= 2:
            pairs.append((parts[0], parts[1], "wordpairs"))
    for line in dictlib.read_lines(dictlib.data_path("wordlists", "常见错字错词.txt")):
        if "-" in line:
            right, wrong = line.split("-", 1)
            pairs.append((wrong.strip(), right.strip(), "ecspell"))
    return pairs


def load_confusions(common):
    same_tone = {}
    for line in dictlib.read_lines(dictlib.data_path("confusion", "same_pinyin.txt")):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 2:
            same_tone[parts[0]] = [c for c in parts[1] if c in common and c != parts[0]]
    shape = {}
    for line in dictlib.read_lines(dictlib.data_path("confusion", "same_stroke.txt")):
        chars = [c for c in line.split("\t") if len(c) == 1 and c in common]
        for c in chars:
            shape.setdefault(c, set()).update(x for x in chars if x != c)
    return same_tone, shape


def generate_idiom_variants(idioms, same_tone, common):
    out = []
    for idiom, freq in idioms.items():
        if freq < MIN_IDIOM_FREQ or len(idiom) != 4 or not is_han(idiom):
            continue
        for i, ch in enumerate(idiom):
            if ch not in common:
                continue
            # Same-tone homophones only: the errors pinyin input methods make. Similar-shape
            # confusions (OCR, handwriting) would triple the list for little real-world gain.
            for alt in same_tone.get(ch, []):
                wrong = idiom[:i] + alt + idiom[i + 1:]
                out.append((wrong, idiom, "generated"))
    return out


def splits_into_common_words(wrong, jieba):
    for k in range(1, len(wrong)):
        a, b = wrong[:k], wrong[k:]
        if len(a) >= 2 and len(b) >= 2 and jieba.get(a, 0) >= COMMON_FREQ and \
                jieba.get(b, 0) >= COMMON_FREQ:
            return True
    return False


def contains_other_idiom(wrong, right, idiom_set):
    for n in (4, 3):
        for i in range(0, len(wrong) - n + 1):
            s = wrong[i:i + n]
            if s in idiom_set and s != right:
                return True
    return False


def straddle_exceptions(wrong, common_by_first, common_by_last, jieba_containing):
    ex = set(jieba_containing.get(wrong, ()))
    if len(wrong) == 2:
        a, b = wrong
        for w in common_by_first.get(b, ()):
            ex.add(a + w)
        for w in common_by_last.get(a, ()):
            ex.add(w + b)
    return ex


def main():
    jieba = dictlib.jieba_dict()
    common = set(dictlib.read_lines(dictlib.data_path("confusion", "common_char_set.txt")))
    idioms = {}
    for line in dictlib.read_lines(dictlib.data_path("wordlists", "成语.txt")):
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            idioms[parts[0]] = int(parts[1])
    idiom_set = set(idioms)
    same_tone, _shape = load_confusions(common)

    pairs = load_pairs()
    pairs += generate_idiom_variants(idioms, same_tone, common)
    manual_drop = set(dictlib.read_review_list("typo_drop.txt"))

    stats = {}
    seen = {}
    rejected = {}
    for wrong, right, src in pairs:
        st = stats.setdefault(src, {"in": 0, "kept": 0})
        st["in"] += 1
        reason = None
        if wrong == right or not wrong or not right or not is_han(wrong) or not is_han(right):
            reason = "not a Han pair"
        elif len(wrong) < 2:
            reason = "single character"
        elif wrong in manual_drop:
            reason = "manual drop"
        elif wrong in jieba and (src != "classic" or jieba[wrong] > max(
                20, jieba.get(right, 0) // 10)):
            # jieba holds many misspellings at its minimum frequency; for the reviewed classic
            # list only a frequent jieba entry (a real variant spelling) rejects the form.
            reason = "jieba word"
        elif src == "generated" and contains_other_idiom(wrong, right, idiom_set):
            reason = "contains another idiom"
        elif src in ("generated", "wordpairs") and splits_into_common_words(wrong, jieba):
            reason = "splits into common words"
        elif src == "wordpairs" and right not in jieba and right not in idiom_set:
            reason = "right form unknown"
        elif src == "wordpairs" and (len(wrong) != len(right) or
                                     sum(a != b for a, b in zip(wrong, right)) != 1):
            # The pycorrector pairs include speech-recognition style rewrites (紧裤 -> 辛苦);
            # only one-character misspellings are kept.
            reason = "not a one-character misspelling"
        if reason:
            rejected.setdefault(reason, 0)
            rejected[reason] += 1
            continue
        if wrong in seen:
            continue
        seen[wrong] = (right, src)

    # Clean text check: any occurrence drops the entry.
    texts = dictlib.clean_texts()
    hits = dictlib.count_in_texts(seen.keys(), texts)
    dropped_corpus = sorted(w for w in seen if hits.get(w))
    for w in dropped_corpus:
        del seen[w]

    # Exceptions for word-boundary straddles of two-character forms.
    common_words = [w for w, f in jieba.items() if f >= STRADDLE_FREQ and len(w) >= 2 and is_han(w)]
    by_first, by_last = {}, {}
    for w in common_words:
        by_first.setdefault(w[0], []).append(w)
        by_last.setdefault(w[-1], []).append(w)
    jieba_containing = {}
    wrongs = set(seen)
    for w in jieba:
        if len(w) < 3 or not is_han(w):
            continue
        for n in range(2, min(len(w), 6)):
            for i in range(0, len(w) - n + 1):
                s = w[i:i + n]
                if s in wrongs:
                    jieba_containing.setdefault(s, set()).add(w)

    lines = []
    too_ambiguous = []
    for wrong in sorted(seen, key=lambda w: (seen[w][1] != "classic", w)):
        right, src = seen[wrong]
        ex = straddle_exceptions(wrong, by_first, by_last, jieba_containing)
        ex = sorted(e for e in ex if right not in e)
        if len(ex) > MAX_EXCEPTIONS and src != "classic":
            too_ambiguous.append(wrong)
            continue
        stats[src]["kept"] += 1
        lines.append(wrong + "\t" + right + ("\t" + "|".join(ex) if ex else ""))

    header = [
        "Wrong -> right word list for rule typo-words (typo-words.yml). Generated by",
        "scripts/build_typo_list.py; do not edit by hand: edit classic.txt or",
        "scripts/data/typo_drop.txt and rebuild.",
        "Format: wrong<TAB>right[<TAB>exception|exception...]",
        "Sources: classic.txt (cuomin, hand-written); confusion_wordpairs.txt from",
        "shibing624/pycorrector (Apache-2.0); 常见错字错词 and 成语 from aopolin-lv/ECSpell (MIT);",
        "same_pinyin/same_stroke confusion sets (pycorrector, Apache-2.0) for generated idiom",
        "variants; filtered with jieba dict.txt (MIT) and the gov-text corpus (public documents).",
    ]
    dictlib.write_list(OUT, header, lines)

    print("typo words.txt: %d entries" % len(lines))
    for src, st in stats.items():
        print("  source %-10s candidates %6d kept %6d" % (src, st["in"], st["kept"]))
    for reason, n in sorted(rejected.items()):
        print("  rejected (%s): %d" % (reason, n))
    print("  dropped: occur in clean text: %d (e.g. %s)" % (
        len(dropped_corpus), " ".join(dropped_corpus[:30])))
    print("  dropped: too many straddle exceptions: %d" % len(too_ambiguous))
    final_hits = dictlib.count_in_texts([l.split("\t")[0] for l in lines], texts)
    print("  clean-corpus hits of the final list: %d" % sum(final_hits.values()))


if __name__ == "__main__":
    main()
