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
  bench/eval_context_typo.py --gov-text                 # every report of ../shared/data/gov-text
  bench/eval_context_typo.py --gov-text --heldout-years 1980,1995,2005,2015,2016,2017,2018,2019,2021,2022
      # only those years' government work reports, with the domain vocabulary and attested
      # pairs rebuilt without them (scripts/build_domain_vocab.py --exclude-years): the honest
      # figure, since the shipped vocabulary is built from these reports
  bench/eval_context_typo.py --gov-text --heldout-years 1980,1995,2005,2015,2019 --one-at-a-time
      # each year's report with a vocabulary built from every other report: a new document
  bench/eval_context_typo.py --gov FOLDER               # any folder of .txt files
"""
import argparse
import contextlib
import json
import pathlib
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEED = 20240601


def run_check(binary, rules, path):
    p = subprocess.run([binary, "check", "--format", "json", "--no-default-rules", "--rules",
                        str(rules), "--fail-on", "critical", "-j", "2", str(path)],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"cuomin check failed ({p.returncode}): {p.stderr}")
    return [json.loads(l) for l in p.stdout.splitlines() if l.strip()]


@contextlib.contextmanager
def rules_with(minor, major, extra):
    """A copy of the shipped rule folder with some thresholds replaced, next to a copy of the
    similar-shape table it names as ../shape/; removed when the block ends, however it ends
    (an error, Ctrl-C, or a SIGTERM, which main() turns into an exit)."""
    src = ROOT / "dictionaries" / "context-typo"
    top = pathlib.Path(tempfile.mkdtemp(prefix="ctx-typo-"))
    try:
        shutil.copytree(ROOT / "dictionaries" / "shape", top / "shape")
        tmp = top / "context-typo"
        tmp.mkdir()
        for f in src.iterdir():
            shutil.copy(f, tmp / f.name)
        yml = (tmp / "context-typo.yml").read_text(encoding="utf-8")
        settings = dict(extra)
        if minor is not None:
            settings["minor"] = minor
        if major is not None:
            settings["major"] = major
        for k, v in settings.items():
            yml, n = re.subn(rf"(\n  {k}: )[-0-9.inf]+", rf"\g<1>{v}", yml)
            if n != 1:
                sys.exit(f"no threshold {k} in the rule file")
        (tmp / "context-typo.yml").write_text(yml, encoding="utf-8")
        yield tmp
    finally:
        shutil.rmtree(top, ignore_errors=True)


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
    # One file per sentence: the sentences come from different documents, and the check treats
    # wording repeated within a document as deliberate.
    with tempfile.TemporaryDirectory() as d:
        for n, (src, _) in enumerate(rows, 1):
            (pathlib.Path(d) / f"{n:05d}.txt").write_text(src + "\n", encoding="utf-8")
        findings = run_check(binary, rules, d)
    by_line = {}
    for f in findings:
        by_line.setdefault(int(pathlib.Path(f["source"]).stem), []).append(f)
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
            # A whole-word change spans two characters.
            right_char += any(cor[f["column"] - 1:f["end_column"]] == f["suggestion"] for f in hit)
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


def eval_gov(binary, rules, corpus, quiet=False):
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
    if not quiet:
        print(json.dumps({"characters": chars, "findings": len(findings),
                          "per_100k_chars": round(len(findings) * 1e5 / chars, 2)}))
    return chars, len(findings)


def build_vocab(rules, years):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_domain_vocab.py"),
                    "--exclude-years", ",".join(str(y) for y in sorted(years)),
                    "--out", str(rules / "domain-vocab.txt"),
                    "--pairs-out", str(rules / "attested-pairs.txt"),
                    "--freq-out", str(rules / "word-frequency.txt")],
                   check=True, stdout=subprocess.DEVNULL)


def eval_one_at_a_time(binary, rules, years):
    """Each year's reports checked with a vocabulary built without that year."""
    chars = found = 0
    for year in sorted(years):
        build_vocab(rules, {year})
        with tempfile.TemporaryDirectory() as d:
            write_gov_text(d, {year})
            c, n = eval_gov(binary, rules, d, quiet=True)
        chars += c
        found += n
    print(json.dumps({"years": sorted(years), "characters": chars, "findings": found,
                      "per_100k_chars": round(found * 1e5 / chars, 2)}))


def write_gov_text(folder, years):
    """The gov-text documents (title and content) as .txt files; only `years` when given."""
    data = ROOT.parent / "shared" / "data" / "gov-text"
    n = 0
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        with open(data / name, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                year = r.get("year")
                if years and (year is None or int(year) not in years):
                    continue
                (pathlib.Path(folder) / f"{name[:3]}-{year}-{n:03d}.txt").write_text(
                    r.get("title", "") + "\n" + r["content"], encoding="utf-8")
                n += 1


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
    ap.add_argument("--gov-text", action="store_true", help="the gov-text reports as clean text")
    ap.add_argument("--heldout-years", default="",
                    help="with --gov-text: only these years, vocabulary built without them")
    ap.add_argument("--one-at-a-time", action="store_true",
                    help="with --heldout-years: leave one year out at a time")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    extra = [tuple(s.split("=", 1)) for s in args.set]
    years = set(int(y) for y in args.heldout_years.split(",") if y)
    # A SIGTERM (timeout, kill) unwinds like Ctrl-C, so the copies below are removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with contextlib.ExitStack() as cleanup:
        if args.gov_text and not args.one_at_a_time:
            tmp = tempfile.mkdtemp(prefix="ctx-gov-")
            cleanup.callback(shutil.rmtree, tmp, ignore_errors=True)
            write_gov_text(tmp, years)
            args.gov = tmp
        for minor in args.minor:
            with rules_with(minor, args.major, extra) as rules:
                if years and not args.one_at_a_time:
                    build_vocab(rules, years)
                if args.one_at_a_time:
                    eval_one_at_a_time(args.cuomin, rules, years)
                elif args.gov:
                    eval_gov(args.cuomin, rules, args.gov)
                else:
                    rows = load_odw(args.data, args.part, args.tune_fraction)
                    result = eval_odw(args.cuomin, rules, rows, args.verbose)
                    print(json.dumps({"part": args.part, "minor": minor, **dict(extra), **result},
                                     ensure_ascii=False))


if __name__ == "__main__":
    main()
