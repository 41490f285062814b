#!/usr/bin/env python3
"""Real-word rules (typo-real-word, typo-real-word-collocation, typo-wear, typo-must, typo-notice,
typo-reflect, typo-particle-*) on text their lists never saw.

The collocation list is rebuilt with `scripts/build_real_word_collocations.py --holdout`: it
then leaves out the held-out gov-text years and odw.train's test part (the split of
bench/eval_context_typo.py). On those:
  - odw.train test part, sentences whose wrong character makes another word (a two-character
    window around it is a jieba word of frequency >= 50 on both sides): how many the rules find
    (a finding on a wrong character), of any severity;
  - the correct side of every test sentence: findings there are false alarms;
  - the held-out gov-text years: findings of any severity per 100,000 characters, listed.

  bench/eval_real_word.py                      # build/cmd/cuomin, list rebuilt held out
  bench/eval_real_word.py --shipped            # the shipped list instead (not honest)
  bench/eval_real_word.py --context-typo       # with rule context-typo too (its real-word
      # changes and listed pairs), its domain vocabulary, attested pairs and real-word pairs
      # rebuilt without the held-out years and odw's test part
"""
import argparse
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import dictlib  # noqa: E402
import build_real_word_collocations as rw  # noqa: E402

RULES = ["real-word.yml", "real-words.txt", "wear.yml", "must.yml", "notice.yml", "reflect.yml",
         "real-word-collocation.yml",
         "particle-de.yml", "particle-di.yml", "reduplicated-adverbs.txt", "particle-di-adverb.yml",
         "particle-de-word.yml", "particle-de-verb.yml", "particle-de-noun.yml",
         "particle-zhide.yml", "both-ji.yml", "particle-di-progress.yml",
         "particle-di-together.yml", "need-must.yml", "need-urgent.yml", "login.yml",
         "report-to.yml", "surface.yml", "pronoun-husband.yml", "pronoun-wife.yml"]


def run_check(binary, rules, folder):
    p = subprocess.run([binary, "check", "--format", "json", "--no-default-rules", "--rules",
                        str(rules), "--fail-on", "none", "-j", "2", str(folder)],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"cuomin check failed ({p.returncode}): {p.stderr}")
    return [json.loads(line) for line in p.stdout.splitlines() if line.strip()]


def check_sentences(binary, rules, sentences):
    with tempfile.TemporaryDirectory() as d:
        for n, s in enumerate(sentences):
            (pathlib.Path(d) / f"{n:05d}.txt").write_text(s + "\n", encoding="utf-8")
        out = {}
        for f in run_check(binary, rules, d):
            out.setdefault(int(pathlib.Path(f["source"]).stem), []).append(f)
        return out


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cuomin", default=str(ROOT / "build" / "cmd" / "cuomin"))
    ap.add_argument("--shipped", action="store_true")
    ap.add_argument("--build-arg", action="append", default=[],
                    help="passed on to build_real_word_collocations.py")
    ap.add_argument("--context-typo", action="store_true")
    ap.add_argument("--ctx-set", action="append", default=[],
                    help="with --context-typo: a threshold of context-typo.yml, key=value "
                         "(pair_penalty=.inf: without the listed pairs)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    top = pathlib.Path(tempfile.mkdtemp(prefix="real-word-"))
    rules = top / "typo"   # rule ids are checked against the folder's name
    rules.mkdir()
    try:
        pairs_arg = []
        if args.context_typo:
            shutil.copytree(ROOT / "dictionaries" / "shape", top / "shape")
            ctx = top / "context-typo"
            shutil.copytree(ROOT / "dictionaries" / "context-typo", ctx)
            subprocess.run([sys.executable, str(ROOT / "scripts" / "build_domain_vocab.py"),
                            "--exclude-years", ",".join(sorted(rw.HOLDOUT_YEARS)),
                            "--out", str(ctx / "domain-vocab.txt"),
                            "--pairs-out", str(ctx / "attested-pairs.txt"),
                            "--freq-out", str(ctx / "word-frequency.txt")],
                           check=True, stdout=subprocess.DEVNULL)
            pairs_arg = ["--pairs-out", str(ctx / "real-word-pairs.txt")]
            yml = (ctx / "context-typo.yml").read_text(encoding="utf-8")
            for kv in args.ctx_set:
                k, v = kv.split("=", 1)
                yml, n = re.subn(rf"(\n  {k}: )[-0-9.a-z]+", rf"\g<1>{v}", yml)
                if n != 1:
                    sys.exit(f"no threshold {k} in context-typo.yml")
            (ctx / "context-typo.yml").write_text(yml, encoding="utf-8")
            rules_dir = top
        else:
            pairs_arg = ["--pairs-out", ""]
            rules_dir = rules
        for name in RULES:
            shutil.copy(ROOT / "dictionaries" / "typo" / name, rules / name)
        if args.shipped:
            shutil.copy(ROOT / "dictionaries" / "typo" / "real-word-collocations.txt", rules)
        else:
            subprocess.run([sys.executable, str(ROOT / "scripts" /
                                                "build_real_word_collocations.py"),
                            "--holdout", "--out", str(rules / "real-word-collocations.txt")] +
                           pairs_arg + args.build_arg,
                           check=True, stdout=subprocess.DEVNULL)
        jieba = dictlib.jieba_dict()
        _, test = rw.odw_rows()

        def real_word(src, cor):
            for i in (k for k in range(len(src)) if src[k] != cor[k]):
                for a in (i - 1, i):
                    if a >= 0 and a + 2 <= len(src) and jieba.get(src[a:a + 2], 0) >= 50 \
                            and jieba.get(cor[a:a + 2], 0) >= 50:
                        return True
            return False

        wrong = [(s, c) for s, c in test if s != c and real_word(s, c)]
        found = check_sentences(args.cuomin, rules_dir, [s for s, _ in wrong])
        hits = 0
        by_rule = {}
        for n, (s, c) in enumerate(wrong):
            bad = {i for i in range(len(s)) if s[i] != c[i]}
            fs = [f for f in found.get(n, [])
                  if any(f["column"] - 1 <= i < f["end_column"] for i in bad)]
            hits += bool(fs)
            if fs:
                by_rule[fs[0]["rule"]] = by_rule.get(fs[0]["rule"], 0) + 1
            if args.verbose and fs:
                print("  found", fs[0]["rule"], fs[0]["text"], "->", fs[0]["suggestion"])
        alarms = check_sentences(args.cuomin, rules_dir, [c for _, c in test])
        print(f"odw test part: {len(wrong)} sentences whose error is a real word, "
              f"found {hits} {dict(sorted(by_rule.items()))}; false alarms on the {len(test)} "
              f"correct sentences: {sum(len(v) for v in alarms.values())}")
        for n, fs in sorted(alarms.items()):
            for f in fs:
                print(f"  FA {f['rule']} {f['text']}->{f['suggestion']} 「{test[n][1]}」")

        gov = pathlib.Path(tempfile.mkdtemp(prefix="real-word-gov-"))
        chars = 0
        with open(dictlib.data_path("gov-text", "government_work_reports.jsonl"),
                  encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line) if line.strip() else {}
                if rec.get("year") in rw.HOLDOUT_YEARS:
                    text = dictlib.strip_licence_footer(rec["content"])
                    chars += sum(1 for ch in text if not ch.isspace())
                    (gov / f"{rec['year']}.txt").write_text(text, encoding="utf-8")
        findings = run_check(args.cuomin, rules_dir, gov)
        shutil.rmtree(gov)
        print(f"held-out gov-text years ({len(rw.HOLDOUT_YEARS)} reports, {chars:,} characters):"
              f" {len(findings)} findings of any severity = "
              f"{len(findings) * 1e5 / chars:.2f} per 100,000")
        for f in findings:
            print(f"  FA {f['rule']} {f['text']}->{f['suggestion']} {f['source']}:{f['line']}")
    finally:
        shutil.rmtree(top)


if __name__ == "__main__":
    main()
