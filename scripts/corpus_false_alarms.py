#!/usr/bin/env python3
"""Runs a built cuomin over the clean corpora and reports every finding: on this text any
finding is a false alarm (info findings from combating contexts are counted separately).

Corpora: the gov-text reports (one .txt per document) and the correct side of the ODW
development set. Prints per-rule counts and each non-info finding with its context.
Usage: python3 scripts/corpus_false_alarms.py BUILD/cmd/cuomin [RULE_DIR]
  RULE_DIR defaults to dictionaries/ (all rules); pass a copy of some folders to test them alone.
"""

import collections
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dictlib  # noqa: E402


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cuomin = sys.argv[1]
    rule_dir = sys.argv[2] if len(sys.argv) > 2 else dictlib.DICT_DIR
    with tempfile.TemporaryDirectory() as tmp:
        for i, (_, text) in enumerate(dictlib.clean_corpus_docs()):
            with open(os.path.join(tmp, "gov-%03d.txt" % i), "w", encoding="utf-8") as f:
                f.write(text)
        correct = []
        for line in dictlib.read_lines(dictlib.data_path("csc", "odw.train")):
            parts = line.split("\t")
            if len(parts) == 3:
                correct.append(parts[2])
        with open(os.path.join(tmp, "odw-correct.txt"), "w", encoding="utf-8") as f:
            f.write("\n\n".join(correct))
        run = subprocess.run([cuomin, "check", "--no-default-rules", "--rules", rule_dir,
                              "--format", "json", "--fail-on", "none", "-j", "2", tmp],
                             capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit("cuomin failed (%d): %s" % (run.returncode, run.stderr.strip()))
    counts = collections.Counter()
    alarms = []
    for line in run.stdout.splitlines():
        d = json.loads(line)
        counts[(d["rule"], d["severity"])] += 1
        if d["severity"] != "info":
            alarms.append(d)
    print("findings on the clean corpora: %d (non-info: %d)" % (sum(counts.values()),
                                                              len(alarms)))
    for (rule, sev), n in sorted(counts.items()):
        print("  %-36s %-8s %5d" % (rule, sev, n))
    for d in alarms:
        print("  FALSE ALARM %s %s 「%s」 %s" % (os.path.basename(d["source"]), d["rule"],
                                               d["text"], d["context"][:80]))


if __name__ == "__main__":
    main()
