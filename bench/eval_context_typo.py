#!/usr/bin/env python3
"""Measures the context-typo check (dictionaries/context-typo) through `cuomin check`.

odw mode (default): ../shared/data/csc/odw.train (n_errors<TAB>source<TAB>correct), split once
with a fixed seed into a tuning part (--tune-fraction, default 60%) and a held-out part.
Sentence level: a sentence is detected when a finding overlaps one of its wrong characters;
a sentence with findings but none on a wrong character (every finding on a correct sentence)
is a false positive. Tune thresholds with --part tune only; report --part test.

  bench/eval_context_typo.py --part tune --minor 2.5 3 3.5 4   # threshold sweep
  bench/eval_context_typo.py --part test                       # the shipped rule file

gov mode: findings per 100,000 characters on clean text, each one listed.
  python3 bench/make_corpus.py --mb 5 --out /tmp/gov5
  bench/eval_context_typo.py --gov /tmp/gov5
"""
import argparse
import json
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEED = 20240601


def run_check(binary, rules, path):
    p = subprocess.run([binary, "check", "--format", "json", "--no-default-rules", "--rules",
                        str(rules), "--fail-on", "critical", str(path)],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"cuomin check failed ({p.returncode}): {p.stderr}")
    return [json.loads(l) for l in p.stdout.splitlines() if l.strip()]


def rules_with(minor, major, extra):
    """A copy of the shipped rule folder with some thresholds replaced."""
    src = ROOT / "dictionaries" / "context-typo"
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="ctx-typo-"))
    for f in src.iterdir():
        shutil.copy(f, tmp / f.name)
    yml = (tmp / "context-typo.yml").read_text(encoding="utf-8")
    settings = dict(extra)
    if minor is not None:
        settings["minor"] = minor
    if major is not None:
        settings["major"] = major
    for k, v in settings.items():
        yml, n = re.subn(rf"(\n  {k}: )[-0-9.]+", rf"\g<1>{v}", yml)
        if n != 1:
            sys.exit(f"no threshold {k} in the rule file")
    (tmp / "context-typo.yml").write_text(yml, encoding="utf-8")
    return tmp


def load_odw(path, part, fraction):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 3 or len(cols[1]) != len(cols[2]):
                continue
            rows.append((cols[1], cols[2]))
    order = list(range(len(rows)))
    random.Random(SEED).shuffle(order)
    cut = int(len(rows) * fraction)
    chosen = order[:cut] if part == "tune" else order[cut:]
    return [rows[i] for i in sorted(chosen)]


def eval_odw(binary, rules, rows, verbose):
    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "odw.txt"
        path.write_text("".join(src + "\n" for src, _ in rows), encoding="utf-8")
        findings = run_check(binary, rules, path)
    by_line = {}
    for f in findings:
        by_line.setdefault(f["line"], []).append(f)
    tp = fp = errors = 0
    right_char = 0
    for n, (src, cor) in enumerate(rows, 1):
        wrong = {i for i in range(len(src)) if src[i] != cor[i]}
        errors += bool(wrong)
        fs = by_line.get(n, [])
        if not fs:
            continue
        hit = [f for f in fs if any(f["column"] - 1 <= i < f["end_column"] for i in wrong)]
        if hit:
            tp += 1
            right_char += any(cor[f["column"] - 1] == f["suggestion"] for f in hit)
        else:
            fp += 1
            if verbose:
                for f in fs:
                    print(f"  FP {f['text']}→{f['suggestion']} ({f['severity']}) {src}")
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / errors if errors else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"sentences": len(rows), "with_errors": errors, "detected": tp, "false_alarms": fp,
            "precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
            "right_suggestion": round(right_char / tp, 3) if tp else 0.0}


def eval_gov(binary, rules, corpus):
    chars = sum(len(p.read_text(encoding="utf-8")) for p in pathlib.Path(corpus).glob("*.txt"))
    findings = run_check(binary, rules, corpus)
    lines = {}
    for f in findings:
        if f["source"] not in lines:
            lines[f["source"]] = pathlib.Path(f["source"]).read_text(encoding="utf-8").split("\n")
        line = lines[f["source"]][f["line"] - 1]
        c = f["column"] - 1
        around = line[max(0, c - 8):c] + "[" + line[c] + "]" + line[c + 1:c + 9]
        print(f"{pathlib.Path(f['source']).name}:{f['line']}:{f['column']} {f['severity']} "
              f"{f['text']}→{f['suggestion']} {f['message']} 「{around}」")
    print(json.dumps({"characters": chars, "findings": len(findings),
                      "per_100k_chars": round(len(findings) * 1e5 / chars, 2)}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cuomin", default=str(ROOT / "build" / "cmd" / "cuomin"))
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "csc" / "odw.train"))
    ap.add_argument("--part", choices=["tune", "test"], default="test")
    ap.add_argument("--tune-fraction", type=float, default=0.6)
    ap.add_argument("--minor", type=float, nargs="*", default=[None])
    ap.add_argument("--major", type=float, default=None)
    ap.add_argument("--set", action="append", default=[], help="other threshold, key=value")
    ap.add_argument("--gov", help="a folder of .txt files of clean text")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    extra = [tuple(s.split("=", 1)) for s in args.set]
    for minor in args.minor:
        rules = rules_with(minor, args.major, extra)
        try:
            if args.gov:
                eval_gov(args.cuomin, rules, args.gov)
            else:
                rows = load_odw(args.data, args.part, args.tune_fraction)
                result = eval_odw(args.cuomin, rules, rows, args.verbose)
                print(json.dumps({"part": args.part, "minor": minor, **dict(extra), **result},
                                 ensure_ascii=False))
        finally:
            shutil.rmtree(rules)


if __name__ == "__main__":
    main()
