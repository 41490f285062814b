#!/usr/bin/env python3
"""Builds dictionaries/typo/real-word-collocations.txt (wrong<TAB>right) for rule
typo-real-word-collocation: a real word in a collocation where only its partner fits.

Pairs of real two-character words written for each other, each with its source:
  hand        scripts/data/real_word_pairs.txt (《现代汉语词典》 usage notes, 《咬文嚼字》 lists)
  ecspell     ECSpell's 常见错字错词.txt (right-wrong), both sides words of jieba's dictionary
  pycorrector pycorrector's confusion_wordpairs.txt (wrong-right), both sides jieba words
  odw         odw.train's tuning part (the split of bench/eval_context_typo.py): a sentence whose
              wrong character makes another jieba word of the same length
  sound/shape two frequent jieba words (both >= DERIVED_FREQ) that differ in one character,
              the two characters of the same reading and tone (confusion/same_pinyin.txt) or of
              similar shape (dictionaries/shape/similar-shapes.txt)
Derived pairs are many and include words used alike (以上/以下); they are kept only when
their neighbours in the clean text barely overlap (NEIGHBOUR_OVERLAP), i.e. the two words do
not stand in the same places, and when both are content words (CONTENT_POS). A pair seen
written for the other in real text (odw, ecspell, pycorrector: 两个/俩个, 保险/保鲜, 以后/一后)
skips the part-of-speech test: it is a slip people make whatever the words' class, and the
neighbour test and the evidence below still gate it (odw real-word, bench/eval_real_word.py
--context-typo: 38 -> 40 of 102, false alarms 8 -> 8 of 688, held-out gov-text 21 -> 21).

For each pair (A, B) the clean official text is cut into words (jieba's dictionary, most
probable path) and gives the words N that stand right before or after B. "N + A" becomes an
entry (合法权力 -> 合法权利) when
  - N is a word of two or more Han characters and N + B occurs at least MIN_COLLOCATION times,
    in at least MIN_SHARE of N's own occurrences (N is bound to B: 合法 before 权利, unlike
    国家 or 工作 before 必须);
  - N + A never occurs, although it would be expected EXPECTED times or more if A went with N
    as B does: expected = count(N + B) * count(A) / count(B), with count(A) the larger of its
    count in the clean text and, for hand-checked pairs, the share jieba's frequencies give
    it, at least HAND_SHARE (a threshold that grows
    with how much evidence the text holds, not a fixed count);
    A pair seen written for each other in real text (odw, ecspell, pycorrector) is a slip
    people make, so its wrong word is given at least SLIP_SHARE: ten sightings of 政策措施 and
    none of 政策错失 decide;
  - N + A is no word of jieba's dictionary nor a part of one, and not listed in
    scripts/data/real_word_drop.txt (correct in some context, reviewed by hand); the pair is
    not in scripts/data/real_word_pair_drop.txt (near-synonyms: 时机/时期, 适用/使用).

Clean text (read-only reference data, not read at run time): the gov-text reports, the correct
side of odw.train (its tuning part) and the State Council policy titles.

usage: scripts/build_real_word_collocations.py [--holdout] [--out FILE] [--pairs-out FILE]
  --pairs-out the pairs that pass the filters (not odw's alone), for context-typo's listed
             real-word pairs (dictionaries/context-typo/real-word-pairs.txt)
  --holdout  leave out the held-out gov-text years (HOLDOUT_YEARS) and odw.train's test part,
             for bench/eval_real_word.py to measure false alarms on text the list never saw
"""
import argparse
import json
import math
import os
import random
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dictlib  # noqa: E402

MIN_COLLOCATION = 3
MIN_SHARE = 0.02
HAND_SHARE = 0.6
# A pair seen written for each other in real text (odw.train, ECSpell, pycorrector) is a slip
# people make, though its wrong word may be rare in official text: it is given this share.
SLIP_SHARE = 1.0
SLIP_SOURCES = {"odw", "ecspell", "pycorrector"}
MIN_SHARE_DERIVED = 0.05
EXPECTED = 3.0          # Poisson: P(0 | 3) = 0.05
DERIVED_FREQ = 300
NEIGHBOUR_OVERLAP = 0.05
# Nouns, verbs and adjectives: an adverb, numeral, measure word or pronoun (一向/一项, 正是/
# 正式, 各个/个个) goes with anything, so a neighbour never seen beside it proves nothing.
CONTENT_POS = {"n", "v", "vn", "a", "an", "nz", "vd"}
FUNCTION_POS = {"d", "m", "mq", "q", "r", "p", "c", "u", "f", "t", "uj", "ul", "uz", "ug", "ud",
                "uv", "y", "e", "o", "zg"}
ODW_SEED = 20240601     # bench/eval_context_typo.py's split of odw.train
ODW_TUNE = 0.6
HOLDOUT_YEARS = {"1980", "1995", "2005", "2015", "2016", "2017", "2018", "2019", "2021", "2022"}
OUT = os.path.join(dictlib.DICT_DIR, "typo", "real-word-collocations.txt")
PAIRS_OUT = os.path.join(dictlib.DICT_DIR, "context-typo", "real-word-pairs.txt")


def is_han(s):
    return all("\u4e00" <= ch <= "\u9fff" for ch in s)


def odw_rows():
    rows = []
    for line in dictlib.read_lines(dictlib.data_path("csc", "odw.train")):
        cols = line.split("\t")
        if len(cols) == 3 and len(cols[1]) == len(cols[2]):
            rows.append((cols[1], cols[2]))
    order = list(range(len(rows)))
    random.Random(ODW_SEED).shuffle(order)
    cut = int(len(rows) * ODW_TUNE)
    return [rows[i] for i in sorted(order[:cut])], [rows[i] for i in sorted(order[cut:])]


def clean_text(holdout):
    parts = []
    for fname in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        with open(dictlib.data_path("gov-text", fname), encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                rec = json.loads(line)
                if holdout and rec.get("year") in HOLDOUT_YEARS:
                    continue
                parts.append(rec.get("title", "") + "\n" +
                             dictlib.strip_licence_footer(rec.get("content", "")))
    tune, test = odw_rows()
    parts += [cor for _, cor in tune] + ([] if holdout else [cor for _, cor in test])
    parts += dictlib.read_lines(dictlib.data_path("wordlists", "政策法规标题.txt"))
    return "\n".join(parts)


def segment(text, jieba, total):
    """Words of a run of text by the most probable path over jieba's dictionary."""
    n = len(text)
    logt = math.log(total)
    best = [0.0] * (n + 1)
    back = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        best[i], back[i] = -1e18, i + 1
        for j in range(i + 1, min(n, i + 6) + 1):
            w = text[i:j]
            f = jieba.get(w)
            if f is None and j > i + 1:
                continue
            score = math.log(f or 1) - logt + best[j]
            if score > best[i]:
                best[i], back[i] = score, j
    out, i = [], 0
    while i < n:
        out.append(text[i:back[i]])
        i = back[i]
    return out


def read_pairs(jieba, tune_rows):
    pairs = defaultdict(set)

    def add(a, b, source):
        if a != b and len(a) == len(b) == 2 and a in jieba and b in jieba and is_han(a + b):
            pairs[tuple(sorted((a, b)))].add(source)

    for line in dictlib.read_review_list("real_word_pairs.txt"):
        a, b = line.split()[:2]
        pairs[tuple(sorted((a, b)))].add("hand")
    for line in dictlib.read_lines(dictlib.data_path("wordlists", "常见错字错词.txt")):
        if "-" in line:
            right, wrong = line.split("-", 1)
            add(right.strip(), wrong.strip(), "ecspell")
    for line in dictlib.read_lines(dictlib.data_path("confusion", "confusion_wordpairs.txt")):
        cols = line.split()
        if len(cols) >= 2 and not line.startswith("#"):
            add(cols[0], cols[1], "pycorrector")
    for src, cor in tune_rows:
        for i in (k for k in range(len(src)) if src[k] != cor[k]):
            for a in (i - 1, i):
                w, r = src[a:a + 2], cor[a:a + 2]
                if a >= 0 and len(w) == 2 and jieba.get(w, 0) >= 50 and jieba.get(r, 0) >= 50:
                    add(w, r, "odw")
    sound = defaultdict(set)
    for line in dictlib.read_lines(dictlib.data_path("confusion", "same_pinyin.txt")):
        cols = line.split("\t")
        if len(cols) >= 2 and not line.startswith("#"):
            for ch in cols[1]:
                sound[cols[0]].add(ch)
                sound[ch].add(cols[0])
    shape = defaultdict(set)
    for line in dictlib.read_lines(os.path.join(dictlib.DICT_DIR, "shape",
                                                "similar-shapes.txt")):
        cols = line.split()
        if len(cols) >= 2 and not line.startswith("#"):
            for ch in cols[1:]:
                shape[cols[0]].add(ch)
                shape[ch].add(cols[0])
    frequent = {w for w, f in jieba.items() if len(w) == 2 and f >= DERIVED_FREQ and is_han(w)}
    for w in frequent:
        for k in (0, 1):
            for table, source in ((sound, "sound"), (shape, "shape")):
                for ch in table.get(w[k], ()):
                    v = w[:k] + ch + w[k + 1:]
                    if v in frequent:
                        pairs[tuple(sorted((w, v)))].add(source)
    return pairs


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--holdout", action="store_true")
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--pairs-out", default=None,
                    help="the pairs that pass the filters, for context-typo's real-word pairs "
                         "(default: the shipped file, none with --holdout; '': none)")
    args = ap.parse_args()
    if args.pairs_out is None:
        args.pairs_out = "" if args.holdout else PAIRS_OUT

    jieba = dictlib.jieba_dict()
    pos = {}
    for line in dictlib.read_lines(dictlib.data_path("frequency", "dict.txt")):
        cols = line.split()
        if len(cols) == 3:
            pos[cols[0]] = cols[2]
    total = sum(jieba.values())
    # Every substring of a jieba word of 3 to 7 characters: "N + A" inside a word is wording.
    inside = set()
    for w in jieba:
        if 3 <= len(w) <= 7:
            for a in range(len(w)):
                for b in range(a + 3, len(w) + 1):
                    inside.add(w[a:b])
    tune, _ = odw_rows()
    pairs = read_pairs(jieba, tune)
    words = {w for p in pairs for w in p}
    text = clean_text(args.holdout)

    count = Counter()        # every word of the segmented text
    left = defaultdict(Counter)
    right = defaultdict(Counter)
    run = []
    for ch in text + "\n":
        if "\u4e00" <= ch <= "\u9fff":
            run.append(ch)
            continue
        if not run:
            continue
        toks = segment("".join(run), jieba, total)
        run = []
        # A dictionary word made of a pair's word and another word (权力机关) stands for both.
        split = []
        for t in toks:
            if len(t) >= 4 and t not in words:
                if t[:2] in words and t[2:] in jieba:
                    split += [t[:2], t[2:]]
                    continue
                if t[-2:] in words and t[:-2] in jieba:
                    split += [t[:-2], t[-2:]]
                    continue
            split.append(t)
        for i, t in enumerate(split):
            count[t] += 1
            if t in words:
                if i > 0 and len(split[i - 1]) >= 2:
                    left[t][split[i - 1]] += 1
                if i + 1 < len(split) and len(split[i + 1]) >= 2:
                    right[t][split[i + 1]] += 1

    def overlap(a, b):
        """Share of the neighbour occurrences of the rarer word that the other word has too."""
        if count[a] > count[b]:
            a, b = b, a
        total_a = sum(left[a].values()) + sum(right[a].values())
        if not total_a:
            return 0.0
        shared = sum(c for n, c in left[a].items() if n in left[b]) + \
            sum(c for n, c in right[a].items() if n in right[b])
        return shared / total_a

    starts, ends = defaultdict(list), defaultdict(list)
    for x, f in jieba.items():
        if 3 <= len(x) <= 5 and f >= 20:
            if x[:2] in words:
                starts[x[:2]].append(x)
            if x[-2:] in words:
                ends[x[-2:]].append(x)
    drop = set(dictlib.read_review_list("real_word_drop.txt"))
    pair_drop = {tuple(sorted(line.split()[:2]))
                 for line in dictlib.read_review_list("real_word_pair_drop.txt")}
    candidates = {}
    exceptions = {}
    sources = defaultdict(set)
    kept_pairs = []
    for (a, b), srcs in sorted(pairs.items()):
        hand = "hand" in srcs
        if (a, b) in pair_drop:
            continue
        slip = bool(srcs & SLIP_SOURCES)
        if not hand and (overlap(a, b) > NEIGHBOUR_OVERLAP or
                         (not slip and (not {pos.get(a), pos.get(b)} <= CONTENT_POS or
                                        pos.get(a) == pos.get(b) == "a"))):
            continue
        kept_pairs.append((a, b, srcs))
        for rw, wr in ((a, b), (b, a)):
            # How often the wrong word would stand where the right one does if the two were
            # used alike: their ratio in the clean text. Official text avoids the wrong word of
            # a known slip (必需, 错失), so a hand-checked pair gets at least jieba's ratio and
            # HAND_SHARE (five sightings of 联合声明 and none of 联合申明 decide), a pair seen
            # as a slip in real text SLIP_SHARE.
            # A pair both listed by hand and seen as a slip takes the larger of the two.
            floor = 0.0
            if hand:
                floor = max(jieba[wr] / jieba[rw], HAND_SHARE)
            if srcs & SLIP_SOURCES:
                floor = max(floor, SLIP_SHARE)
            wrong_count = max(count[wr], count[rw] * floor)
            share = wrong_count / max(count[rw], 1)
            for side, table in (("before", left), ("after", right)):
                for n, c in table[rw].items():
                    if c < MIN_COLLOCATION or not is_han(n) or pos.get(n) in FUNCTION_POS:
                        continue
                    if c < (MIN_SHARE if hand else MIN_SHARE_DERIVED) * count[n]:
                        continue
                    if c * share < EXPECTED:
                        continue
                    seen = table[wr].get(n, 0)
                    if seen:
                        continue
                    w, r = (n + wr, n + rw) if side == "before" else (wr + n, rw + n)
                    if w in jieba or w in inside or w in drop:
                        continue
                    candidates[w] = r
                    # 提供有利 is wrong, 提供有利于 and 提供有利条件 are not: the longer words
                    # that begin (before) or end (after) with the wrong word are exceptions.
                    longer = [x for x in starts[wr]] if side == "before" else ends[wr]
                    exceptions[w] = sorted(n + x if side == "before" else x + n
                                           for x in longer)
                    sources[w] |= srcs
    # Not anywhere in the clean text either (not just as a segmented pair).
    seen_anywhere = dictlib.count_in_texts(set(candidates), [text])
    kept = {w: r for w, r in candidates.items() if not seen_anywhere.get(w)}
    by_source = Counter()
    for w in kept:
        by_source[min(sources[w], key=["hand", "ecspell", "pycorrector", "odw", "sound",
                                       "shape"].index)] += 1
    header = [
        "Real words in a collocation where only their partner fits, for rule",
        "typo-real-word-collocation (wrong<TAB>right<TAB>exceptions separated by |).",
        "Generated by",
        "scripts/build_real_word_collocations.py" + (" --holdout" if args.holdout else "") +
        " from pairs of real words",
        "(scripts/data/real_word_pairs.txt, ECSpell 常见错字错词, pycorrector confusion_wordpairs,",
        "odw.train, same-sound and similar-shape words of jieba's dictionary) and the clean",
        "official text (gov-text reports, odw.train correct side, State Council policy titles);",
        "see the script. Do not edit by hand: regenerate with the script.",
        "Entries by the first source of their pair: " +
        ", ".join(f"{s} {n}" for s, n in by_source.most_common()),
    ]
    dictlib.write_list(args.out, header, [
        f"{w}\t{r}" + ("\t" + "|".join(exceptions[w]) if exceptions[w] else "")
        for w, r in sorted(kept.items())])
    print(f"{args.out}: {len(kept)} entries from {len(pairs)} pairs ({dict(by_source)})")
    if args.pairs_out:
        order = ["hand", "ecspell", "pycorrector", "odw", "sound", "shape"]
        dictlib.write_list(args.pairs_out, [
            "Pairs of real two-character words written for each other, for context-typo's",
            "real-word pairs (word<TAB>partner<TAB>sources): the language model scores both",
            "in their context. Generated by scripts/build_real_word_collocations.py" +
            (" --holdout" if args.holdout else "") + " (the",
            "pairs it reads, after its filters: hand-checked, or seen as slips or of the same",
            "sound or similar shape and not standing in the same places in official text; not",
            "odw's alone).",
            "Do not edit by hand: regenerate with the script.",
        ], [f"{a}\t{b}\t{','.join(sorted(srcs, key=order.index))}" for a, b, srcs in kept_pairs
            # odw's own pairs are mostly a pinyin input method's whole-word slips (简称 for
            # 建成), which context-typo's whole-word changes already try; as pairs they are
            # words used apart that the model confuses in official text (gov-text: 优先/有限).
            if srcs != {"odw"}])
        print(f"{args.pairs_out}: {sum(s != {'odw'} for _, _, s in kept_pairs)} pairs")


if __name__ == "__main__":
    main()
