#!/usr/bin/env python3
"""Recall of `cuomin check` on similar-shape slips planted into clean government sentences, and
its false alarms on the same sentences as written: a measurement of shape errors on text that is
not the real-errors development set.

Each case takes a word of official writing and a slip of one of its characters to a character
of similar shape that does not sound alike (a sound-alike is an input-method slip, measured
elsewhere), and puts the slip into a sentence of the clean reports that holds the word. The
pairs come from public confusion data, not from the shape table under test:

  wordpairs  wrong→right word pairs of pycorrector's confusion_wordpairs.txt (Apache-2.0) and
             ECSpell's 常见错字错词.txt (MIT) that differ in one character
  groups     pycorrector's similar-shape groups (same_stroke.txt, Apache-2.0): a word of
             ECSpell's 公文写作.txt (official-writing words, MIT) with one character replaced by
             another of its group, where the result is no word of jieba's dictionary

"Sounds alike" is pycorrector's same_pinyin.txt (either tone). The sentences are those of
../shared/data/gov-text (State Council work reports and CPC congress reports) of 12 to 80
characters; a sentence is used once. A case is found when a finding (of at least
--min-severity) overlaps the planted character; a false alarm is any finding of at least that
severity on the sentence as written, leaving out the format and punctuation rules: a sentence
cut from its paragraph leaves a quotation mark unpaired or a heading number out of sequence.

  bench/plant_shape_errors.py --cuomin build/cmd/cuomin
  bench/plant_shape_errors.py --cuomin build/cmd/cuomin --min-severity major --show-misses
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

SEED = 20251205
SEVERITY_RANK = {"info": 0, "minor": 1, "major": 2, "critical": 3}
HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def sound_alike():
    alike = collections.defaultdict(set)
    for line in dictlib.read_lines(dictlib.data_path("confusion", "same_pinyin.txt")):
        cols = line.split("\t")
        if len(cols[0]) != 1:
            continue
        for col in cols[1:]:
            for ch in col.strip():
                alike[cols[0]].add(ch)
                alike[ch].add(cols[0])
    return alike


def one_char_apart(wrong, right):
    if len(wrong) != len(right) or not HAN.match(wrong) or not HAN.match(right):
        return None
    diff = [i for i in range(len(right)) if wrong[i] != right[i]]
    return diff[0] if len(diff) == 1 else None


def word_pairs(alike):
    pairs = []
    for line in dictlib.read_lines(dictlib.data_path("confusion", "confusion_wordpairs.txt")):
        cols = line.split("\t")
        if len(cols) >= 2:
            pairs.append((cols[0].strip(), cols[1].strip()))
    for line in dictlib.read_lines(dictlib.data_path("wordlists", "常见错字错词.txt")):
        right, _, wrong = line.partition("-")
        pairs.append((wrong.strip(), right.strip()))
    out = []
    for wrong, right in pairs:
        i = one_char_apart(wrong, right)
        if i is not None and wrong[i] not in alike[right[i]]:
            out.append((wrong, right))
    return out


def group_pairs(alike, rng, limit):
    groups = [line.split("\t") for line in
              dictlib.read_lines(dictlib.data_path("confusion", "same_stroke.txt"))]
    member = collections.defaultdict(set)
    for g in groups:
        g = [c.strip() for c in g if len(c.strip()) == 1]
        for c in g:
            member[c].update(x for x in g if x != c)
    jieba = set()
    for line in dictlib.read_lines(dictlib.data_path("frequency", "dict.txt")):
        jieba.add(line.split(" ", 1)[0])
    words = []
    for line in dictlib.read_lines(dictlib.data_path("wordlists", "公文写作.txt")):
        w = line.split("\t", 1)[0].strip()
        if 2 <= len(w) <= 4 and HAN.match(w):
            words.append(w)
    out = []
    for w in words:
        for i, c in enumerate(w):
            for x in sorted(member.get(c, ())):
                wrong = w[:i] + x + w[i + 1:]
                if x not in alike[c] and wrong not in jieba:
                    out.append((wrong, w))
    rng.shuffle(out)
    return out[:limit]


def sentences():
    out = []
    for _, text in dictlib.clean_corpus_docs():
        for s in re.split(r"[。！？；\n]", text):
            s = s.strip()
            if 12 <= len(s) <= 80:
                out.append(s + "。")
    return out


def plant(pairs, sents, rng, used):
    """One sentence per pair that holds the right word, not yet used."""
    index = collections.defaultdict(list)
    words = {right for _, right in pairs}
    lengths = sorted({len(w) for w in words})
    for n, s in enumerate(sents):
        for k in lengths:
            for i in range(len(s) - k + 1):
                if s[i:i + k] in words:
                    index[s[i:i + k]].append(n)
    cases = []
    for wrong, right in pairs:
        options = [n for n in dict.fromkeys(index.get(right, [])) if n not in used]
        if not options:
            continue
        n = rng.choice(options)
        used.add(n)
        s = sents[n]
        at = s.find(right)
        i = one_char_apart(wrong, right)
        cases.append({"wrong": wrong, "right": right, "clean": s, "i": i, "pos": at + i,
                      "text": s[:at] + wrong + s[at + len(right):]})
    return cases


def run_check(cuomin, texts, jobs):
    with tempfile.TemporaryDirectory(prefix="plant-shape-") as tmp:
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
    ap.add_argument("--groups", type=int, default=400, help="cases drawn from the shape groups")
    ap.add_argument("--min-severity", choices=list(SEVERITY_RANK), default="minor")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--show-hits", action="store_true")
    ap.add_argument("--show-alarms", action="store_true")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args()

    rng = random.Random(SEED)
    alike = sound_alike()
    sents = sentences()
    used = set()
    cases = [dict(c, source="wordpairs") for c in plant(word_pairs(alike), sents, rng, used)]
    cases += [dict(c, source="groups")
              for c in plant(group_pairs(alike, rng, args.groups * 3), sents, rng, used)
              ][:args.groups]
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
        p = per[c["source"]]
        p[0] += 1
        p[1] += bool(hits)
        p[2] += any(c["right"][c["i"]] in h.get("suggestion", "") for h in hits)
        p[3] += bool(alarms)
        rules.update({h["rule"] for h in hits})
        if hits and args.show_hits:
            print(f"  HIT  {c['wrong']}→{c['right']} " + ", ".join(
                f"{h['rule']}/{h['severity']}→{h.get('suggestion', '')}" for h in hits)
                + f" 「{c['text']}」")
        if not hits and args.show_misses:
            print(f"  MISS {c['wrong']}→{c['right']} 「{c['text']}」")
        if alarms and args.show_alarms:
            for f in alarms:
                print(f"  ALARM {f['rule']}/{f['severity']} 「{f['text']}」→"
                      f"{f.get('suggestion', '')} 「{c['clean']}」")
    print(f"planted similar-shape slips, findings of at least {args.min_severity}:")
    print(f"  {'source':<10}{'cases':>6}{'found':>7}{'recall':>8}{'right':>7}"
          f"{'clean sentences alarmed':>25}")
    for src in ("wordpairs", "groups"):
        n, f, r, a = per[src]
        if n:
            print(f"  {src:<10}{n:>6}{f:>7}{f / n:>8.3f}{r:>7}{a:>19} ({a / n:.3f})")
    print("  found by: " + ", ".join(f"{r} {k}" for r, k in rules.most_common()))


if __name__ == "__main__":
    main()
