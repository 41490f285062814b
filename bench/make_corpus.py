#!/usr/bin/env python3
"""Builds the benchmark corpus: real government text from ../shared/data/gov-text/, written as
one .txt file per report (paragraphs one per line), repeated until the corpus holds --mb MB.

usage: bench/make_corpus.py [--mb 50] [--out bench/corpus] [--data ../shared/data/gov-text]
"""
import argparse
import json
import os
import pathlib

def main():
    here = pathlib.Path(__file__).resolve().parent
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--out", default=str(here / "corpus"))
    ap.add_argument("--data", default=str(here.parent.parent / "shared" / "data" / "gov-text"))
    args = ap.parse_args()
    reports = []
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        with open(os.path.join(args.data, name), encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                # Paragraphs are separated by blank lines; lines inside one are joined.
                paras = [p.replace("\n", "") for p in r["content"].split("\n\n")]
                reports.append("\n".join(p for p in paras if p.strip()) + "\n")
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    target = int(args.mb * 1024 * 1024)
    written, n = 0, 0
    while written < target:
        text = reports[n % len(reports)].encode("utf-8")
        (out / f"report-{n:05d}.txt").write_bytes(text)
        written += len(text)
        n += 1
    print(f"{out}: {n} files, {written / 1048576:.1f} MB")

if __name__ == "__main__":
    main()
