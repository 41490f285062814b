#!/usr/bin/env python3
"""Builds the name lists of rule type title_name (expression-official-name and
expression-foreign-leader-name): officials below the national leaders, and foreign heads of
state and government, whose names are checked where a title stands right before them.

  officials-names.txt         names of provincial and city leaders and Central Committee
                              members (1995-2015), and the diplomats of diplomats.txt (hand
                              list), from the Chinese Political Elite Database
                              (CPED, Jiang Junyan 2018): its background1.csv and
                              no_background2.csv as published in the public GitHub repository
                              luciasalar/government_officials (commit c14ef71). The database
                              is not in ../shared/data: pass the folder holding the two files.
  officials-name-words.txt    near misses of those names that are words or names in their own
                              right (jieba's dictionary, ECSpell's historical people, a name
                              of the list): such a form beside a provincial title is more
                              likely another person than a slip, and stays quiet.
  officials-confusion.txt     the same-sound and similar-shape characters of every name's
                              characters (as leader-confusion.txt is built for the leaders).
  foreign-leaders-names.txt   the names of foreign-leaders.txt (hand list), for the rule.
  foreign-leaders-titles.txt  their countries with their titles (美国总统), for the rule.
  officials-boundary-words.txt  two-character words of jieba's dictionary with a frequency of
                              at least BOUNDARY_MIN_FREQ: a name ends before a letter that
                              makes one with the next (副省长王晓出席 is 王晓 + 出席, not a slip
                              of 王晓初).

Prints how many names jieba's dictionary or the gov-text corpus hold (names checked against
public sources) and how many names of the list are themselves a near miss of another listed
name (the namesake rate among officials, which bounds the rule's false alarms on officials the
list lacks).
Usage: python3 scripts/build_official_lists.py /path/to/government_officials
"""
import csv
import io
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dictlib  # noqa: E402
from build_leader_forms import read_confusion  # noqa: E402

EXPR = os.path.join(dictlib.DICT_DIR, "expression")
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
# 出席 has 4001, 主持 and 会见 more; at 300 the list has ~12,000 words.
BOUNDARY_MIN_FREQ = 300


def cped_names(folder):
    """Names of the CPED, without the disambiguating remark in brackets (李建国(山东省))."""
    names = set()
    for fname in ("background1.csv", "no_background2.csv"):
        path = os.path.join(folder, fname)
        if not os.path.exists(path):
            sys.exit(f"{path}: not found (the CPED files of luciasalar/government_officials)")
        text = "\n".join(dictlib.read_lines(path))
        rows = list(csv.reader(io.StringIO(text)))
        if not rows or len(rows[0]) < 2 or rows[0][1] != "姓名":
            sys.exit(f"{path}: no 姓名 column where the CPED has it (second column)")
        for row in rows[1:]:
            if len(row) > 1:
                name = re.sub(r"[(（].*?[)）]", "", row[1]).strip()
                if HAN.match(name):
                    names.add(name)
    return names


def diplomats():
    """Names of diplomats.txt (hand list: name<TAB>offices<TAB>source)."""
    names = set()
    for line in dictlib.read_lines(os.path.join(EXPR, "diplomats.txt")):
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) != 3 or not HAN.match(parts[0]) or not parts[2].strip():
                sys.exit(f"diplomats.txt: '{line}': want name<TAB>offices<TAB>source")
            names.add(parts[0])
    return names


def foreign_leaders():
    """(country+title, name) of foreign-leaders.txt."""
    out = []
    for line in dictlib.read_lines(os.path.join(EXPR, "foreign-leaders.txt")):
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) < 3:
                sys.exit(f"foreign-leaders.txt: '{line}': want country<TAB>titles<TAB>name")
            out.append((parts[0], parts[1].split("、"), parts[2]))
    return out


def confusion_for(names):
    sound = read_confusion(os.path.join(EXPR, "confusion_chars.txt"))
    shape = read_confusion(os.path.join(dictlib.DICT_DIR, "shape", "similar-shapes.txt"))
    out = {}
    for c in sorted({c for n in names for c in n}):
        merged = sound.get(c, []) + [x for x in shape.get(c, []) if x not in sound.get(c, [])]
        if merged:
            out[c] = merged
    return out


def near_misses(name, confusion):
    """What the rule reports as a slip of `name`: a confusable character replaced, two
    adjacent characters swapped."""
    out = set()
    for i, c in enumerate(name):
        for x in confusion.get(c, []):
            out.add(name[:i] + x + name[i + 1:])
    for i in range(len(name) - 1):
        out.add(name[:i] + name[i + 1] + name[i] + name[i + 2:])
    out.discard(name)
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    cped = cped_names(sys.argv[1])
    envoys = diplomats()
    dictlib.log(f"diplomats: {len(envoys)} names, {len(envoys - cped)} not in the CPED list")
    officials = cped | envoys
    foreign = foreign_leaders()
    foreign_names = sorted({n for _, _, n in foreign})
    jieba = dictlib.jieba_dict()
    hist = {line.split("\t")[0]
            for line in dictlib.read_lines(dictlib.data_path("wordlists", "历史名人.txt"))}
    texts = dictlib.clean_texts()
    in_text = dictlib.count_in_texts(officials | set(foreign_names), texts)
    dictlib.log(f"officials: {len(officials)} names; in jieba's dictionary "
                f"{sum(n in jieba for n in officials)}, in gov-text {sum(n in in_text for n in officials)}")
    missing = [n for n in foreign_names if n not in jieba and n not in in_text]
    dictlib.log(f"foreign leaders: {len(foreign_names)} names; in neither jieba nor gov-text "
                f"({len(missing)}, checked by hand): {' '.join(missing)}")

    confusion = confusion_for(officials | set(foreign_names))
    checked = sorted(n for n in officials if len(n) >= 3)
    words = set()
    collide = 0
    for n in foreign_names:
        words |= {m for m in near_misses(n, confusion) if m in jieba or m in hist}
    for n in checked:
        misses = near_misses(n, confusion)
        hit = {m for m in misses if m in jieba or m in hist or m in officials}
        if any(m in officials for m in misses):
            collide += 1
        words |= hit
    dictlib.log(f"officials of 3+ characters: {len(checked)}; a near miss of another listed "
                f"name: {collide} ({100.0 * collide / len(checked):.1f} %); near misses that "
                f"are words or names: {len(words)}")

    src = ("Chinese Political Elite Database (CPED v1.0, Jiang Junyan 2018, cite: Jiang, "
           "Making Bureaucracy Work, AJPS 2018), files background1.csv and no_background2.csv "
           "of github.com/luciasalar/government_officials (commit c14ef71); no licence stated, "
           "names of public officials are public facts.")
    dictlib.write_list(
        os.path.join(EXPR, "officials-names.txt"),
        ["Names of Chinese officials below the national leaders: provincial party secretaries",
         "and governors 1995-2015, provincial standing committee members 2000-2012, city party",
         "secretaries and mayors 2000-2015, Central Committee members 1997-2012; and China's",
         "diplomats of diplomats.txt (hand list from www.mfa.gov.cn, see its header). For rule",
         "expression-official-name. Source: " + src,
         "Generated by scripts/build_official_lists.py; do not edit."],
        sorted(officials))
    dictlib.write_list(
        os.path.join(EXPR, "officials-name-words.txt"),
        ["Near misses of officials-names.txt and foreign-leaders-names.txt that are words or",
         "names of their own: in jieba's",
         "dictionary (MIT, fxsjy/jieba), ECSpell's historical-people list (MIT) or the list",
         "itself. Beside a provincial title they are more likely another person than a slip.",
         "Generated by scripts/build_official_lists.py; do not edit."],
        sorted(words))
    dictlib.write_list(
        os.path.join(EXPR, "officials-confusion.txt"),
        ["Confusable characters of officials' and foreign leaders' names, for rule type",
         "title_name: char<TAB>chars, the same sound and similar shapes of confusion_chars.txt",
         "(pycorrector, Apache-2.0) and then the similar shapes of shape/similar-shapes.txt",
         "(chaizi, nlp-hanzi-similar; see dictionaries/README.md).",
         "Generated by scripts/build_official_lists.py; do not edit."],
        [c + "\t" + "".join(v) for c, v in sorted(confusion.items())])
    dictlib.write_list(
        os.path.join(EXPR, "foreign-leaders-names.txt"),
        ["Names of foreign-leaders.txt, for rule expression-foreign-leader-name.",
         "Generated by scripts/build_official_lists.py; do not edit."],
        foreign_names)
    dictlib.write_list(
        os.path.join(EXPR, "officials-boundary-words.txt"),
        [f"Two-character words with a frequency of at least {BOUNDARY_MIN_FREQ} in jieba's dict.txt",
         "(fxsjy/jieba, MIT), for rule type title_name: a name ends before a letter that makes",
         "one of them with the next.",
         "Generated by scripts/build_official_lists.py; do not edit."],
        sorted(w for w, f in jieba.items() if len(w) == 2 and HAN.match(w) and f >= BOUNDARY_MIN_FREQ))
    titles = sorted({c + t for c, ts, _ in foreign for t in ts})
    dictlib.write_list(
        os.path.join(EXPR, "foreign-leaders-titles.txt"),
        ["Country + title of foreign-leaders.txt (美国总统), after which rule",
         "expression-foreign-leader-name checks the name.",
         "Generated by scripts/build_official_lists.py; do not edit."],
        titles)


if __name__ == "__main__":
    main()
