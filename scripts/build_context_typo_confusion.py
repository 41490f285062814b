#!/usr/bin/env python3
"""Builds dictionaries/context-typo/confusion.txt: for each common character, the characters
an input method or a hurried eye confuses it with. The context-typo check only tries these.

Sources (read-only reference data, not read at run time):
  ../shared/data/confusion/same_pinyin.txt   char<TAB>same pinyin+tone<TAB>same pinyin, other tone
  ../shared/data/confusion/same_stroke.txt   groups of similar-shape characters, one group a line
  ../shared/data/confusion/common_char_set.txt  3,502 common characters
from shibing624/pycorrector (Apache-2.0).

and, for the same-sound pairs pycorrector's table misses (液/业, 霄/宵, 萃/粹), the readings of
the Unicode Han database as Debian's unicode-data package installs it (Unicode License), written
to a file of their own (same-sound.txt; the idiom rule keeps to confusion.txt):
  /usr/share/unicode/Unihan_Readings.txt.bz2      kMandarin: the customary reading in mainland China
  /usr/share/unicode/Unihan_OtherMappings.txt.bz2 kTGH: the character's number in the 通用规范汉字表

The characters suggested as corrections are limited to the common ones (pycorrector's 3,502 and
the table's first level, 3,500): typos in official text come from an input method, which offers
common characters first, and rare candidates only add false alarms. A character written in the
text may also be one of the table's second level (霄禁 for 宵禁, 精萃 for 精粹): such a row lists
only common characters, and no row lists it.

Near sounds (near-sound.txt, also from Unihan): the slips of a pinyin input method's fuzzy
syllables, where the typist's own accent or a hurried key gives a neighbouring syllable of the
same tone: initials z/zh, c/ch, s/sh, n/l, f/h, r/l, finals an/ang, en/eng, in/ing, ian/iang,
uan/uang, and ian/uan after j, q, x (xián/xuán). Pairs one of the other tables already has are
left out, and so is a second-level character as a correction. The check tries them with a
penalty of their own (near_sound_penalty), stricter than a same sound.

Rare same sounds (rare-sound.txt, also from Unihan, with ../shared/data/frequency/dict.txt, jieba,
MIT): a common character written for a second-level one of the same reading and tone (螺丝粉 for
螺蛳粉, 窝脏 for 窝赃): whoever does not know the rarer character, or whose input method does not
offer it first, writes the common one. Only second-level characters in use (the words of jieba's
dictionary that hold one count RARE_TARGET_MIN_COUNT together) are offered, and the check tries
them only where the change completes a word of three or more characters (rare_sound_penalty).

usage: scripts/build_context_typo_confusion.py [--data ../shared/data/confusion]
                                               [--unihan /usr/share/unicode]
                                               [--out dictionaries/context-typo/confusion.txt]
                                               [--same-sound-out dictionaries/context-typo/same-sound.txt]
                                               [--near-sound-out dictionaries/context-typo/near-sound.txt]
                                               [--rare-sound-out dictionaries/context-typo/rare-sound.txt]
"""
import argparse
import pathlib
import unicodedata

import dictlib


# A second-level character is offered as a correction when jieba's words that hold it count this
# many together (蛳 72, 薹 105): about 2,000 of the 3,000; the rest are names and classical words.
RARE_TARGET_MIN_COUNT = 50


def char_counts(path):
    """Each character's summed count over the words of jieba's dict.txt that hold it."""
    counts = {}
    for line in read_lines(path):
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            for ch in set(parts[0]):
                counts[ch] = counts.get(ch, 0) + int(parts[1])
    return counts


def read_lines(path):
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if line and not line.startswith("#"):
                yield line


def unihan(folder):
    """(readings, level): each character's customary reading (the first of kMandarin, as a
    toneless syllable and a tone), and its level in the 通用规范汉字表 (1: the 3,500 common
    characters). Only that reading: a character's rarer readings (拽 yè, 已 sì) are not what an
    input method is typed with, and would add tens of thousands of pairs."""
    readings = {c: {toned(v.split()[0])} for c, v in dictlib.unihan_field("Readings", "kMandarin",
                                                                         folder).items()}
    level = {c: 1 if n <= 3500 else 2 if n <= 6500 else 3
             for c, n in dictlib.tgh_numbers(folder).items()}
    return readings, level


def toned(syllable):
    """'xiāo' -> ('xiao', 1); a syllable without a tone mark is the neutral tone, 5."""
    tone, plain = 5, []
    for ch in unicodedata.normalize("NFD", syllable):
        mark = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}.get(ch)
        if mark:
            tone = mark
        elif ch != "\u0308":
            plain.append(ch)
        else:
            plain.append(":")  # ü
    return "".join(plain), tone


# Fuzzy pinyin (模糊音) as pinyin input methods offer it: the confusions of Mandarin as spoken
# in much of China (平翘舌, 前后鼻音, n/l, f/h, r/l).
FUZZY_INITIALS = [("z", "zh"), ("c", "ch"), ("s", "sh"), ("n", "l"), ("f", "h"), ("r", "l")]
FUZZY_FINALS = [("an", "ang"), ("en", "eng"), ("in", "ing"), ("ian", "iang"), ("uan", "uang")]
INITIALS = sorted(["b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
                   "zh", "ch", "sh", "r", "z", "c", "s", "y", "w"], key=len, reverse=True)


def split_syllable(syllable):
    """'zhuang' -> ('zh', 'uang'); a syllable without an initial -> ('', 'ang')."""
    for i in INITIALS:
        if syllable.startswith(i) and len(syllable) > len(i):
            return i, syllable[len(i):]
    return "", syllable


def near_syllables(syllable):
    """The syllables one fuzzy-pinyin step from `syllable` (any may not exist in Mandarin: only
    those some character reads are used)."""
    initial, final = split_syllable(syllable)
    out = set()
    for a, b in FUZZY_INITIALS:
        for x, y in ((a, b), (b, a)):
            if initial == x:
                out.add(y + final)
    for a, b in FUZZY_FINALS:
        for x, y in ((a, b), (b, a)):
            if final == x:
                out.add(initial + y)
    # After j, q, x the written u is ü: xián/xuán are a rounding of the lips apart.
    if initial in ("j", "q", "x") and final in ("ian", "uan"):
        out.add(initial + ("uan" if final == "ian" else "ian"))
    out.discard(syllable)
    return out


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(root.parent / "shared" / "data" / "confusion"))
    ap.add_argument("--unihan", default="/usr/share/unicode")
    ap.add_argument("--same-sound-out",
                    default=str(root / "dictionaries" / "context-typo" / "same-sound.txt"))
    ap.add_argument("--near-sound-out",
                    default=str(root / "dictionaries" / "context-typo" / "near-sound.txt"))
    ap.add_argument("--rare-sound-out",
                    default=str(root / "dictionaries" / "context-typo" / "rare-sound.txt"))
    ap.add_argument("--jieba", default=str(root.parent / "shared" / "data" / "frequency" / "dict.txt"))
    ap.add_argument("--out", default=str(root / "dictionaries" / "context-typo" / "confusion.txt"))
    args = ap.parse_args()
    data = pathlib.Path(args.data)
    common = set(l.strip() for l in read_lines(data / "common_char_set.txt") if len(l.strip()) == 1)
    same_tone, other_tone, shape = {}, {}, {}

    def add(table, a, b):
        if a != b and a in common and b in common:
            table.setdefault(a, set()).add(b)
            table.setdefault(b, set()).add(a)  # confusion goes both ways

    for line in read_lines(data / "same_pinyin.txt"):
        cols = line.split("\t")
        c = cols[0].strip()
        if len(c) != 1:
            continue
        for b in cols[1] if len(cols) > 1 else "":
            add(same_tone, c, b)
        for b in cols[2] if len(cols) > 2 else "":
            add(other_tone, c, b)
    for line in read_lines(data / "same_stroke.txt"):
        group = [g for g in line.replace(" ", "\t").split("\t") if len(g) == 1]
        for a in group:
            for b in group:
                add(shape, a, b)
    # Unihan: pairs of one reading and tone, from a common or second-level character to a
    # common one.
    readings, level = unihan(pathlib.Path(args.unihan))
    target = common | {c for c, v in level.items() if v == 1}
    written = target | {c for c, v in level.items() if v == 2}
    by_syllable = {}
    for c, rs in readings.items():
        if c in written:
            for syllable, tone in rs:
                by_syllable.setdefault(syllable, {}).setdefault(tone, set()).add(c)
    known = {(a, b) for t in (same_tone, other_tone, shape) for a, bs in t.items() for b in bs}
    unihan_same, added = {}, 0
    # Same tone only: other tones are a long list for every syllable, already pycorrector's.
    for tones in by_syllable.values():
        for chars in tones.values():
            for a in chars:
                for b in chars:
                    if a != b and b in target and (a, b) not in known:
                        unihan_same.setdefault(a, set()).add(b)
                        added += 1
    # Near sounds, same tone: a fuzzy syllable and a tone slip at once are two slips.
    known |= {(a, b) for a, bs in unihan_same.items() for b in bs}
    near, near_added = {}, 0
    for syllable, tones in by_syllable.items():
        for other in near_syllables(syllable):
            for tone, chars in tones.items():
                for a in chars:
                    for b in by_syllable.get(other, {}).get(tone, ()):
                        if b in target and (a, b) not in known:
                            near.setdefault(a, set()).add(b)
                            near_added += 1
    # Rare same sounds: to a second-level character in use, from any character of the tables'
    # reach of the same reading and tone that no table pairs with it yet.
    known |= {(a, b) for a, bs in near.items() for b in bs}
    in_use = char_counts(args.jieba)
    rare_targets = {c for c, v in level.items()
                    if v == 2 and in_use.get(c, 0) >= RARE_TARGET_MIN_COUNT}
    rare, rare_added = {}, 0
    for tones in by_syllable.values():
        for chars in tones.values():
            for b in chars & rare_targets:
                for a in chars:
                    if a != b and a in target and (a, b) not in known:
                        rare.setdefault(a, set()).add(b)
                        rare_added += 1
    chars = sorted(set(same_tone) | set(other_tone) | set(shape))
    out = pathlib.Path(args.out)
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Confusable characters for the context-typo check. Generated by\n"
                "# scripts/build_context_typo_confusion.py; do not edit by hand.\n"
                "# Source: shibing624/pycorrector same_pinyin.txt, same_stroke.txt,\n"
                "# common_char_set.txt (Apache-2.0), limited to the 3,502 common characters.\n"
                "# Columns: char<TAB>same pinyin and tone<TAB>same pinyin, other tone<TAB>similar shape\n")
        for c in chars:
            st = same_tone.get(c, set())
            ot = other_tone.get(c, set()) - st
            sh = shape.get(c, set()) - st - ot
            f.write(f"{c}\t{''.join(sorted(st))}\t{''.join(sorted(ot))}\t{''.join(sorted(sh))}\n")
    print(f"{out}: {len(chars)} characters")
    out = pathlib.Path(args.same_sound_out)
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Same-sound characters that confusion.txt lacks, for the context-typo check.\n"
                "# Generated by scripts/build_context_typo_confusion.py; do not edit by hand.\n"
                "# Source: the Unicode Han database as Debian's unicode-data 15.0.0 installs it\n"
                "# (Unihan_Readings kMandarin, Unihan_OtherMappings kTGH; Unicode License):\n"
                "# characters of one customary reading and tone. Corrections are common characters\n"
                "# only; rows also for the second level of the 通用规范汉字表 (霄 -> 宵).\n"
                "# Columns: char<TAB>same pinyin and tone\n")
        for c in sorted(unihan_same):
            f.write(f"{c}\t{''.join(sorted(unihan_same[c]))}\n")
    print(f"{out}: {len(unihan_same)} characters, {added} pairs")
    out = pathlib.Path(args.near_sound_out)
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Near-sound characters (fuzzy pinyin, same tone) for the context-typo check.\n"
                "# Generated by scripts/build_context_typo_confusion.py; do not edit by hand.\n"
                "# Source: the Unicode Han database as Debian's unicode-data 15.0.0 installs it\n"
                "# (Unihan_Readings kMandarin, Unihan_OtherMappings kTGH; Unicode License):\n"
                "# customary readings one fuzzy-pinyin step apart (z/zh c/ch s/sh n/l f/h r/l,\n"
                "# an/ang en/eng in/ing ian/iang uan/uang, jian/juan), in the same tone, that\n"
                "# neither confusion.txt nor same-sound.txt pairs. Corrections are common\n"
                "# characters only.\n"
                "# Columns: char<TAB><TAB><TAB><TAB>near sound (the fifth column of a confusion list)\n")
        for c in sorted(near):
            f.write(f"{c}\t\t\t\t{''.join(sorted(near[c]))}\n")
    print(f"{out}: {len(near)} characters, {near_added} pairs")
    out = pathlib.Path(args.rare_sound_out)
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Rare same sounds for the context-typo check: a common character written for a\n"
                "# second-level character (通用规范汉字表) of the same reading and tone (螺丝粉 for 螺蛳粉).\n"
                "# Generated by scripts/build_context_typo_confusion.py; do not edit by hand.\n"
                "# Source: the Unicode Han database as Debian's unicode-data 15.0.0 installs it\n"
                "# (Unihan_Readings kMandarin, Unihan_OtherMappings kTGH; Unicode License); the\n"
                "# corrections are second-level characters in use (their words in jieba's dict.txt,\n"
                f"# MIT, count {RARE_TARGET_MIN_COUNT} or more together). Pairs the other tables hold are left out.\n"
                "# Columns: char<TAB>rare characters of the same pinyin and tone\n")
        for c in sorted(rare):
            f.write(f"{c}\t{''.join(sorted(rare[c]))}\n")
    print(f"{out}: {len(rare)} characters, {rare_added} pairs")


if __name__ == "__main__":
    main()
