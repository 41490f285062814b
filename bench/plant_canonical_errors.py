#!/usr/bin/env python3
"""Recall of `cuomin check` on slips planted into the fixed formulations of its own canonical
list, per kind of slip, and its false alarms on the same sentences as written (#14).

The real-error set holds a few dozen formulation slips, so rules tuned to it can miss a whole
kind of slip. Here every form of dictionaries/expression/canonical.txt (above the heading of
variant wordings) gets one slip of each kind, at a position drawn from a hash of the form:

  sound   a character replaced by one of the same syllable (pycorrector same_pinyin.txt)
  shape   a character replaced by one of its similar-shape group that does not sound alike
          (pycorrector same_stroke.txt)
  other   a character replaced by a common character neither alike in sound nor in shape
  drop    a character dropped (not the first or last: a form cut at its end is often another
          form or a shortening)
  swap    two adjacent different characters swapped

and every multi-part formulation of dictionaries/expression/formulation-parts.txt

  part    one part of it dropped (经济建设、政治建设、社会建设、生态文明建设)
  key     the character its parts share dropped from each part (不敢、不能、不想)

A slip is kept only when the slipped text occurs nowhere in the clean texts (gov-text, ODW's
correct side, the official-writing words and policy titles): a slip that is written in clean
text is another correct wording. Each case sits in a plain sentence; it is found when a finding
of at least --min-severity overlaps the slipped characters. The same sentences with the form as
written are the control: any finding of that severity overlapping the form is a false alarm.
Recall is reported by kind and by length (4-5 characters, 6-9, 10 or more).

  bench/plant_canonical_errors.py --cuomin build/cmd/cuomin
  bench/plant_canonical_errors.py --cuomin build/cmd/cuomin --show-misses drop,swap
"""
import argparse
import collections
import hashlib
import json
import re
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import dictlib  # noqa: E402

SEVERITY_RANK = {"info": 0, "minor": 1, "major": 2, "critical": 3}
CARRIERS = ["会议强调，要把{}贯彻落实到各项工作中。",
            "全体干部认真学习领会{}，统一思想和行动。",
            "我们将围绕{}，扎实做好今年的工作。"]
EXPR = ROOT / "dictionaries" / "expression"


def is_han(ch):
    return "\u4e00" <= ch <= "\u9fff"


def pick(key, n):
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:8], 16) % n if n else 0


def canonical_forms():
    forms = []
    for line in dictlib.read_lines(EXPR / "canonical.txt"):
        if line.startswith("# 合法的变体写法"):
            break
        if line and not line.startswith("#"):
            forms.append(line.split("\t")[0])
    return forms


def all_listed():
    out = set()
    for line in dictlib.read_lines(EXPR / "canonical.txt"):
        if line and not line.startswith("#"):
            out.add(line.split("\t")[0])
    return out


def sound_table():
    alike = collections.defaultdict(set)
    for line in dictlib.read_lines(dictlib.data_path("confusion", "same_pinyin.txt")):
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        for col in cols[1:3]:
            alike[cols[0]].update(c for c in col if is_han(c))
    return alike


def shape_table():
    alike = collections.defaultdict(set)
    for line in dictlib.read_lines(dictlib.data_path("confusion", "same_stroke.txt")):
        group = [c for c in line.split("\t") if len(c) == 1 and is_han(c)]
        for c in group:
            alike[c].update(x for x in group if x != c)
    return alike


def replace(form, kind, candidates_of):
    positions = [i for i, c in enumerate(form) if is_han(c) and candidates_of(c)]
    if not positions:
        return None
    i = positions[pick(form + kind, len(positions))]
    cands = sorted(candidates_of(form[i]))
    return form[:i] + cands[pick(form + kind + "c", len(cands))] + form[i + 1:]


def slips_of_form(form, sound, shape, common):
    out = {}
    out["sound"] = replace(form, "sound", lambda c: sound.get(c, set()) - {c})
    out["shape"] = replace(form, "shape",
                           lambda c: shape.get(c, set()) - sound.get(c, set()) - {c})
    out["other"] = replace(form, "other", lambda c: (common - sound.get(c, set()) -
                                                     shape.get(c, set()) - {c}))
    inner = [i for i in range(1, len(form) - 1) if is_han(form[i])]
    if inner:
        i = inner[pick(form + "drop", len(inner))]
        out["drop"] = form[:i] + form[i + 1:]
    pairs = [i for i in range(len(form) - 1)
             if is_han(form[i]) and is_han(form[i + 1]) and form[i] != form[i + 1]]
    if pairs:
        i = pairs[pick(form + "swap", len(pairs))]
        out["swap"] = form[:i] + form[i + 1] + form[i] + form[i + 2:]
    return {k: v for k, v in out.items() if v}


def part_slips():
    """(written form, kind, slip) for the multi-part formulations."""
    out = []
    for line in dictlib.read_lines(EXPR / "formulation-parts.txt"):
        if not line or line.startswith("#"):
            continue
        form = line.split("\t")[0]
        if "|" in form or "；" in form:
            continue
        # a/b: b is an earlier accepted wording of a part; the current one is planted.
        form = re.sub(r"/[^、，]*", "", form)
        parts = form.replace("，", "、").split("、")
        if len(parts) < 3:
            continue
        seps = [c for c in form if c in "、，"]
        i = pick(form + "part", len(parts))
        kept = parts[:i] + parts[i + 1:]
        ksep = seps[:i] + seps[i + 1:] if i < len(seps) else seps[:-1]
        out.append((form, "part", "".join(p + s for p, s in zip(kept, ksep + [""]))))
        common = set(parts[0])
        for p in parts[1:]:
            common &= set(p)
        if len(common) == 1 and all(len(p) >= 3 for p in parts):
            k = next(iter(common))
            out.append((form, "key", "".join(p.replace(k, "", 1) + s
                                             for p, s in zip(parts, seps + [""]))))
    return out


def run_check(cuomin, texts, jobs):
    with tempfile.TemporaryDirectory(prefix="plant-canonical-") as tmp:
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


def overlaps(findings, text, span, min_rank):
    b0 = len(text[:span[0]].encode("utf-8"))
    b1 = len(text[:span[1]].encode("utf-8"))
    return [f for f in findings if SEVERITY_RANK.get(f["severity"], 0) >= min_rank
            and f["offset"] < b1 and f["offset"] + f["length"] > b0]


def length_class(form):
    n = len(form)
    return "4-5" if n < 6 else ("6-9" if n < 10 else "10+")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cuomin", required=True)
    ap.add_argument("--min-severity", default="major", choices=list(SEVERITY_RANK))
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--show-misses", default="", help="kinds whose misses to print, or all")
    args = ap.parse_args()
    min_rank = SEVERITY_RANK[args.min_severity]

    sound, shape = sound_table(), shape_table()
    common = {c for c in dictlib.read_lines(dictlib.data_path("confusion", "common_char_set.txt"))
              if len(c) == 1 and is_han(c)}
    listed = all_listed()
    cases = []
    for form in canonical_forms():
        for kind, slip in slips_of_form(form, sound, shape, common).items():
            cases.append((form, kind, slip))
    cases += part_slips()
    clean = dictlib.clean_texts()
    slips = {s for _, _, s in cases}
    in_clean = dictlib.count_in_texts(slips, clean)
    cases = [c for c in cases if c[2] not in in_clean and c[2] not in listed and c[2] != c[0]]

    texts, spans = [], []
    for n, (form, kind, slip) in enumerate(cases):
        carrier = CARRIERS[pick(form, len(CARRIERS))]
        for written in (slip, form):
            i = carrier.index("{}")
            texts.append(carrier.format(written))
            spans.append((i, i + len(written)))
    by = run_check(args.cuomin, texts, args.jobs)

    found = collections.Counter()
    total = collections.Counter()
    alarms, misses = [], []
    show = set(args.show_misses.split(",")) if args.show_misses else set()
    for n, (form, kind, slip) in enumerate(cases):
        hit = overlaps(by.get(2 * n, []), texts[2 * n], spans[2 * n], min_rank)
        for key in (kind, f"{kind} {length_class(form)}", "all"):
            total[key] += 1
            found[key] += bool(hit)
        if not hit:
            misses.append((kind, form, slip))
        ctrl = overlaps(by.get(2 * n + 1, []), texts[2 * n + 1], spans[2 * n + 1], min_rank)
        if ctrl:
            alarms.append((form, ctrl[0]["rule"], ctrl[0]["text"]))
    controls = len({c[0] for c in cases})
    print(f"planted slips of canonical forms: {total['all']} cases, min severity "
          f"{args.min_severity}")
    for key in sorted(total, key=lambda k: (k.split()[0] != "all", k)):
        print(f"  {key:12s} {found[key]:4d}/{total[key]:<4d} {100 * found[key] / total[key]:5.1f}%")
    print(f"false alarms on the forms as written: {len(set(alarms))} of {controls} forms")
    for a in sorted(set(alarms)):
        print("  alarm", *a, sep="\t")
    for kind, form, slip in misses:
        if "all" in show or kind in show:
            print("  miss", kind, form, slip, sep="\t")


if __name__ == "__main__":
    main()
