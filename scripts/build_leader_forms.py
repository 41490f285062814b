#!/usr/bin/env python3
"""Builds dictionaries/expression/leader-forms.txt from leaders-history.txt: every office with
the name after it (国务院总理李强), in each official wording of the office
(leader-title-variants.txt: 中华人民共和国副主席习近平 as well as 国家副主席习近平), and, for
names of three characters, the name with 同志 (习近平同志). Rule expression-leader-name (type canonical) reports near misses of these forms:
a name written one character off next to its title.

Also builds, for rule expression-leader-bare-name (a name of three characters one confusable
character off or two characters swapped, with no title beside it):
  leader-names.txt       the names of three characters;
  leader-list-names.txt  all names, which make a list context (习近平、李克勤、张德江);
  leader-context-names.txt  the names of the supreme offices, whose last letter written as any
                         other character is reported where the sentence shows the leader;
  leader-context-namesakes.txt  those slips that are somebody's name (need an office cue);
  leader-name-words.txt  their near misses that are words or names in their own right: in
                         jieba's dictionary (which lists well-known people: 李克勤) or written in
                         the clean text (clean_texts()). Such a form says nothing about a leader.
  and, for leaders below the supreme offices (SUPREME_OFFICES, or a seat on the current
  Politburo Standing Committee), the near misses whose given name is itself a plausible given
  name (plausible_given_name): 刘国忠, 李德升 are more likely other people than slips for
  刘国中, 李德生, and are checked only beside a title or 同志. A slip of 习近平 or 温家宝 stays
  reported bare (温家室), since those names are written far more often than any namesake's.
The near misses are generated as the rule generates them: each character replaced by one of
its confusable characters (leader-confusion.txt, written here: the same sound and similar
shapes), or two adjacent characters swapped.

Also checks that every name occurs in the
gov-text corpus or in jieba's dictionary, and prints those that do not (to verify by hand).
Usage: python3 scripts/build_leader_forms.py
"""
import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dictlib  # noqa: E402

EXPR = os.path.join(dictlib.DICT_DIR, "expression")


# Offices that do not make a name stand for a leader on its own: many local officials share
# the names of ordinary Politburo members and vice chairs (李建国, 王刚), so those names are
# checked only beside their titles, never bare or with 同志 (李建华同志 is someone else).
MINOR_OFFICES = re.compile(
    r"^(中央政治局委员|中央政治局候补委员|中共中央局委员|全国人大常委会副委员长|全国政协副主席|中央政法委书记|"
    r"国家监察委员会主任|中央顾问委员会副主任|国家计划委员会主席|中国科学院院长|.*部部长)$")


def is_top(titles):
    """Whether the person held an office that makes the bare name mean the leader."""
    return any(not MINOR_OFFICES.match(t) for t in titles)


# Offices whose holders are named so often that a slip of the name is far likelier than a
# namesake: their near misses are reported bare even when they look like ordinary names.
SUPREME_OFFICES = re.compile(
    r"^(中共中央总书记|中共中央主席|国家主席|中华人民共和国主席|中央人民政府主席|国务院总理|"
    r"政务院总理|全国人大常委会委员长|全国政协主席|中央军委主席|中华人民共和国名誉主席)$")


def is_supreme(offices):
    """offices: the raw office(years) strings. A supreme office, or a current PSC seat."""
    for o in offices:
        title = re.sub(r"\(.*?\)", "", o).strip()
        if SUPREME_OFFICES.match(title):
            return True
        if title == "中央政治局常委" and re.search(r"-\)$", o):
            return True
    return False


# A given-name character is "common" at its position when at least this many distinct
# three-character personal names have it there. Measured on the near misses of the list:
# 刘国忠 (国 418, 忠 106) and 何立锋 (128, 32) pass, 温家室 (室 9), 习平近 (近 3) and 张国情
# (情 10) do not.
MIN_GIVEN_NAME_COUNT = 20


def given_name_counts():
    """Per position, how many distinct three-character personal names (jieba's `nr` words
    and the historical-people list, whose surname is a surname of at least five of them)
    have each character as first and as second character of the given name. A hand list of
    given names would be shorter-lived than these counts of real names."""
    names = set()
    with open(dictlib.data_path("frequency", "dict.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[2] == "nr" and len(parts[0]) == 3:
                names.add(parts[0])
    hist = [line.split("\t")[0]
            for line in dictlib.read_lines(dictlib.data_path("wordlists", "历史名人.txt"))]
    hist = [n for n in hist if len(n) == 3]
    names.update(hist)
    surnames = collections.Counter(n[0] for n in hist)
    names = [n for n in names if surnames[n[0]] >= 5]
    return (collections.Counter(n[1] for n in names), collections.Counter(n[2] for n in names))


def plausible_given_name(name, near, counts):
    """Whether `near`, a near miss of `name` in its given name only, reads as a real name."""
    if near[0] != name[0]:
        return False
    first, second = counts
    return (first[near[1]] >= MIN_GIVEN_NAME_COUNT and
            second[near[2]] >= MIN_GIVEN_NAME_COUNT)


# How a leader is named with the title after the name (李强总理, 习近平总书记, 王沪宁主席): the
# office's head word, for the offices whose head word alone names a national office or is
# said of a leader by his name. Others are left out: 书记 and 委员 after a name are said of local
# officials too (蔡奇书记 is mostly not written; 李强书记 is somebody's county secretary).
POST_TITLES = [
    (re.compile(r"^中共中央总书记$"), "总书记"),
    (re.compile(r"^(国务院|政务院)总理$"), "总理"),
    (re.compile(r"^(国务院|政务院)(常务)?副总理$"), "副总理"),
    (re.compile(r"^全国人大常委会委员长$"), "委员长"),
    (re.compile(r"^(中共中央|国家|中华人民共和国|中央人民政府|全国政协|中央军委)主席$"), "主席"),
    (re.compile(r"^(中共中央|国家|中华人民共和国|中央人民政府|中央军委)副主席$"), "副主席"),
]
# Titles of any chairman or vice chairman (a county's 政协主席, a company's 副主席): a name of
# two characters one letter off before them is mostly that other person (王X副主席).
GENERIC_POST_TITLES = {"主席", "副主席"}


def post_titles(name, titles):
    """The titles said after `name` (see POST_TITLES), for rule expression-leader-name-title."""
    out = set()
    for t in titles:
        for pattern, post in POST_TITLES:
            if pattern.match(t) and (len(name) >= 3 or post not in GENERIC_POST_TITLES):
                out.add(post)
    return sorted(out)


# jieba's dictionary was counted from web text and holds some leaders' names as they were
# misspelt there, tagged as person names (毛译东 2, 温家保 3, 王歧山 3, 李济琛 8). Such an
# entry is far rarer than the name it is one off (毛泽东 8,994, 温家宝 276, 王岐山 23, 李济深
# 99: at most 0.13 of it), while a namesake of its own is about as frequent (the opera actor
# 田际云 5, the vice premier 田纪云 9: 0.56). Below this share of the name, a jieba entry is
# taken for a misspelling, not for somebody's name.
MIN_NAMESAKE_SHARE = 0.25


def misspelt_in_jieba(word, names, jieba):
    """Whether jieba's `word`, one off each of the leaders' `names`, is their misspelling."""
    return any(jieba.get(word, 0) < MIN_NAMESAKE_SHARE * jieba.get(n, 0) for n in names)


def read_variants():
    """(short, long) wordings of the offices' bodies, leader-title-variants.txt."""
    out = []
    for line in dictlib.read_lines(os.path.join(EXPR, "leader-title-variants.txt")):
        if line and not line.startswith("#") and "\t" in line:
            short, full = line.split("\t", 1)
            out.append((short, full.strip()))
    return out


def with_variants(title, variants):
    """The title and every wording reached by replacing a body's short name with its long one,
    as rule expression-person-title does (WithVariants in scanner/rules/expression_rules.cc)."""
    out = [title]
    for t in out:
        for short, full in variants:
            if short in t and full not in t:
                v = t.replace(short, full, 1)
                if v not in out:
                    out.append(v)
    return out


def read_confusion(path):
    out = {}
    for line in dictlib.read_lines(path):
        if line and not line.startswith("#") and "\t" in line:
            char, chars = line.split("\t", 1)
            out.setdefault(char, [])
            out[char] += [c for c in chars if c not in " ,\t" and c not in out[char]]
    return out


def leader_confusion(people):
    """What a character of a leader's name is mistyped as: the same sound (confusion_chars.txt,
    which also has some shapes) and a similar shape by the component data
    (shape/similar-shapes.txt: 习/刁). Written to leader-confusion.txt for the two leader
    rules, for the characters of the names only."""
    sound = read_confusion(os.path.join(EXPR, "confusion_chars.txt"))
    shape = read_confusion(os.path.join(dictlib.DICT_DIR, "shape", "similar-shapes.txt"))
    # Names hold characters outside the 3,500 common ones (岐 of 王岐山), which
    # confusion_chars.txt leaves out: their same-sound characters by the Unicode Han database
    # (context-typo/same-sound.txt, one reading and tone: 岐/歧).
    unihan = read_confusion(os.path.join(dictlib.DICT_DIR, "context-typo", "same-sound.txt"))
    chars = sorted({c for name, _ in people for c in name})
    out = {}
    for c in chars:
        merged = list(sound.get(c, []))
        for extra in (unihan.get(c, []), shape.get(c, [])):
            merged += [x for x in extra if x not in merged and x != c]
        if merged:
            out[c] = merged
    dictlib.write_list(
        os.path.join(EXPR, "leader-confusion.txt"),
        ["Confusable characters of leaders' names, for rules expression-leader-name and",
         "expression-leader-bare-name: char<TAB>chars, the same sound and similar shapes of",
         "confusion_chars.txt (pycorrector, Apache-2.0), the same sounds of",
         "context-typo/same-sound.txt (Unihan, Unicode License) and then the similar shapes of",
         "shape/similar-shapes.txt (chaizi, nlp-hanzi-similar; see dictionaries/README.md).",
         "Generated by scripts/build_leader_forms.py; do not edit."],
        [c + "\t" + "".join(out[c]) for c in chars if c in out])
    return out


def main():
    # A long wording that contains the short one (中共中央政治局委员) holds the short form as it
    # is, which the rule finds: forms are written only for the other wordings.
    variants = [(short, full) for short, full in read_variants() if short not in full]
    people = []
    raw = {}
    for line in dictlib.read_lines(os.path.join(EXPR, "leaders-history.txt")):
        if not line or line.startswith("#"):
            continue
        name, offices = line.split("\t")
        raw[name] = offices.split("|")
        titles = [re.sub(r"\(.*?\)", "", o).strip() for o in offices.split("|")]
        people.append((name, [t for t in titles if len(t) >= 2]))
    forms = []
    for name, titles in people:
        for t in titles:
            if t.startswith("中国共产党") or "创始人" in t:
                continue
            forms.extend(v + name for v in with_variants(t, variants))
        if len(name) == 3 and is_top(titles):
            forms.append(name + "同志")
    forms = sorted(set(forms))
    name_first = sorted({name + post for name, titles in people
                         for post in post_titles(name, titles)})
    corpus = "".join(t for _, t in dictlib.clean_corpus_docs())
    jieba = dictlib.jieba_dict()
    for name, _ in people:
        if name not in corpus and name not in jieba:
            dictlib.log("not in gov-text nor jieba, check by hand:", name)
    dictlib.write_list(
        os.path.join(EXPR, "leader-forms.txt"),
        ["Leaders' names with their offices, for rule expression-leader-name.",
         "Generated by scripts/build_leader_forms.py from leaders-history.txt; do not edit."],
        forms)
    dictlib.write_list(
        os.path.join(EXPR, "leader-name-title-forms.txt"),
        ["Leaders' names with the title said after them (李强总理, 习近平总书记: POST_TITLES),",
         "for rule expression-leader-name-title.",
         "Generated by scripts/build_leader_forms.py from leaders-history.txt; do not edit."],
        name_first)
    dictlib.log(len(people), "people,", len(forms), "forms,", len(name_first), "name-first forms")

    names = sorted({name for name, titles in people if len(name) == 3 and is_top(titles)})
    confusable = leader_confusion(people)
    near = set()
    namesakes = set()
    counts = given_name_counts()
    origins = collections.defaultdict(set)  # near miss -> the names it is one off
    for name in names:
        misses = set()
        for i, c in enumerate(name):
            for x in confusable.get(c, []):
                if x != c:
                    misses.add(name[:i] + x + name[i + 1:])
        for i in range(len(name) - 1):
            misses.add(name[:i] + name[i + 1] + name[i] + name[i + 2:])
        near |= misses
        for m in misses:
            origins[m].add(name)
        if not is_supreme(raw[name]):
            namesakes |= {m for m in misses if plausible_given_name(name, m, counts)}
    near -= set(names)
    namesakes -= set(names)
    clean = dictlib.clean_texts()
    seen = set(dictlib.count_in_texts(near, clean))
    recorded = {w for w in near if w in jieba and not misspelt_in_jieba(w, origins[w], jieba)}
    dictlib.log("jieba words taken for misspellings of a leader's name:",
                " ".join(sorted(w for w in near if w in jieba and w not in recorded)))
    words = sorted(w for w in near if w in recorded or w in seen or w in namesakes)
    dictlib.write_list(
        os.path.join(EXPR, "leader-names.txt"),
        ["Leaders' names of three characters, for rule expression-leader-bare-name.",
         "Generated by scripts/build_leader_forms.py from leaders-history.txt; do not edit."],
        names)
    # Every listed name, of two characters or more: in a list of leaders (习近平、李强、赵乐际)
    # a near miss between them is one too, even if it reads as a name (李克勤) or names an
    # ordinary Politburo member.
    dictlib.write_list(
        os.path.join(EXPR, "leader-list-names.txt"),
        ["Names of all listed leaders, for the list context of rule expression-leader-bare-name",
         "(key list_context): a list item one edit off one of them is reported as that name.",
         "Generated by scripts/build_leader_forms.py from leaders-history.txt; do not edit."],
        sorted({name for name, _ in people if len(name) >= 2}))
    # The supreme leaders' names: a slip of the last letter into any character (李克勤) is
    # reported bare where the sentence shows the leader is meant (leader-context-cues.txt).
    dictlib.write_list(
        os.path.join(EXPR, "leader-context-names.txt"),
        ["Names of three characters of the supreme offices (SUPREME_OFFICES, or a seat on the",
         "current Politburo Standing Committee), for key context_names of rule",
         "expression-leader-bare-name: the last character written as any other is reported where",
         "the sentence shows the leader is meant.",
         "Generated by scripts/build_leader_forms.py from leaders-history.txt; do not edit."],
        sorted(n for n in names if is_supreme(raw[n])))
    # Of those slips, the ones that are somebody's name: a person in jieba's dictionary (nr,
    # nrt) or the historical-people list, a name written in the clean text, or a given name as
    # common as real people's (plausible_given_name). They need a supreme office in the
    # sentence, not just an act such a person also performs (江泽慧出席会议).
    known = set()
    with open(dictlib.data_path("frequency", "dict.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[2] in ("nr", "nrt") and len(parts[0]) == 3:
                known.add(parts[0])
    known.update(n for n in (line.split("\t")[0] for line in dictlib.read_lines(
        dictlib.data_path("wordlists", "历史名人.txt"))) if len(n) == 3)
    given_chars = set(counts[1]) | {w[2] for w in known}
    lines = []
    for name in sorted(n for n in names if is_supreme(raw[n])):
        slips = {name[:2] + c for c in given_chars if c != name[2]}
        seen_slips = set(dictlib.count_in_texts(slips, clean))
        last = sorted(w[2] for w in slips
                      if w in known or w in seen_slips or plausible_given_name(name, w, counts))
        if last:
            lines.append(name[:2] + "\t" + "".join(last))
    dictlib.write_list(
        os.path.join(EXPR, "leader-context-namesakes.txt"),
        ["Slips of leader-context-names.txt that are somebody's name: first two letters<TAB>last",
         "letters. A person in jieba's dictionary (MIT, fxsjy/jieba) or ECSpell's historical-people",
         "list (MIT), a name in the clean gov-text corpus, or a given name as common as real",
         "people's. For key context_namesakes of rule expression-leader-bare-name.",
         "Generated by scripts/build_leader_forms.py; do not edit."],
        lines)
    dictlib.write_list(
        os.path.join(EXPR, "leader-name-words.txt"),
        ["Near misses of leaders' names that are words or names of their own: in jieba's",
         "dictionary (MIT, fxsjy/jieba), in the clean gov-text corpus, or, below the supreme",
         "offices, a given name as common as real people's (jieba's person names and the",
         "historical-people list of ECSpell, MIT). Rule expression-leader-bare-name does not",
         "report them; beside a title or 同志 expression-leader-name still does.",
         "Generated by scripts/build_leader_forms.py; do not edit."],
        words)
    dictlib.log(len(names), "names of three characters,", len(near), "near misses,",
                len(words), "of them words or names,", len(namesakes), "plausible namesakes")


if __name__ == "__main__":
    main()
