#!/usr/bin/env python3
"""Builds dictionaries/context-typo/domain-vocab.txt: official vocabulary that the language
model (libime zh_CN.lm) lacks, so that the context-typo check neither flags nor "corrects" it
(抗疫, 因城施策, 带量采购, 提质增效, 亲诚惠容, 大数据 ...).

Sources (read-only reference data; nothing here is read at run time):
  ../shared/data/wordlists/公文写作.txt, 成语.txt, 法律.txt   words (first column)
  ../shared/data/wordlists/政策法规标题.txt                   State Council policy titles
    (aopolin-lv/ECSpell, MIT)
  ../shared/data/gov-text/*.jsonl   government work reports and CPC congress reports
    (aopolin-lv/chinese-political-corpora from zh.wikisource; official documents, not subject
    to copyright under PRC Copyright Law art. 5)

Word-list words are taken as they are. From the reports and titles, every 2–5 character Han
n-gram seen at least --min-count times in at least --min-docs documents is a candidate term;
an n-gram is kept only when it does not start or end with a function character (的 了 和 ...)
and the language model cannot already cover it with its own words of two or more characters
(those positions are not suspicious anyway).

Third column: `term` or `fragment`. An n-gram is a fragment when one longer n-gram, one
character more on the left or the right, accounts for most of its occurrences (评价机 is nearly
always 评价机制, 确保重 is 确保重要...): a real term is used in varied contexts. Fragments protect
the text they occur in but are never offered as corrections, nor used to score one — a
fragment's fixed score would make any change that completes it look likely. The language model's vocabulary is read from the
words KenLM stores at the end of the model file (--lm). Output is sorted, so the same inputs
always give the same file.

word-frequency.txt: the words of one to six Han characters of jieba's frequency dictionary
(../shared/data/frequency/dict.txt, MIT; the file Debian's python3-jieba installs) with their
counts. The check weighs a correction by how common the word it forms is, and by whether the
text as written is a word already. It is general text, not the reports: no leakage into the
false-alarm measurement.

--exclude-years 2020,2021,2022 leaves those government work reports out, to measure false
alarms honestly on text the vocabulary was not built from (bench/eval_context_typo.py --gov).

usage: scripts/build_domain_vocab.py [--data ../shared/data] [--lm /usr/lib/.../zh_CN.lm]
                                     [--out dictionaries/context-typo/domain-vocab.txt]
"""
import argparse
import collections
import json
import pathlib
import re

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
# Characters that rarely start or end an official term but often sit next to one: an n-gram
# with them at an edge is a phrase fragment (发展的, 和改革), not a term.
EDGE_STOP = set("的了和与及或是在对为把被从也都就而并且之其这那个着过地得所以于向将等")
DEFAULT_LM = "/usr/lib/x86_64-linux-gnu/libime/zh_CN.lm"


def read_text(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return f.read().replace("\r\n", "\n").replace("\r", "\n")


def first_column_words(path):
    for line in read_text(path).split("\n"):
        w = line.split("\t")[0].strip()
        if HAN.fullmatch(w) and 2 <= len(w) <= 8:
            yield w


def lm_vocabulary(path):
    """The words of a KenLM binary: NUL-separated after the data, starting with <unk>."""
    data = pathlib.Path(path).read_bytes()
    start = data.rfind(b"<unk>\0")
    if start < 0:
        raise SystemExit(f"{path}: no KenLM vocabulary found at the end of the file")
    return set(w.decode("utf-8", "replace") for w in data[start:].split(b"\0") if w)


def covered_by_lm(term, lm):
    """True when term splits into LM words of two or more characters."""
    n = len(term)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for j in range(i + 2, min(n, i + 8) + 1):
            if term[i:j] in lm:
                ok[j] = True
    return ok[n]


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(root.parent / "shared" / "data"))
    ap.add_argument("--lm", default=DEFAULT_LM)
    ap.add_argument("--out", default=str(root / "dictionaries" / "context-typo" / "domain-vocab.txt"))
    ap.add_argument("--pairs-out",
                    default=str(root / "dictionaries" / "context-typo" / "attested-pairs.txt"))
    ap.add_argument("--freq-out",
                    default=str(root / "dictionaries" / "context-typo" / "word-frequency.txt"))
    ap.add_argument("--min-pair-count", type=int, default=1)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--min-docs", type=int, default=1)
    ap.add_argument("--exclude-years", default="", help="comma-separated report years to leave out")
    ap.add_argument("--fragment-share", type=float, default=0.7,
                    help="an n-gram is a fragment when one extension has this share of its count")
    args = ap.parse_args()
    data = pathlib.Path(args.data)
    excluded = set(int(y) for y in args.exclude_years.split(",") if y)
    lm = lm_vocabulary(args.lm)

    words = set()
    for name in ("公文写作.txt", "成语.txt", "法律.txt"):
        words.update(first_column_words(data / "wordlists" / name))

    listed = set(words)
    documents = []
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        with open(data / "gov-text" / name, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                # Years are strings in the corpus ("2019").
                if r.get("year") is not None and int(r["year"]) in excluded:
                    continue
                documents.append(r["content"])
    documents.extend(read_text(data / "wordlists" / "政策法规标题.txt").split("\n"))

    count, docs = collections.Counter(), collections.Counter()
    for text in documents:
        seen = set()
        for run in HAN.findall(text):
            for n in (2, 3, 4, 5, 6):
                for i in range(len(run) - n + 1):
                    g = run[i:i + n]
                    count[g] += 1
                    seen.add(g)
        docs.update(seen)
    # The most frequent one-character extension of each n-gram, left or right.
    extension = collections.Counter()
    for g, c in count.items():
        if len(g) >= 3:
            for part in (g[1:], g[:-1]):
                if extension[part] < c:
                    extension[part] = c

    def fragment(g):
        return extension[g] >= args.fragment_share * count[g]

    for g, c in count.items():
        if len(g) <= 5 and c >= args.min_count and docs[g] >= args.min_docs and g[0] not in EDGE_STOP and \
                g[-1] not in EDGE_STOP:
            words.add(g)

    # Character pairs attested in authoritative text: a character both of whose pairs with its
    # neighbours are attested is not a typo candidate.
    pairs = sorted(g for g, c in count.items() if len(g) == 2 and c >= args.min_pair_count)
    with open(args.pairs_out, "w", encoding="utf-8") as f:
        f.write("# Character pairs seen at least %d times in the official texts below, for the\n"
                "# context-typo check. Generated by scripts/build_domain_vocab.py; do not edit.\n"
                "# Sources: government work reports and CPC congress reports (zh.wikisource;\n"
                "# official documents, PRC Copyright Law art. 5); ECSpell 政策法规标题 (MIT).\n"
                % args.min_pair_count)
        if excluded:
            f.write(f"# Reports of {sorted(excluded)} left out (--exclude-years).\n")
        for g in pairs:
            f.write(g + "\n")
    print(f"{args.pairs_out}: {len(pairs)} pairs")

    kept = sorted(w for w in words if w not in lm and not covered_by_lm(w, lm))
    out = pathlib.Path(args.out)
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Official vocabulary missing from the libime language model, for the context-typo\n"
                "# check. Generated by scripts/build_domain_vocab.py; do not edit by hand.\n"
                "# Sources: aopolin-lv/ECSpell word lists 公文写作, 成语, 法律, 政策法规标题 (MIT);\n"
                "# government work reports and CPC congress reports from zh.wikisource (official\n"
                "# documents, PRC Copyright Law art. 5).\n")
        if excluded:
            f.write(f"# Reports of {sorted(excluded)} left out (--exclude-years).\n")
        f.write("# Columns: term<TAB>occurrences in the reports and titles (0: from a word list)"
                "<TAB>term or fragment.\n")
        for w in kept:
            role = "fragment" if w not in listed and fragment(w) else "term"
            f.write(f"{w}\t{count.get(w, 0) if w not in listed else 0}\t{role}\n")
    fragments = sum(1 for w in kept if w not in listed and fragment(w))
    print(f"{out}: {len(kept)} terms ({fragments} fragments)")

    freq = {}
    for line in read_text(data / "frequency" / "dict.txt").split("\n"):
        cols = line.split(" ")
        if len(cols) >= 2 and HAN.fullmatch(cols[0]) and 1 <= len(cols[0]) <= 6:
            freq[cols[0]] = freq.get(cols[0], 0) + int(cols[1])
    with open(args.freq_out, "w", encoding="utf-8") as f:
        f.write("# Word frequencies for the context-typo check: words of 1-6 Han characters of\n"
                "# jieba's dict.txt (fxsjy/jieba, MIT; as installed by Debian python3-jieba 0.42.1).\n"
                "# Generated by scripts/build_domain_vocab.py; do not edit by hand.\n"
                "# Columns: word<TAB>count\n")
        for w in sorted(freq):
            f.write(f"{w}\t{freq[w]}\n")
    print(f"{args.freq_out}: {len(freq)} words")


if __name__ == "__main__":
    main()
