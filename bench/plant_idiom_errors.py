#!/usr/bin/env python3
"""Recall of `cuomin check` on one-character slips planted into four-character idioms, and its
false alarms on the same sentences with the idiom as it should be: a measurement of idiom slips
that is not the real-errors development set.

Each case takes an idiom of ECSpell's 成语.txt (MIT; with its frequency) and replaces one of its
characters by one that sounds alike (pycorrector's same_pinyin.txt, either tone, Apache-2.0) or
looks alike without sounding alike (pycorrector's same_stroke.txt groups), where the result is
neither a word of jieba's dictionary (MIT) nor another idiom: a slip, not another wording. The
confusion data is public data, not the tables the rule reads (dictionaries/context-typo,
dictionaries/shape), although pycorrector's lists overlap with confusion.txt.

The idiom goes into a sentence of ../shared/data/gov-text (12 to 80 characters) that holds it
when there is one (each sentence used once), else into one of a few neutral frames. Cases are
drawn per frequency band of the idiom (below 50, 50 to 299, 300 and more: typo-idiom lists from
50 on) and per kind (sound, shape), --per cases each, with a fixed seed.

A case is found when a finding (of at least --min-severity) overlaps the planted character; the
rule that found it is counted (typo-idiom, typo-words, context-typo ...). A false alarm is any
finding of at least that severity on the sentence as it should be, leaving out the format and
punctuation rules (a sentence cut from its paragraph).

  bench/plant_idiom_errors.py --cuomin build/cmd/cuomin
  bench/plant_idiom_errors.py --cuomin build/cmd/cuomin --show-misses --band 50-299
"""
import argparse
import collections
import json
import pathlib
import random
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import dictlib  # noqa: E402

SEED = 20261206
SEVERITY_RANK = {"info": 0, "minor": 1, "major": 2, "critical": 3}
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
BANDS = (("<50", 0, 50), ("50-299", 50, 300), (">=300", 300, 10 ** 12))
# Neutral frames for idioms no clean sentence holds: subject before, comment after, so that the
# idiom has context on both sides as it would in a report.
FRAMES = ("有关负责同志指出，这种情况{}，必须引起高度重视。",
          "在这次会议上，大家一致认为{}，要认真加以对待。",
          "他在发言中说，基层干部{}，群众看在眼里。")


def sound_alike():
    alike = collections.defaultdict(set)
    for line in dictlib.read_lines(dictlib.data_path("confusion", "same_pinyin.txt")):
        cols = line.split("\t")
        if len(cols[0]) != 1 or cols[0].startswith("#"):
            continue
        for col in cols[1:]:
            for ch in col.strip():
                if ch != cols[0] and HAN.match(ch):
                    alike[cols[0]].add(ch)
    return alike


def shape_alike(sound):
    alike = collections.defaultdict(set)
    for line in dictlib.read_lines(dictlib.data_path("confusion", "same_stroke.txt")):
        g = [c.strip() for c in line.split("\t") if len(c.strip()) == 1 and HAN.match(c.strip())]
        for c in g:
            alike[c].update(x for x in g if x != c and x not in sound[c] and c not in sound[x])
    return alike


def idioms():
    out = []
    for line in dictlib.read_lines(dictlib.data_path("wordlists", "成语.txt")):
        cols = line.split("\t")
        w = cols[0].strip()
        if len(w) == 4 and HAN.match(w):
            out.append((w, int(cols[1]) if len(cols) > 1 and cols[1].strip().isdigit() else 0))
    return out


def jieba_words():
    return {line.split(" ", 1)[0] for line in
            dictlib.read_lines(dictlib.data_path("frequency", "dict.txt")) if line}


def slips(idiom, alike, words, rng):
    options = []
    for i, c in enumerate(idiom):
        for x in sorted(alike.get(c, ())):
            wrong = idiom[:i] + x + idiom[i + 1:]
            if wrong not in words:
                options.append((wrong, i))
    return rng.choice(options) if options else None


def sentences():
    out = []
    for _, text in dictlib.clean_corpus_docs():
        for s in re.split(r"[。！？；\n]", text):
            s = s.strip()
            if 12 <= len(s) <= 80:
                out.append(s + "。")
    return out


def build_cases(per, rng):
    sound = sound_alike()
    kinds = {"sound": sound, "shape": shape_alike(sound)}
    all_idioms = idioms()
    words = jieba_words() | {w for w, _ in all_idioms}
    sents = sentences()
    holding = collections.defaultdict(list)
    wanted = {w for w, _ in all_idioms}
    for n, s in enumerate(sents):
        for i in range(len(s) - 3):
            if s[i:i + 4] in wanted:
                holding[s[i:i + 4]].append(n)
    used = set()
    cases = []
    for band, lo, hi in BANDS:
        pool = [w for w, f in all_idioms if lo <= f < hi]
        for kind, alike in kinds.items():
            order = pool[:]
            rng.shuffle(order)
            taken = 0
            for idiom in order:
                if taken >= per:
                    break
                slip = slips(idiom, alike, words, rng)
                if not slip:
                    continue
                wrong, i = slip
                options = [n for n in dict.fromkeys(holding.get(idiom, [])) if n not in used]
                if options:
                    n = rng.choice(options)
                    used.add(n)
                    clean = sents[n]
                else:
                    clean = rng.choice(FRAMES).format(idiom)
                at = clean.find(idiom)
                cases.append({"band": band, "kind": kind, "idiom": idiom, "wrong": wrong,
                              "i": i, "pos": at + i, "clean": clean,
                              "text": clean[:at] + wrong + clean[at + 4:]})
                taken += 1
    return cases


def run_check(cuomin, texts, jobs):
    with tempfile.TemporaryDirectory(prefix="plant-idiom-") as tmp:
        for n, t in enumerate(texts):
            (pathlib.Path(tmp) / f"{n:05d}.txt").write_text(t + "\n", encoding="utf-8")
        p = subprocess.run([cuomin, "check", "--format", "json", "--fail-on", "none", "-j",
                            str(jobs), tmp], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"cuomin check failed ({p.returncode}): {p.stderr.strip()}")
    by = collections.defaultdict(list)
    for line in p.stdout.splitlines():
        if line.strip():
            f = json.loads(line)
            by[int(pathlib.Path(f["source"]).stem)].append(f)
    return by


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cuomin", default=str(ROOT / "build" / "cmd" / "cuomin"))
    ap.add_argument("--per", type=int, default=150, help="cases per frequency band and kind")
    ap.add_argument("--min-severity", choices=list(SEVERITY_RANK), default="minor")
    ap.add_argument("--band", help="only show cases of this band (with --show-*)")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--show-alarms", action="store_true")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args()

    cases = build_cases(args.per, random.Random(SEED))
    found = run_check(args.cuomin, [c["text"] for c in cases], args.jobs)
    clean = run_check(args.cuomin, [c["clean"] for c in cases], args.jobs)
    rank = SEVERITY_RANK[args.min_severity]

    per = collections.defaultdict(lambda: [0, 0, 0, 0])  # cases, found, right suggestion, alarms
    rules = collections.Counter()
    for n, c in enumerate(cases):
        start = len(c["text"][:c["pos"]].encode("utf-8"))
        end = start + len(c["text"][c["pos"]].encode("utf-8"))
        hits = [f for f in found.get(n, []) if SEVERITY_RANK[f["severity"]] >= rank
                and f["offset"] < end and f["offset"] + f["length"] > start]
        alarms = [f for f in clean.get(n, []) if SEVERITY_RANK[f["severity"]] >= rank
                  and not f["rule"].startswith(("format-", "punctuation-"))]
        p = per[(c["band"], c["kind"])]
        p[0] += 1
        p[1] += bool(hits)
        p[2] += any(c["idiom"][c["i"]] in h.get("suggestion", "") for h in hits)
        p[3] += bool(alarms)
        rules.update({h["rule"] for h in hits})
        show = not args.band or args.band == c["band"]
        if show and not hits and args.show_misses:
            print(f"MISS\t{c['band']}\t{c['kind']}\t{c['wrong']}→{c['idiom']}\t{c['text']}")
        if show and alarms and args.show_alarms:
            print(f"ALARM\t{c['band']}\t{alarms[0]['rule']}\t{c['clean']}")
    total = [0, 0, 0, 0]
    for (band, kind), p in sorted(per.items()):
        total = [a + b for a, b in zip(total, p)]
        print(json.dumps({"band": band, "kind": kind, "cases": p[0], "found": p[1],
                          "recall": round(p[1] / p[0], 3), "right_suggestion": p[2],
                          "false_alarm_sentences": p[3]}, ensure_ascii=False))
    print(json.dumps({"band": "all", "cases": total[0], "found": total[1],
                      "recall": round(total[1] / max(total[0], 1), 3),
                      "right_suggestion": total[2], "false_alarm_sentences": total[3],
                      "rules": dict(rules.most_common())}, ensure_ascii=False))


if __name__ == "__main__":
    main()
