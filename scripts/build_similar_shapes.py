#!/usr/bin/env python3
"""Builds dictionaries/shape/similar-shapes.txt: for each character in use in official text,
the characters of similar shape (形近字) a hurried eye or a handwriting/OCR slip takes it for;
and dictionaries/shape/similar-radicals.txt: the looser pairs of the same body under another
radical, which a rule uses only where other evidence is strong.

Source (read-only reference data, not read at run time), ../shared/data/shape/:
  chaizi-jt.txt           components of 17,803 characters, several splits each (政 → 正 攵)
                          kfcd/chaizi, 開放詞典 (kaifangcidian.com), CC BY 3.0
  sijiaobianma_2w.txt     four-corner codes (四角号码)
  hanzijiegou_2w.txt      structure type (left-right, top-bottom, ...)
  bihuashu_2w.txt         stroke counts
                          houbb/nlp-hanzi-similar (src/main/resources/nlp/), Apache-2.0
  pianpangbushou_2w.txt   radicals (same source), to tell the sound component from the radical
and ../shared/data/frequency/dict.txt (jieba, MIT) to pick the characters in use; for the
phonetic kind, ../shared/data/confusion/same_pinyin.txt (pycorrector, Apache-2.0) and
NCU_NLPLab_ConfusionSet.txt (same source) to say which characters sound alike.

Two characters are of similar shape when one of these holds (each a way real slips happen):
  same      the same components in another arrangement (己/已/巳, 未/末, 土/士, 杏/呆);
  stroke    one has one stroke more, or a different single stroke, on the same components
            (大/太, 侯/候, 厂/广, 业/亚, 王/玉/主, 戍/戌), or is the other plus two strokes (卯/卵);
  part      the same components but one, and the differing ones are similar by the above
            (拔/拨: 犮/发, 祟/崇 after splitting 出 and 宗);
  corners   the same four-corner code and structure, one stroke apart at most, and a shared
            component (攻/政);
  simple    two characters with no component but strokes (人 丿乀, 入 乁丿), which the kinds
            above cannot compare: the same four-corner code, one stroke apart at most (人/入/八);
  phonetic  the same sound component (声旁) of three strokes or more under two different
            radicals, where the confusion data says the two sound alike (宵/霄, 萃/粹, 赃/脏):
            the 别字 of a 形声字, wrong in both shape and sound, which no stroke count finds.
Pairs are ranked by how close they are (same < stroke, simple < part < corners < phonetic, then
the stroke-count difference); each character keeps its closest MAX_PER_CHAR.

similar-radicals.txt holds, with the same columns, the pairs of one more kind that no kind above
gives:
  slot      the same body in the same place of the same build, under radicals a stroke apart
            at most, the four-corner code agreeing on a corner of the body's side (组/姐 纟女 且,
            牧/枚 牜木 攵, 祖/租): what a hurried hand or a shape-code input method (五笔) slips to.
            Looser than the kinds above (禁/焚 are alike too, and 禁烧 is no slip for 焚烧).

usage: scripts/build_similar_shapes.py [--out dictionaries/shape/similar-shapes.txt]
       [--loose-out dictionaries/shape/similar-radicals.txt] [--without KIND]
"""
import argparse
import itertools
import os
from collections import Counter, defaultdict

import dictlib
from shape_data import read_chaizi, read_table

MAX_PER_CHAR = 12
# Characters whose jieba frequency (the summed frequency of the words that contain them) is at
# least this are "in use"; about 6,000 characters, a superset of the 3,500 common ones.
MIN_CHAR_FREQUENCY = 300
# Components expanded at most this deep, and at most this many splits kept per character: the
# splits of the data multiply, and deeper levels are only strokes, which say nothing of shape.
MAX_DEPTH = 2
MAX_SPLITS = 24
KIND_RANK = {"same": 0, "stroke": 1, "simple": 1, "part": 2, "corners": 3, "phonetic": 4,
             "slot": 5}
# A sound component of fewer strokes (口, 人) is as often a radical and says nothing.
MIN_PHONETIC_STROKES = 3


def sound_alike():
    """Characters the confusion data gives as sounding alike, both ways."""
    alike = defaultdict(set)
    for name, sep in (("same_pinyin.txt", "\t"), ("NCU_NLPLab_ConfusionSet.txt", ",")):
        for line in dictlib.read_lines(dictlib.data_path("confusion", name)):
            key, _, rest = line.partition(sep)
            if len(key) != 1:
                continue
            for ch in rest:
                if "\u4e00" <= ch <= "\u9fff" and ch != key:
                    alike[key].add(ch)
                    alike[ch].add(key)
    return alike


def chars_in_use():
    freq = Counter()
    for line in dictlib.read_lines(dictlib.data_path("frequency", "dict.txt")):
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            for ch in parts[0]:
                if "\u4e00" <= ch <= "\u9fff":
                    freq[ch] += int(parts[1])
    common = set()
    for line in dictlib.read_lines(dictlib.data_path("confusion", "common_char_set.txt")):
        if len(line) == 1:
            common.add(line)
    return {c for c, f in freq.items() if f >= MIN_CHAR_FREQUENCY} | common


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(dictlib.DICT_DIR, "shape", "similar-shapes.txt"))
    ap.add_argument("--loose-out",
                    default=os.path.join(dictlib.DICT_DIR, "shape", "similar-radicals.txt"))
    ap.add_argument("--without", action="append", default=[], choices=sorted(KIND_RANK),
                    help="leave a kind of pair out (to measure what it adds)")
    args = ap.parse_args()

    splits = read_chaizi()
    corners = read_table("sijiaobianma_2w.txt")
    structure = read_table("hanzijiegou_2w.txt")
    strokes = {c: int(n) for c, n in read_table("bihuashu_2w.txt").items() if n.isdigit()}
    single = {c for c, n in strokes.items() if n == 1} | set("丶一丨丿乚乛㇆亅乙𠃌㇀㇇㇉㇊㇋㇌㇍㇎㇏乀乁")
    use = chars_in_use() & (set(splits) | set(corners))

    def expand(c, depth):
        """Multisets (sorted tuples) of c's components, split up to `depth` levels; the
        character itself first, so that 太 (大 丶) is found one stroke off 大."""
        out = [(c,)]
        for comps in splits.get(c, []):
            variants = [()]
            for comp in comps:
                options = [(comp,)]
                if depth > 1 and comp in splits and comp not in single:
                    options += expand(comp, depth - 1)[:4]
                variants = [v + o for v in variants for o in options][:MAX_SPLITS]
            out.extend(variants)
        seen, unique = set(), []
        for v in out:
            key = tuple(sorted(v))
            if key not in seen:
                seen.add(key)
                unique.append(key)
        return unique[:MAX_SPLITS]

    def stroke_gap(a, b):
        return abs(strokes.get(a, 99) - strokes.get(b, 0))

    def alike_outline(a, b):
        return (structure.get(a) is not None and structure.get(a) == structure.get(b)) or (
            corners.get(a) is not None and corners.get(a) == corners.get(b))

    # Every component that occurs gets its splits too, so that differing components can be
    # compared (犮/发 in 拔/拨).
    components = set(use)
    for c in use:
        for comps in splits.get(c, []):
            components.update(comps)
    variants = {c: expand(c, MAX_DEPTH) for c in components}

    best = {}  # (a, b) with a < b -> (rank, kind)

    def add(a, b, kind):
        # A single stroke (一, 丨) is no character one mistakes another for.
        if kind in args.without or a == b or stroke_gap(a, b) > 2 or min(strokes.get(a, 0), strokes.get(b, 0)) < 2:
            return
        key = (a, b) if a < b else (b, a)
        rank = (KIND_RANK[kind], stroke_gap(a, b))
        if key not in best or rank < best[key][0]:
            best[key] = (rank, kind)

    # same / stroke: index every split, and every split with one single stroke taken out.
    index = defaultdict(set)  # multiset -> {(char, a stroke was taken out)}
    for c in components:
        # Only the splits the data gives (and the character itself): two levels down, strokes
        # swap in and out between characters that do not look alike at all (太 人一丶, 什 人一丨).
        direct = [(c,)] + [tuple(sorted(s)) for s in splits.get(c, [])]
        for v in direct:
            index[v].add((c, False))
            for i, x in enumerate(v):
                if x in single and len(v) > 1:
                    index[v[:i] + v[i + 1:]].add((c, True))
    stroke_similar = defaultdict(set)
    for v, group in index.items():
        strokes_only = all(x in single for x in v)
        for (a, cut_a), (b, cut_b) in itertools.combinations(sorted(group), 2):
            # Two strokes on strokes alone (人 丿㇏ vs 八) is too little to go by.
            if a == b or (cut_a and cut_b and strokes_only) or stroke_gap(a, b) > 1:
                continue
            # The same parts in another arrangement look alike only when the outline agrees
            # (日 口一 and 可 丁口 do not).
            if not (alike_outline(a, b)):
                continue
            stroke_similar[a].add(b)
            stroke_similar[b].add(a)
            if a in use and b in use:
                add(a, b, "stroke" if cut_a or cut_b else "same")

    # One component plus up to two strokes (卵 = 卯 丶 丶, 兔 = 免 丶).
    for a in use:
        for comps in splits.get(a, []):
            parts = [x for x in comps if x not in single]
            if len(parts) == 1 and parts[0] in use and 1 <= len(comps) - 1 <= 2:
                add(a, parts[0], "stroke")

    # part: all components but one shared, and the differing ones similar.
    wildcard = defaultdict(list)
    for c in use:
        for v in {tuple(sorted(s)) for s in splits.get(c, [])}:
            for i, x in enumerate(v):
                if x not in single and len(v) > 1:
                    wildcard[v[:i] + v[i + 1:]].append((c, x))
    for rest, members in wildcard.items():
        if len(members) < 2 or all(x in single for x in rest):
            continue
        for (a, x), (b, y) in itertools.combinations(members, 2):
            if a != b and x != y and (y in stroke_similar[x] or
                                      (corners.get(x) and corners.get(x) == corners.get(y))):
                if stroke_gap(a, b) <= 1 and alike_outline(a, b):
                    add(a, b, "part")

    # corners: same four-corner code and structure, close in strokes, a component in common.
    by_code = defaultdict(list)
    for c in use:
        if corners.get(c):
            by_code[(corners[c], structure.get(c))].append(c)
    for group in by_code.values():
        for a, b in itertools.combinations(group, 2):
            if stroke_gap(a, b) > 1:
                continue
            parts_a = {x for v in variants[a] for x in v if x not in single}
            parts_b = {x for v in variants[b] for x in v if x not in single}
            if parts_a & parts_b:
                add(a, b, "corners")

    # simple: characters with no component but strokes (人 丿乀, 入 乁丿), which the kinds above
    # cannot compare: the same four-corner code and one stroke apart at most (人/入/八, 于/干).
    def is_simple(c):
        return all(x in single for comps in splits.get(c, []) for x in comps)

    by_simple_code = defaultdict(list)
    for c in use:
        if corners.get(c) and is_simple(c):
            by_simple_code[corners[c][:4]].append(c)
    for group in by_simple_code.values():
        for a, b in itertools.combinations(sorted(group), 2):
            if stroke_gap(a, b) <= 1:
                add(a, b, "simple")

    # slot (similar-radicals.txt, see above). The same radical with another body (拔/抨) is no
    # such slip: `part` covers the bodies that look alike. The four-corner code must agree on
    # at least one outer corner of the body's side, so that the body stands in the same place.
    side_digits = {("1", 0): (0, 2), ("1", 1): (1, 3), ("2", 0): (0, 1), ("2", 1): (2, 3)}
    radical = read_table("pianpangbushou_2w.txt")
    radical_forms = {"亻": "人", "扌": "手", "氵": "水", "忄": "心", "纟": "糹", "讠": "言",
                     "钅": "金", "饣": "食", "礻": "示", "衤": "衣", "牜": "牛", "犭": "犬",
                     "阝": "阜", "刂": "刀", "攵": "攴", "艹": "艸", "⺮": "竹", "罒": "网"}

    def is_radical(c, comp):
        r = radical.get(c)
        return r is not None and (comp == r or radical_forms.get(comp) == r or
                                  radical_forms.get(r) == comp)

    loose = {}  # (a, b) with a < b -> rank
    by_slot = defaultdict(list)  # (structure, shared place, shared component) -> [(char, other)]
    for c in use:
        st = structure.get(c)
        if st not in ("1", "2"):
            continue
        for comps in splits.get(c, []):
            if len(comps) != 2 or any(x in single for x in comps):
                continue
            for place in (0, 1):
                if is_radical(c, comps[1 - place]) and not is_radical(c, comps[place]):
                    by_slot[(st, place, comps[place])].append((c, comps[1 - place]))
    for (st, place, shared), members in by_slot.items():
        if strokes.get(shared, 0) < 3 or len(members) < 2:
            continue
        digits = side_digits[(st, place)]
        for (a, x), (b, y) in itertools.combinations(sorted(set(members)), 2):
            if a == b or x == y or stroke_gap(x, y) > 1 or stroke_gap(a, b) > 1:
                continue
            ca, cb = corners.get(a, ""), corners.get(b, "")
            if len(ca) < 4 or len(cb) < 4 or all(ca[d] != cb[d] for d in digits):
                continue
            if "slot" not in args.without and a in use and b in use:
                loose[(a, b) if a < b else (b, a)] = (KIND_RANK["slot"], stroke_gap(a, b))

    # phonetic: a radical and the same sound component, the pair attested as sounding alike.
    # The stroke gap does not matter here (宵 10, 霄 15), so this does not go through add().
    alike = sound_alike()
    by_phonetic = defaultdict(set)
    for c in use:
        for comps in splits.get(c, []):
            if len(comps) == 2 and radical.get(c) in comps:
                sound_part = comps[1] if comps[0] == radical[c] else comps[0]
                if sound_part not in (c, radical[c]) and \
                        strokes.get(sound_part, 0) >= MIN_PHONETIC_STROKES:
                    by_phonetic[sound_part].add(c)
    for group in by_phonetic.values():
        for a, b in itertools.combinations(sorted(group), 2):
            if "phonetic" not in args.without and b in alike[a] and (a, b) not in best:
                best[(a, b)] = ((KIND_RANK["phonetic"], stroke_gap(a, b)), "phonetic")

    write_table(args.out, {key: rank for key, (rank, _) in best.items()},
                "Characters of similar shape (形近字), closest first.")
    write_table(args.loose_out, {key: rank for key, rank in loose.items() if key not in best},
                "Characters of the same body under a similar radical (组/姐, 牧/枚): looser than\n"
                "# similar-shapes.txt, for rules that have other evidence.")


def write_table(path, ranked, what):
    """Writes `ranked` ((a, b) -> rank) as "char<TAB>similar chars", closest first."""
    similar = defaultdict(list)
    for (a, b), rank in ranked.items():
        similar[a].append((rank, b))
        similar[b].append((rank, a))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    pairs = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# {what} Generated by\n"
                "# scripts/build_similar_shapes.py from the component data of 開放詞典\n"
                "# (kfcd/chaizi, kaifangcidian.com, CC BY 3.0) and houbb/nlp-hanzi-similar\n"
                "# (four-corner codes, structure, stroke counts; Apache-2.0); do not edit by hand.\n"
                "# Columns: char<TAB>similar characters\n")
        for c in sorted(similar):
            near = [b for _, b in sorted(similar[c])][:MAX_PER_CHAR]
            pairs += len(near)
            f.write(f"{c}\t{''.join(near)}\n")
    print(f"{path}: {len(similar)} characters, {pairs} entries")


if __name__ == "__main__":
    main()
