#!/usr/bin/env python3
"""Builds the expression data that is derived, and checks the hand-written canonical list.

Writes:
  dictionaries/expression/confusion_chars.txt  char<TAB>confusable chars, for rule
      expression-canonical: same-tone homophones (same_pinyin.txt) and similar shapes
      (same_stroke.txt) among the 3,502 common characters; numerals are left out on purpose
      (十八大 / 十九大 are both right, a numeral is never a near-miss of another).
  dictionaries/sensitive/allow/places.txt  place names (地名.txt, ECSpell, MIT), three or more
      Han characters (two-character entries are mostly ordinary words: 黄花, 大城).

Checks dictionaries/expression/canonical.txt (hand-written, reviewed): every form at least
four characters and unique, then simulates the near-miss search of the engine (one confusable
substitution, omission of one interior character, insertion of one Han character) on the clean
gov-text corpus and prints every near-miss that is not inside an exact canonical occurrence —
each is a false alarm to fix (drop or rethink the form).
Usage: python3 scripts/build_expression_lists.py [--quiet]
"""

import os
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dictlib  # noqa: E402

EXPR = os.path.join(dictlib.DICT_DIR, "expression")
INSERT_EXCLUDE = "的之和与及同了等"
INSERTABLE = "(?![" + INSERT_EXCLUDE + "])[\u4e00-\u9fff]"
NUMERALS = set("〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾")


def build_confusions():
    common = set(dictlib.read_lines(dictlib.data_path("confusion", "common_char_set.txt")))
    conf = defaultdict(set)
    for line in dictlib.read_lines(dictlib.data_path("confusion", "same_pinyin.txt")):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] in common:
            conf[parts[0]].update(c for c in parts[1] if c in common)
    for line in dictlib.read_lines(dictlib.data_path("confusion", "same_stroke.txt")):
        chars = [c for c in line.split("\t") if len(c) == 1 and c in common]
        for c in chars:
            conf[c].update(chars)
    out = {}
    for c, s in conf.items():
        if c in NUMERALS:
            continue
        s = sorted(x for x in s if x != c and x not in NUMERALS)
        if s:
            out[c] = s
    return out


def load_canonical():
    forms = []
    seen = set()
    for n, line in enumerate(dictlib.read_lines(os.path.join(EXPR, "canonical.txt")), 1):
        if not line or line.startswith("#"):
            continue
        if len(line) < 4:
            sys.exit("canonical.txt:%d: %s is shorter than four characters" % (n, line))
        if line in seen:
            sys.exit("canonical.txt:%d: %s listed twice" % (n, line))
        seen.add(line)
        forms.append(line)
    return forms


def near_miss_regex(form, conf):
    alts = []
    for i, ch in enumerate(form):
        cs = conf.get(ch)
        if cs:
            alts.append(re.escape(form[:i]) + "[" + "".join(cs) + "]" + re.escape(form[i + 1:]))
    # Mirrors the engine's defaults (min_length_omission / min_length_insertion 5 and
    # insert_exclude of canonical.yml).
    if len(form) >= 5:
        for i in range(1, len(form) - 1):
            alts.append(re.escape(form[:i] + form[i + 1:]))
        for i in range(1, len(form)):
            alts.append(re.escape(form[:i]) + INSERTABLE + re.escape(form[i:]))
    return re.compile("|".join(alts))


def simulate(forms, conf, texts, quiet):
    total = 0
    per_form = {}
    regexes = [(f, near_miss_regex(f, conf)) for f in forms]
    form_set = set(forms)
    for text in texts:
        spans = []
        for f in forms:
            start = text.find(f)
            while start >= 0:
                spans.append((start, start + len(f)))
                start = text.find(f, start + 1)
        spans.sort()
        for f, rx in regexes:
            for m in rx.finditer(text):
                s, e = m.start(), m.end()
                if m.group(0) in form_set:
                    continue
                if any(a < e and s < b for a, b in spans):  # overlaps an exact form
                    continue
                total += 1
                per_form.setdefault(f, []).append(text[max(0, s - 8):e + 8].replace("\n", " "))
    print("canonical near-miss hits on the clean corpus: %d" % total)
    for f, ctx in sorted(per_form.items(), key=lambda x: -len(x[1])):
        print("  %-20s %4d  e.g. %s" % (f, len(ctx), " | ".join(ctx[:3]) if not quiet else ""))
    return total


def build_places():
    out = []
    seen = set()
    for line in dictlib.read_lines(dictlib.data_path("wordlists", "地名.txt")):
        name = line.split("\t")[0].strip()
        if len(name) >= 3 and all("\u4e00" <= c <= "\u9fff" for c in name) and name not in seen:
            seen.add(name)
            out.append(name)
    return out


def main():
    quiet = "--quiet" in sys.argv
    conf = build_confusions()
    dictlib.write_list(os.path.join(EXPR, "confusion_chars.txt"), [
        "Confusable characters for rule expression-canonical: char<TAB>chars.",
        "Generated by scripts/build_expression_lists.py from same_pinyin.txt (same tone) and",
        "same_stroke.txt (shibing624/pycorrector, Apache-2.0), restricted to the 3,502 common",
        "characters (common_char_set.txt); numerals left out.",
    ], [c + "\t" + "".join(s) for c, s in sorted(conf.items())])
    places = build_places()
    dictlib.write_list(os.path.join(dictlib.DICT_DIR, "sensitive", "allow", "places.txt"), [
        "Place names: no typo or sensitive finding inside them (rule allow-places).",
        "Generated by scripts/build_expression_lists.py from 地名.txt of aopolin-lv/ECSpell",
        "(MIT); entries of three or more Han characters.",
    ], places)
    forms = load_canonical()
    print("confusion_chars.txt: %d characters; places.txt: %d; canonical forms: %d" % (
        len(conf), len(places), len(forms)))
    texts = [t for _, t in dictlib.clean_corpus_docs()]
    simulate(forms, conf, texts, quiet)


if __name__ == "__main__":
    main()
