#!/usr/bin/env python3
"""Derives fixed formulations from the authoritative reports for rule
expression-formulation-derived (formulation-derived.yml, replace_only).

A fixed formulation is a long string that the Party congress reports and the State Council work
reports write again and again, word for word, while ordinary wording varies. This script finds
such strings in ../shared/data/gov-text (cpc_congress_reports.jsonl,
government_work_reports.jsonl) and writes dictionaries/expression/canonical-derived.txt:

  1. Clauses: the reports are cut at every punctuation mark and at every non-Han character, so a
     candidate never crosses a clause boundary.
  2. Recurrence, weighted to the present: a Han string of 6 to 16 characters is a candidate
     when it occurs in at least MIN_DOCS of the recent reports (the 18th, 19th and 20th congress
     reports, the work reports from 2013 on) with a weight of at least MIN_WEIGHT, where the
     20th congress report (2022) and the work reports 2018-2022 count double. Of a candidate and
     a longer candidate that contains it with the same documents, only the longer is kept.
  3. Generic strings out: a candidate is dropped when it starts or ends with a function
     character (的, 和, 在...), when it is made of common words that vary in use (GENERIC
     below: 进一步, 不断...), and when the whole corpus (every report since 1954) holds another
     string one character apart (a replaced, dropped or added character, or two neighbours
     swapped): such a form has correct variants (推动/推进高质量发展), and the near-miss rule
     would report them.
  4. Forms already in canonical.txt, or contained in one of its forms, are left out.
  5. The result is reviewed by hand: strings judged ordinary wording rather than a formulation
     are listed in scripts/data/formulation-rejects.txt (one a line) and never written.

Also writes dictionaries/expression/syllables.txt: each common character (levels 1 and 2 of
the 通用规范汉字表, kTGH) with its customary toneless reading (the first of kMandarin), from the
Unicode Han database as Debian's unicode-data package installs it (Unicode License). The
canonical rule uses it for a pinyin input method's slip of a whole word: two neighbouring
characters of a long formulation replaced by two of the same syllables (敬业奉献 written
精液奉献), which no confusion list of single characters holds (敬 jìng / 精 jīng differ in tone).

Usage: python3 scripts/build_formulation_forms.py [--print]
"""

import json
import os
import unicodedata
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dictlib  # noqa: E402

EXPR = os.path.join(dictlib.DICT_DIR, "expression")
OUT = os.path.join(EXPR, "canonical-derived.txt")
MIN_LEN, MAX_LEN = 6, 16
MIN_DOCS = 3
MIN_WEIGHT = 4
# Characters a formulation does not begin or end with: function words and verbs of linkage
# whose presence marks a cut through running text, not a fixed string.
EDGE = set("的了和与及并或在对把被将从以为是而也就都还又再要使让给向于着过之其等")
# Strings of ordinary wording that recur in every report without being a formulation.
GENERIC = re.compile(
    "进一步|不断|继续|切实|努力|大力|加快|加强|积极|认真|深入|扎实|全面|推动|推进|促进|提高|"
    "增加|减少|比上年|百分之|同比|亿元|万人|以上|以下|左右|我们|今年|去年|明年|一年|五年|"
    "各级|各地|各部门|各方面|有关|工作|问题|情况|方面|措施|政策|进行|开展|实施|落实")
# A formulation is cited intact; these recurring strings start with a generic verb but are
# fixed names of their own, so GENERIC does not rule them out.
NAMED = re.compile("主义|思想|战略|体系|制度|一体|国家|中华民族|人民|党的|党中央|中国特色|现代化|"
                   "共同体|工程|行动|方针|基本国策|原则|精神|道路|自信|意识|文明|全会|大会")


def docs():
    """(doc_id, weight or 0 for old reports, text) for every report."""
    out = []
    base = dictlib.data_path("gov-text")
    with open(os.path.join(base, "cpc_congress_reports.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f):
            d = json.loads(line)
            c = int(d.get("congress") or 0)
            w = 2 if c == 20 else 1 if c >= 18 else 0
            out.append(("cpc%d-%d" % (c, n), w, d.get("content", "")))
    with open(os.path.join(base, "government_work_reports.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f):
            d = json.loads(line)
            y = int(d["year"]) if d.get("year") else 0
            w = 2 if 2018 <= y <= 2022 else 1 if y >= 2013 else 0
            out.append(("gwr%d-%d" % (y, n), w, d.get("content", "")))
    return out


def clauses(text):
    return [c for c in re.split(r"[^\u4e00-\u9fff]+", text) if len(c) >= MIN_LEN]


def candidates(reports):
    where = defaultdict(set)
    weight = {}
    for doc, w, text in reports:
        if not w:
            continue
        weight[doc] = w
        for c in clauses(text):
            for i in range(len(c)):
                for n in range(MIN_LEN, min(MAX_LEN, len(c) - i) + 1):
                    where[c[i:i + n]].add(doc)
    kept = {s: d for s, d in where.items()
            if len(d) >= MIN_DOCS and sum(weight[x] for x in d) >= MIN_WEIGHT}
    # Closed strings only: drop s when s plus one letter either side has the same documents.
    closed = {}
    for s, d in kept.items():
        if not any(kept[t] == d for t in _extensions(s, kept)):
            closed[s] = d
    return closed


_ext_index = {}


def _extensions(s, kept):
    if not _ext_index:
        for t in kept:
            _ext_index.setdefault(t[1:], []).append(t)
            _ext_index.setdefault(t[:-1], []).append(t)
    return _ext_index.get(s, [])


def generic(s):
    if s[0] in EDGE or s[-1] in EDGE:
        return True
    if GENERIC.search(s) and not NAMED.search(s):
        return True
    # Short strings are mostly ordinary phrases with correct one-letter variants outside the
    # reports (优化投资结构 / 优化融资结构); below nine letters only named things are kept.
    return len(s) < 9 and not NAMED.search(s)


def fragment(s, corpus):
    """True when s is mostly cut out of one longer string: one same letter stands before (or
    after) at least two thirds of its occurrences (上行动上同以习近平... in 思想上政治上行动上)."""
    for side in (-1, 1):
        seen = defaultdict(int)
        total = 0
        start = corpus.find(s)
        while start >= 0:
            i = start - 1 if side < 0 else start + len(s)
            c = corpus[i] if 0 <= i < len(corpus) else ""
            total += 1
            if "\u4e00" <= c <= "\u9fff":
                seen[c] += 1
            start = corpus.find(s, start + 1)
        if total and seen and max(seen.values()) * 3 >= total * 2:
            return True
    return False


def variants(s):
    """Regex of every string one edit from s (replace, drop, add, swap neighbours)."""
    alts = []
    for i in range(len(s)):
        alts.append(re.escape(s[:i]) + "(?!" + re.escape(s[i]) + ")[\u4e00-\u9fff]" +
                    re.escape(s[i + 1:]))
    for i in range(1, len(s) - 1):
        alts.append(re.escape(s[:i] + s[i + 1:]))
    for i in range(1, len(s)):
        alts.append(re.escape(s[:i]) + "[\u4e00-\u9fff]" + re.escape(s[i:]))
    for i in range(len(s) - 1):
        if s[i] != s[i + 1]:
            alts.append(re.escape(s[:i] + s[i + 1] + s[i] + s[i + 2:]))
    return re.compile("|".join(alts))


def has_variant(s, corpus):
    rx = variants(s)
    for m in rx.finditer(corpus):
        v = m.group(0)
        if v == s or s in v:
            continue
        # A variant that is the form plus a letter outside it is the form itself in context.
        return v
    return None


def canonical_forms():
    out = []
    for line in dictlib.read_lines(os.path.join(EXPR, "canonical.txt")):
        if line and not line.startswith("#"):
            out.append(line)
    return out


def syllables(folder="/usr/share/unicode"):
    reading = {}
    for c, v in dictlib.unihan_field("Readings", "kMandarin", folder).items():
        plain = "".join(ch for ch in unicodedata.normalize("NFD", v.split()[0])
                        if not unicodedata.combining(ch) or ch == "\u0308")
        reading[c] = plain.replace("u\u0308", "v")
    level = dictlib.tgh_numbers(folder)
    return sorted((c, r) for c, r in reading.items() if level.get(c, 9999) <= 6500)


def main():
    chars = syllables()
    dictlib.write_list(os.path.join(EXPR, "syllables.txt"), [
        "Common characters (通用规范汉字表 levels 1-2) and their customary toneless reading, for",
        "rules expression-canonical and expression-formulation-derived (a whole word of a long",
        "formulation typed with the wrong characters of the same syllables).",
        "Generated by scripts/build_formulation_forms.py from",
        "the Unicode Han database (Unihan_Readings kMandarin, Unihan_OtherMappings kTGH; Debian",
        "unicode-data; Unicode License).",
    ], ["%s\t%s" % (c, r) for c, r in chars])
    reports = docs()
    corpus = "\n".join(t for _, _, t in reports)
    recent = "\n".join(t for _, w, t in reports if w)
    cands = candidates(reports)
    canon = canonical_forms()
    rejects = set(dictlib.read_review_list("formulation-rejects.txt"))
    out = []
    dropped = defaultdict(int)
    for s in sorted(cands, key=lambda x: (-len(cands[x]), x)):
        if generic(s):
            dropped["generic"] += 1
            continue
        if any(s in f for f in canon):
            dropped["in canonical.txt"] += 1
            continue
        if fragment(s, recent):
            dropped["part of a longer string"] += 1
            continue
        if s in rejects:
            dropped["rejected on review"] += 1
            continue
        v = has_variant(s, corpus)
        if v:
            dropped["has a variant in the corpus"] += 1
            continue
        out.append(s)
    # A derived form inside another derived form adds nothing the longer one does not catch
    # except on its own; keep both only when the shorter recurs outside the longer.
    out.sort()
    if "--print" in sys.argv:
        for s in out:
            print(s, len(cands[s]))
    dictlib.write_list(OUT, [
        "Fixed formulations derived from the State Council work reports and the CPC congress",
        "reports (../shared/data/gov-text, public documents of the PRC; the wording of official",
        "documents is not subject to copyright) for rule expression-formulation-derived.",
        "Generated by scripts/build_formulation_forms.py: clause strings of 6-16 Han characters",
        "recurring in recent reports, generic wording and strings with a one-edit variant in the",
        "corpus left out, reviewed (rejects in scripts/data/formulation-rejects.txt).",
    ], out)
    print("%d candidates, %d written to %s; dropped: %s" % (
        len(cands), len(out), os.path.relpath(OUT, dictlib.REPO), dict(dropped)))


if __name__ == "__main__":
    main()
