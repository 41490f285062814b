#!/usr/bin/env python3
"""Builds dictionaries/shape/shape-neighbours.txt: pairs of common characters that share all their
components but one, where the two differing components look alike (损/捐 扌 员/肙, 攻/政 工/正 攵,
铺/销 钅 甫/肖): the slips of the eye no confusion list holds. Looser than similar-shapes.txt, so
the context-typo rule tries them only where the change completes a longer word, with a penalty.

Source (read-only reference data, not read at run time), ../shared/data/shape/:
  chaizi-jt.txt           components of 17,803 characters, several splits each (政 → 正 攵)
                          kfcd/chaizi, 開放詞典 (kaifangcidian.com), CC BY 3.0
  sijiaobianma_2w.txt     four-corner codes (四角号码)
  hanzijiegou_2w.txt      structure type (left-right, top-bottom, ...)
  bihuashu_2w.txt         stroke counts
                          houbb/nlp-hanzi-similar (src/main/resources/nlp/), Apache-2.0
and the Unicode Han database (Debian unicode-data, Unihan_OtherMappings kTGH, Unicode License)
for the characters of the 通用规范汉字表's level 1 (3,500 characters; --last 6500 takes level 2 too).

Two characters a, b are shape neighbours when
  - both are common (通用规范汉字表 level 1) and of the same structure type. Level 2 (汨, 浯, 垭)
    is left out: such characters are written on purpose, mostly in names (汨湖乡, 浯水道, 南垭),
    and with them the table gave 8 new alarms on the 地名 and 历史名人 lists against 3 without,
    with the same real-error finds;
  - a split of a and a split of b have the same number of components and differ in one place
    only (the shared components in the same places: 扌 left in 损 and 捐);
  - their stroke counts differ by MAX_STROKE_GAP at most;
  - the two differing components x, y are close: their stroke counts differ by MAX_STROKE_GAP
    at most, and either their four-corner codes agree in MIN_CORNER_DIGITS of the five digits
    (甫 53227 / 肖 90227, 工 10102 / 正 10101) or a split of x and one of y differ in one place
    only (员 口贝 / 肙 口月).
Each character keeps its MAX_PER_CHAR closest neighbours (fewest differing four-corner digits of
the whole characters, then the stroke gap).

usage: scripts/build_shape_neighbours.py [--out dictionaries/shape/shape-neighbours.txt]
"""
import argparse
import os
from collections import defaultdict

import dictlib
from shape_data import read_chaizi, read_table

MAX_STROKE_GAP = 2
MIN_CORNER_DIGITS = 3
MAX_PER_CHAR = 16


def one_apart(splits_a, splits_b):
    """The differing components (x, y) of a split of a and one of b that differ in one place
    only, the others equal and in the same places."""
    out = set()
    for sa in splits_a:
        for sb in splits_b:
            if len(sa) != len(sb):
                continue
            diff = [i for i in range(len(sa)) if sa[i] != sb[i]]
            if len(diff) == 1:
                out.add((sa[diff[0]], sb[diff[0]]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out",
                    default=os.path.join(dictlib.DICT_DIR, "shape", "shape-neighbours.txt"))
    ap.add_argument("--last", type=int, default=3500,
                    help="the last 通用规范汉字表 number taken (3500: level 1 only)")
    args = ap.parse_args()

    splits = read_chaizi(min_components=2)
    corners = read_table("sijiaobianma_2w.txt")
    structure = read_table("hanzijiegou_2w.txt")
    strokes = {c: int(n) for c, n in read_table("bihuashu_2w.txt").items() if n.isdigit()}
    use = {c for c, n in dictlib.tgh_numbers().items() if n <= args.last and c in splits and c in strokes and c in structure}

    def corner_match(x, y):
        cx, cy = corners.get(x, ""), corners.get(y, "")
        if len(cx) != 5 or len(cy) != 5:
            return 0
        return sum(p == q for p, q in zip(cx, cy))

    def close(x, y):
        if x not in strokes or y not in strokes or abs(strokes[x] - strokes[y]) > MAX_STROKE_GAP:
            return False
        return corner_match(x, y) >= MIN_CORNER_DIGITS or bool(
            one_apart(splits.get(x, []), splits.get(y, [])))

    # Characters filed under each split with one place left open: two characters under one key
    # share all components but that one.
    buckets = defaultdict(set)
    for c in use:
        for comps in splits[c]:
            for i in range(len(comps)):
                buckets[(structure[c], comps[:i] + ("*",) + comps[i + 1:])].add(c)

    pairs = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > 400:
            continue
        ordered = sorted(members)
        for ai, a in enumerate(ordered):
            for b in ordered[ai + 1:]:
                if (a, b) in pairs or abs(strokes[a] - strokes[b]) > MAX_STROKE_GAP:
                    continue
                if any(close(x, y) for x, y in one_apart(splits[a], splits[b])):
                    pairs.add((a, b))

    near = defaultdict(list)
    for a, b in pairs:
        rank = (5 - corner_match(a, b), abs(strokes[a] - strokes[b]), b)
        near[a].append(rank)
        near[b].append(rank[:2] + (a,))
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    entries = 0
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Shape neighbours: common characters (通用规范汉字表 level 1) that share all\n"
                "# components but one, the differing ones alike (损/捐, 攻/政, 铺/销), closest first.\n"
                "# Generated by scripts/build_shape_neighbours.py from the component data of\n"
                "# 開放詞典 (kfcd/chaizi, kaifangcidian.com, CC BY 3.0), houbb/nlp-hanzi-similar\n"
                "# (four-corner codes, structure, stroke counts; Apache-2.0) and Unihan kTGH\n"
                "# (Unicode License); do not edit by hand.\n"
                "# Columns: char<TAB>neighbours\n")
        for c in sorted(near):
            row = [b for *_, b in sorted(near[c])][:MAX_PER_CHAR]
            entries += len(row)
            f.write(f"{c}\t{''.join(row)}\n")
    print(f"{args.out}: {len(near)} characters, {entries} entries, {len(pairs)} pairs")


if __name__ == "__main__":
    main()
