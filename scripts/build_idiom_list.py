#!/usr/bin/env python3
"""Builds the word lists of rule typo-idiom (dictionaries/typo/idiom.yml):

  dictionaries/typo/idioms.txt             four-character idioms and set phrases (成语, 四字格)
  dictionaries/typo/idioms-long.txt        idioms of five to nine characters (rule typo-idiom-long)
  dictionaries/typo/idiom-rare-shapes.txt  rare characters of idioms and the common characters
                                           built like them but for one component (莠 / 萎)
  dictionaries/typo/idiom-neighbour-words.txt  common two-character words (jieba): a wrong
                                           character at either end of a near miss that forms
                                           one with its neighbour outside (中小学教|师: 教师) is
                                           a word boundary, not a slip
  dictionaries/typo/idiom-real-words.txt   four-character words one confusable character off an
                                           idiom, or two of its characters swapped, that are
                                           words in their own right (原原本本 / 源源本本), which
                                           the rule must leave alone

Sources (read-only reference data, not read at run time):
  ../shared/data/wordlists/成语.txt      8,519 idioms with a frequency (aopolin-lv/ECSpell, MIT)
  ../shared/data/wordlists/公文写作.txt  12,509 official-writing words (ECSpell, MIT)
  ../shared/data/frequency/dict.txt      jieba's dictionary (MIT): what is a word
  ../shared/data/gov-text/*.jsonl        government work reports and CPC congress reports
    (aopolin-lv/chinese-political-corpora from zh.wikisource; official documents, not subject
    to copyright, PRC Copyright Law art. 5): the set phrases of today's official writing that
    no word list holds yet (久久为功, 行稳致远, 踔厉奋发), see gov_text_phrases
and the confusion tables the rule itself uses (dictionaries/context-typo/confusion.txt,
dictionaries/shape/similar-shapes.txt), so that the exceptions cover exactly the near misses
the rule can find.

An idiom is kept when it is frequent enough to be a slip's target (MIN_IDIOM_FREQUENCY; from
MIN_RARE_IDIOM_FREQUENCY on with fewer near misses, see main) or is a
lexicalised official-writing phrase (in jieba's dictionary, at least MIN_PHRASE_COUNT) that is
not simply two common words. A near
miss is a real word when jieba counts it at least MIN_REAL_WORD_COUNT times (jieba lists common
misspellings such as 按步就班 with its minimum count 3, so "in the dictionary" is not enough),
or when it is itself an idiom or official-writing word, or two common words side by side.

usage: scripts/build_idiom_list.py
"""
import os

import dictlib

MIN_IDIOM_FREQUENCY = 300
# Every idiom of the list (its lowest frequency is 21): the rare ones' gates (written form no
# jieba word, replaced character no word with a neighbour) keep their near misses as quiet as
# from 50 on. Measured with bench/plant_idiom_errors.py: slips planted into idioms below 50
# found 243/300 -> 280/300 (all bands 818/900 -> 855/900, false-alarm sentences 2 -> 1);
# gov-text unchanged (0.80 major per 100k, 122 minor), real-error cases unchanged.
MIN_RARE_IDIOM_FREQUENCY = 0
# Idioms of five characters or more (typo-idiom-long) from this frequency on.
MIN_LONG_IDIOM_FREQUENCY = 50
MIN_PHRASE_COUNT = 20
MIN_REAL_WORD_COUNT = 10
# A near miss made of two words at least this common (谈笑风声 = 谈笑 + 风声) may be ordinary text
# across a word boundary, which a window of four characters cannot tell from a slip...
COMMON_WORD_COUNT = 150
# ...but only when the two words would meet by chance (their counts' product over jieba's total)
# at least this often for each use of the idiom. Below it a slip is the likelier reading:
# 引入注目 (引入 1,111 × 注目 222 against 引人注目 658) and 先人为主 (先人 × 为主 against
# 先入为主) are the classic slips, while 分布实施 (分布 × 实施, 分步实施 unknown to jieba) stays
# ordinary text. An idiom jieba hardly counts (知法犯法 3 times: 执法犯法 is right in the reports)
# is too little evidence and keeps every such neighbour.
SLIP_ODDS = 0.01
MIN_SLIP_IDIOM_COUNT = 20
NEIGHBOUR_WORD_COUNT = 100
# Numerals: official-writing words with them are counts and ordinals (第十五届), not set phrases.
NUMERALS = set("〇一二三四五六七八九十百千万亿两第")


# A clause of exactly four characters that recurs in the reports (in two of them at least: a
# report's own fragments such as 推进中美 recur within it) is a set phrase (踔厉奋发、
# 勇毅前行) unless it is ordinary syntax: these characters make it a clause of prose (是错误的,
# 周总理说, 在这同时), whose neighbours by one character (是错误地) are right as well.
GOV_PHRASE_MIN_COUNT = 2
FUNCTION_CHARS = set("的地得了着是这那我你他她们说就都吗呢吧")
# A clause opened by a preposition is a fragment of a longer one (在党中央, 从国内看, 要重证据),
# whose first character a word before it takes as often (刊载党中央 in a line broken there).
PREPOSITIONS = set("在把要对向被将从于")
CLAUSE_MARKS = "，、。；：！？"  # not quotes: “推进中美”“新型…” quotes a fragment


def gov_text_phrases(jieba):
    """Four-character clauses standing alone between punctuation marks in the gov-text
    reports, in at least GOV_PHRASE_MIN_COUNT of them: the 四字格 of official writing (久久为功,
    行稳致远, 凝心聚力), many too new for jieba or ECSpell. Two common words side by side are
    compounds, as for the official-writing words."""
    import glob
    import json
    import re
    clause = re.compile("(?<=[" + CLAUSE_MARKS + r"\s])[\u4e00-\u9fff]{4}(?=[" + CLAUSE_MARKS + "])")
    counts = {}  # in how many reports
    for path in sorted(glob.glob(dictlib.data_path("gov-text", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                found = {m.group() for m in clause.finditer(json.loads(line).get("content", ""))}
                for w in found:
                    counts[w] = counts.get(w, 0) + 1
    return {w for w, n in counts.items()
            if n >= GOV_PHRASE_MIN_COUNT and not (NUMERALS | FUNCTION_CHARS) & set(w) and
            w[0] not in PREPOSITIONS and not (
                jieba.get(w[:2], 0) >= COMMON_WORD_COUNT and
                jieba.get(w[2:], 0) >= COMMON_WORD_COUNT)}


def is_han(s):
    return all("\u4e00" <= ch <= "\u9fff" for ch in s)


def read_confusion():
    table = {}
    path = os.path.join(dictlib.DICT_DIR, "context-typo", "confusion.txt")
    for line in dictlib.read_lines(path):
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        table.setdefault(cols[0], set()).update("".join(cols[1:]))
    path = os.path.join(dictlib.DICT_DIR, "shape", "similar-shapes.txt")
    for line in dictlib.read_lines(path):
        if not line or line.startswith("#"):
            continue
        c, similar = line.split("\t")
        for o in similar:
            table.setdefault(c, set()).add(o)
            table.setdefault(o, set()).add(c)
    return table


def rare_lookalikes(idioms):
    """Rare characters of the idioms (outside the 3,502 common ones that the confusion tables
    are limited to) with the common characters built like them but for one component (莠 =
    艹 + 秀, 萎 = 艹 + 委): a writer who does not know the rare one writes such a character
    (良萎不齐), which no confusion table holds."""
    common = set("".join(dictlib.read_lines(dictlib.data_path("confusion", "common_char_set.txt"))))
    splits = {}
    for line in dictlib.read_lines(dictlib.data_path("shape", "chaizi-jt.txt")):
        cols = line.split("\t")
        if len(cols) >= 2 and len(cols[0]) == 1:
            splits[cols[0]] = [tuple(c.split()) for c in cols[1:] if c.strip()]
    by_rest = {}  # (components with one left out, where) -> common characters
    for ch, ways in splits.items():
        if ch not in common:
            continue
        for comps in ways:
            if len(comps) < 2:
                continue
            for i in range(len(comps)):
                by_rest.setdefault((comps[:i] + comps[i + 1:], i), set()).add(ch)
    rare = sorted({ch for w in idioms for ch in w if ch not in common and ch in splits})
    table = {}
    for ch in rare:
        similar = set()
        for comps in splits[ch]:
            if len(comps) < 2:
                continue
            for i in range(len(comps)):
                similar |= by_rest.get((comps[:i] + comps[i + 1:], i), set())
        similar.discard(ch)
        if similar:
            table[ch] = "".join(sorted(similar))
    return table


def main():
    jieba = {}
    for line in dictlib.read_lines(dictlib.data_path("frequency", "dict.txt")):
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            jieba[parts[0]] = int(parts[1])
    idioms = {}
    long_all = {}
    for line in dictlib.read_lines(dictlib.data_path("wordlists", "成语.txt")):
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) >= 2 and is_han(parts[0]) and parts[1].isdigit():
            if len(parts[0]) == 4:
                idioms[parts[0]] = int(parts[1])
            elif len(parts[0]) >= 5:
                long_all[parts[0]] = int(parts[1])
    official = set()
    for line in dictlib.read_lines(dictlib.data_path("wordlists", "公文写作.txt")):
        w = line.split("\t")[0].strip()
        if len(w) == 4 and is_han(w) and not NUMERALS & set(w):
            official.add(w)
    kept = {w for w, f in idioms.items() if f >= MIN_IDIOM_FREQUENCY}
    # An official-writing word that is two common words side by side (共产+党员, 中小+学校) is a
    # compound, not a set phrase: its near misses are mostly other compounds across a boundary.
    kept |= {w for w in official if jieba.get(w, 0) >= MIN_PHRASE_COUNT and not (
        jieba.get(w[:2], 0) >= COMMON_WORD_COUNT and jieba.get(w[2:], 0) >= COMMON_WORD_COUNT)}
    # Idioms of a lower frequency, down to MIN_RARE_IDIOM_FREQUENCY, are kept for the
    # replacements that nothing else explains (杯盘狠藉): a written form that jieba knows at all,
    # or whose replaced character makes a jieba word with a neighbour in the window (白日作梦:
    # 作梦), is left alone, and so are their swapped forms (风高浪急 beside 风急浪高).
    rare = {w for w, f in idioms.items()
            if MIN_RARE_IDIOM_FREQUENCY <= f < MIN_IDIOM_FREQUENCY} - kept
    kept |= rare
    # The reports' phrases are checked as the rare idioms are: their neighbours are often
    # ordinary prose (开辟财源 / 开辟货源, 通观全局 / 统观全局).
    gov = gov_text_phrases(jieba) - set(idioms) - official
    jieba_total = sum(jieba.values())
    kept |= gov
    rare |= gov
    known = set(idioms) | official

    confusion = read_confusion()
    lookalikes = rare_lookalikes(kept)
    for ch, similar in lookalikes.items():
        for o in similar:
            confusion.setdefault(ch, set()).add(o)
    real = set()
    for w in kept:
        for i, ch in enumerate(w):
            for o in confusion.get(ch, ()):
                v = w[:i] + o + w[i + 1:]
                if (v in known or jieba.get(v, 0) >= MIN_REAL_WORD_COUNT or
                        (jieba.get(v[:2], 0) >= COMMON_WORD_COUNT and
                         jieba.get(v[2:], 0) >= COMMON_WORD_COUNT and
                         (jieba.get(w, 0) < MIN_SLIP_IDIOM_COUNT or
                          jieba[v[:2]] * jieba[v[2:]] / jieba_total >=
                          SLIP_ODDS * jieba[w]))):
                    real.add(v)
                elif w in rare and (v in jieba or (i > 0 and v[i - 1:i + 1] in jieba) or
                                    (i < 3 and v[i:i + 2] in jieba)):
                    real.add(v)
        # Two letters swapped (阴奉阳违): the rule reports these too, unless they are words.
        for a in range(4):
            for b in range(a + 1, 4):
                if w[a] == w[b]:
                    continue
                v = list(w)
                v[a], v[b] = v[b], v[a]
                v = "".join(v)
                # Both halves words at all (鱼水 + 情深 of 鱼水深情): the other order of a
                # phrase, which official text uses as freely as the idiom's.
                if (w in rare or v in known or v in jieba or
                        (v[:2] in jieba and v[2:] in jieba)):
                    real.add(v)
    real -= kept  # a kept idiom is never reported anyway

    out_dir = os.path.join(dictlib.DICT_DIR, "typo")
    neighbours = sorted(w for w, n in jieba.items()
                        if len(w) == 2 and is_han(w) and n >= NEIGHBOUR_WORD_COUNT)
    with open(os.path.join(out_dir, "idiom-neighbour-words.txt"), "w", encoding="utf-8") as f:
        f.write("# Two-character words of jieba's dictionary (MIT) counted at least "
                f"{NEIGHBOUR_WORD_COUNT} times, for rule\n# typo-idiom. Generated by "
                "scripts/build_idiom_list.py; do not edit by hand.\n")
        for w in neighbours:
            f.write(w + "\n")
    with open(os.path.join(out_dir, "idioms.txt"), "w", encoding="utf-8") as f:
        f.write("# Four-character idioms (成语) and set phrases of official writing (四字格) for rule\n"
                "# typo-idiom. Generated by scripts/build_idiom_list.py from 成语.txt (frequency >= "
                f"{MIN_RARE_IDIOM_FREQUENCY}; below {MIN_IDIOM_FREQUENCY} fewer near misses)\n# and 公文写作.txt (jieba count >= {MIN_PHRASE_COUNT}) of "
                "aopolin-lv/ECSpell (MIT), and four-character clauses recurring in\n# the gov-text reports "
                "(zh.wikisource, official documents); do not edit by hand.\n")
        for w in sorted(kept):
            f.write(w + "\n")
    with open(os.path.join(out_dir, "idiom-real-words.txt"), "w", encoding="utf-8") as f:
        f.write("# Four-character words one confusable character off an idiom of idioms.txt, or that\n"
                "# idiom with two characters swapped, that are words in their own right (jieba's\n"
                f"# dictionary, MIT, count >= {MIN_REAL_WORD_COUNT}; or an idiom or official-writing "
                "word of ECSpell, MIT).\n# "
                "Generated by scripts/build_idiom_list.py; do not edit by hand.\n")
        for w in sorted(real):
            f.write(w + "\n")
    with open(os.path.join(out_dir, "idiom-rare-shapes.txt"), "w", encoding="utf-8") as f:
        f.write("# Rare characters of idioms.txt (outside pycorrector's 3,502 common characters) with\n"
                "# the common characters built like them but for one component (開放詞典 chaizi,\n"
                "# CC BY 3.0), for rule typo-idiom. Generated by scripts/build_idiom_list.py; do not\n"
                "# edit by hand.\n# Columns: char<TAB>similar characters\n")
        for ch in sorted(lookalikes):
            f.write(ch + "\t" + lookalikes[ch] + "\n")
    # Idioms of five characters or more (兄弟阋于墙, 防患于未然) for rule typo-idiom-long, which
    # matches them approximately: so long a string one character off is hardly other wording.
    long_idioms = sorted(w for w, f in long_all.items() if f >= MIN_LONG_IDIOM_FREQUENCY)
    with open(os.path.join(out_dir, "idioms-long.txt"), "w", encoding="utf-8") as f:
        f.write("# Idioms (成语) of five to nine characters for rule typo-idiom-long. Generated by\n"
                "# scripts/build_idiom_list.py from 成语.txt of aopolin-lv/ECSpell (MIT), frequency "
                f">= {MIN_LONG_IDIOM_FREQUENCY};\n# do not edit by hand.\n")
        for w in long_idioms:
            f.write(w + "\n")
    print(f"idioms.txt: {len(kept)} ({len(gov)} from gov-text); idioms-long.txt: {len(long_idioms)}; "
          f"idiom-rare-shapes.txt: {len(lookalikes)}; "
          f"idiom-real-words.txt: {len(real)}; "
          f"idiom-neighbour-words.txt: {len(neighbours)}")


if __name__ == "__main__":
    main()
