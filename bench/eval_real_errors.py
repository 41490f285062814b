#!/usr/bin/env python3
"""Recall of `cuomin check` on errors that were really published, and false alarms on clean
government text.

Real errors: tests/testdata/real-errors/cases.tsv (see its README): one sentence per case with
the wrong span as published. Every case is written to a file of its own and the whole folder is
checked once; a case counts as found when a finding (of at least --min-severity) overlaps the
wrong span. Recall is printed per category for the development part and, separately, for each
held-out part (heldout, and heldout2 collected later from other reports), which no rule or list may
be tuned on: read their totals, never their cases.

--part: dev, heldout or heldout2 alone; both = dev and heldout (the first measure, comparable with
the figures before heldout2 existed); all = every part on its own, then all cases pooled.

Clean text (--gov-text): every report of ../shared/data/gov-text (State Council work reports
and CPC congress reports); any major or critical finding there is a false alarm, reported per
100,000 characters and listed with --show-alarms.

  bench/eval_real_errors.py --cuomin build/cmd/cuomin
  bench/eval_real_errors.py --cuomin build/cmd/cuomin --part dev --show-misses
  bench/eval_real_errors.py --cuomin build/cmd/cuomin --part all --gov-text
  bench/eval_real_errors.py --cuomin build/cmd/cuomin --gov-text --show-alarms
  bench/eval_real_errors.py --cuomin build/cmd/cuomin --disable context-typo
"""
import argparse
import collections
import csv
import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import dictlib  # noqa: E402

SEVERITY_RANK = {"info": 0, "minor": 1, "major": 2, "critical": 3}
PARTS = ["dev", "heldout", "heldout2"]


def load_cases(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    for r in rows:
        if r["wrong"] not in r["text"]:
            sys.exit(f"{path}: case {r['id']}: the wrong span is not in its text")
        if r["part"] not in PARTS:
            sys.exit(f"{path}: case {r['id']}: unknown part {r['part']!r} "
                     f"(expected one of {', '.join(PARTS)})")
    return rows


def run_check(args, folder):
    cmd = [args.cuomin, "check", "--format", "json", "--fail-on", "none", "-j", str(args.jobs)]
    for rule in args.disable:
        cmd += ["--disable", rule]
    for d in args.rules:
        cmd += ["--rules", d]
    cmd.append(str(folder))
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"cuomin check failed ({p.returncode}): {p.stderr.strip()}")
    return [json.loads(line) for line in p.stdout.splitlines() if line.strip()]


def evaluate_cases(args, cases):
    min_rank = SEVERITY_RANK[args.min_severity]
    with tempfile.TemporaryDirectory(prefix="real-errors-") as tmp:
        for c in cases:
            (pathlib.Path(tmp) / (c["id"] + ".txt")).write_text(c["text"] + "\n",
                                                                 encoding="utf-8")
        findings = run_check(args, tmp)
    by_case = collections.defaultdict(list)
    for f in findings:
        by_case[pathlib.Path(f["source"]).stem].append(f)
    results = []
    for c in cases:
        text = c["text"].encode("utf-8")
        start = text.find(c["wrong"].encode("utf-8"))
        end = start + len(c["wrong"].encode("utf-8"))
        hits = [f for f in by_case.get(c["id"], [])
                if SEVERITY_RANK[f["severity"]] >= min_rank
                and f["offset"] < end and f["offset"] + f["length"] > start]
        others = [f for f in by_case.get(c["id"], [])
                  if f not in hits and SEVERITY_RANK[f["severity"]] >= 2]
        results.append((c, hits, others))
    return results


def report_cases(args, results):
    parts = {"both": ["dev", "heldout"], "all": PARTS + ["all"]}.get(args.part, [args.part])
    for part in parts:
        rows = [r for r in results if part == "all" or r[0]["part"] == part]
        if not rows:
            continue
        per = collections.defaultdict(lambda: [0, 0, 0])
        for c, hits, _ in rows:
            p = per[c["category"]]
            p[0] += 1
            p[1] += bool(hits)
            p[2] += any(SEVERITY_RANK[h["severity"]] >= 2 for h in hits)
        total = [sum(v[i] for v in per.values()) for i in range(3)]
        print(f"\n== {part}: {total[0]} cases, found {total[1]} "
              f"(recall {total[1] / total[0]:.2f}; major+ {total[2] / total[0]:.2f})")
        print(f"  {'category':<16}{'cases':>6}{'found':>7}{'recall':>8}{'major+':>8}")
        for cat in sorted(per):
            n, found, major = per[cat]
            print(f"  {cat:<16}{n:>6}{found:>7}{found / n:>8.2f}{major / n:>8.2f}")
        # Held-out cases are measured, never read: listing them one by one is how a set gets
        # fitted case by case, so only an explicit --show-heldout lists them.
        listed = [r for r in rows if r[0]["part"] == "dev" or args.show_heldout]
        if args.show_misses:
            for c, hits, others in listed:
                if not hits:
                    extra = "; elsewhere: " + ", ".join(
                        f"{o['rule']}「{o['text']}」" for o in others) if others else ""
                    print(f"  MISS {c['id']} {c['category']}: 「{c['wrong']}」→「{c['correct']}」"
                          f" in {c['text']}{extra}")
        if args.show_hits:
            for c, hits, _ in listed:
                if hits:
                    print(f"  HIT  {c['id']} {c['category']}: 「{c['wrong']}」 by " + ", ".join(
                        f"{h['rule']}/{h['severity']}「{h['text']}」" for h in hits))


def evaluate_gov_text(args):
    docs = dictlib.clean_corpus_docs()
    chars = sum(len("".join(t.split())) for _, t in docs)
    with tempfile.TemporaryDirectory(prefix="gov-text-") as tmp:
        for i, (_, text) in enumerate(docs):
            (pathlib.Path(tmp) / f"gov-{i:03d}.txt").write_text(text, encoding="utf-8")
        findings = run_check(args, tmp)
        names = {f"gov-{i:03d}": name for i, (name, _) in enumerate(docs)}
    alarms = [f for f in findings if SEVERITY_RANK[f["severity"]] >= 2]
    print(f"\n== gov-text: {len(docs)} documents, {chars:,} characters (no whitespace)")
    print(f"  major/critical findings: {len(alarms)} = "
          f"{len(alarms) * 100000 / chars:.2f} per 100,000 characters")
    for (rule, sev), n in sorted(collections.Counter(
            (f["rule"], f["severity"]) for f in alarms).items()):
        print(f"    {rule:<40}{sev:<9}{n:>5}")
    # Minor findings are no false alarm by this measure, but each one is a reviewer's look.
    minor = [f for f in findings if f["severity"] == "minor"]
    print(f"  minor findings: {len(minor)} (context-typo "
          f"{sum(f['rule'] == 'context-typo' for f in minor)})")
    if args.show_alarms:
        for f in alarms:
            print(f"  ALARM {names[pathlib.Path(f['source']).stem][:24]} {f['rule']} "
                  f"→{f.get('suggestion', '')} "
                  f"「{f['text']}」 {f['context'][:70]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cuomin", default=str(ROOT / "build" / "cmd" / "cuomin"))
    ap.add_argument("--cases", default=str(ROOT / "tests" / "testdata" / "real-errors" /
                                           "cases.tsv"))
    ap.add_argument("--part", choices=PARTS + ["both", "all"], default="both",
                    help="which part to report (default both: dev and heldout)")
    ap.add_argument("--min-severity", choices=list(SEVERITY_RANK), default="minor",
                    help="weakest finding that counts as finding a case (default minor)")
    ap.add_argument("--disable", action="append", default=[], help="rule id to turn off")
    ap.add_argument("--rules", action="append", default=[], help="extra rule folder")
    ap.add_argument("--gov-text", action="store_true", help="also measure false alarms")
    ap.add_argument("--no-cases", action="store_true", help="only the gov-text measurement")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--show-hits", action="store_true")
    ap.add_argument("--show-heldout", action="store_true",
                    help="let --show-misses/--show-hits list held-out cases too (they are "
                         "otherwise only counted, so that no rule is fitted to them)")
    ap.add_argument("--show-alarms", action="store_true")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args()
    if not os.access(args.cuomin, os.X_OK):
        sys.exit(f"{args.cuomin}: not an executable cuomin (build first or pass --cuomin)")
    if not args.no_cases:
        report_cases(args, evaluate_cases(args, load_cases(args.cases)))
    if args.gov_text or args.no_cases:
        evaluate_gov_text(args)


if __name__ == "__main__":
    main()
