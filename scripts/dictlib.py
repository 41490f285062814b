"""Shared helpers for the dictionary build scripts (python3 stdlib only).

The build scripts read the read-only reference data in /work/shared/data (override with the
CUOMIN_DATA environment variable) and write plain word lists into dictionaries/. The product
never reads the reference data at run time.
"""

import bz2
import json
import os
import sys
from collections import defaultdict

DATA = os.environ.get("CUOMIN_DATA", "/work/shared/data")
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DICT_DIR = os.path.join(REPO, "dictionaries")
SCRIPT_DATA = os.path.join(REPO, "scripts", "data")


def data_path(*parts):
    return os.path.join(DATA, *parts)


def unihan_field(file, field, folder=None):
    """{character: value} of one field of the Unicode Han database as Debian's unicode-data
    installs it (Unihan_<file>.txt.bz2 in /usr/share/unicode; Unicode License): e.g.
    unihan_field("OtherMappings", "kTGH") gives the 通用规范汉字表 numbers ("2013:1234")."""
    path = os.path.join(folder or "/usr/share/unicode", f"Unihan_{file}.txt.bz2")
    values = {}
    try:
        with bz2.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if len(cols) == 3 and cols[1] == field:
                    values[chr(int(cols[0][2:], 16))] = cols[2]
    except OSError as e:
        sys.exit(f"{e.filename}: {e.strerror} (apt-get install unicode-data)")
    return values


def tgh_numbers(folder=None):
    """{character: its number in the 通用规范汉字表} (level 1: 1-3500, level 2: 3501-6500)."""
    return {c: int(v.split(":")[1]) for c, v in unihan_field("OtherMappings", "kTGH", folder).items()}


def read_lines(path):
    """Lines of a text file: BOM dropped, CR/LF/CRLF line ends all accepted, stripped."""
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [line.strip() for line in text.split("\n")]


def read_review_list(name):
    """A committed review list under scripts/data/: one entry a line, '#' comments."""
    path = os.path.join(SCRIPT_DATA, name)
    if not os.path.exists(path):
        return []
    out = []
    for line in read_lines(path):
        if not line or line.startswith("#"):
            continue
        out.append(line.split("#", 1)[0].strip())
    return [x for x in out if x]


def clean_corpus_docs():
    """(name, text) of the clean government corpus: gov-text content and titles."""
    docs = []
    for fname in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        with open(data_path("gov-text", fname), encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                rec = json.loads(line)
                docs.append((rec.get("title", fname), rec.get("title", "") + "\n" +
                             strip_licence_footer(rec.get("content", ""))))
    return docs


def strip_licence_footer(content):
    """The report without Wikisource's licence template ("本作品是中华人民共和国的…",
    "本作品来自…"), which follows most reports with its own links and footnote markers on
    lines of their own: it is not government text."""
    i = content.rfind("\n本作品")
    return content[:i] if i >= 0 else content


def clean_texts():
    """All clean text: the gov corpus plus the correct side of the ODW development set,
    official-writing vocabulary and State Council policy titles."""
    texts = [t for _, t in clean_corpus_docs()]
    extra = []
    for line in read_lines(data_path("csc", "odw.train")):
        parts = line.split("\t")
        if len(parts) == 3:
            extra.append(parts[2])
    for line in read_lines(data_path("wordlists", "公文写作.txt")):
        if line:
            extra.append(line.split("\t")[0].strip())
    for line in read_lines(data_path("wordlists", "政策法规标题.txt")):
        if line:
            extra.append(line)
    texts.append("\n".join(extra))
    return texts


def jieba_dict():
    """word -> frequency from jieba's dict.txt."""
    out = {}
    with open(data_path("frequency", "dict.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2:
                try:
                    out[parts[0]] = int(parts[1])
                except ValueError:
                    pass
    return out


def _occurrences(words, texts):
    """Yields (text, start, word) for every occurrence of every word in texts.

    Slides a window of each needed length over the texts and looks the slice up in a set:
    linear in corpus size times the number of distinct lengths, no third-party matcher."""
    by_len = defaultdict(set)
    for w in words:
        if w:
            by_len[len(w)].add(w)
    for text in texts:
        n = len(text)
        for length, ws in by_len.items():
            for i in range(0, n - length + 1):
                s = text[i:i + length]
                if s in ws:
                    yield text, i, s


def count_in_texts(words, texts):
    """word -> number of occurrences in texts, for every word that occurs at least once."""
    counts = defaultdict(int)
    for _, _, s in _occurrences(words, texts):
        counts[s] += 1
    return counts


def occurrences_with_context(words, texts, width=6):
    """word -> list of (left, right) context strings around each occurrence."""
    out = defaultdict(list)
    for text, i, s in _occurrences(words, texts):
        out[s].append((text[max(0, i - width):i], text[i + len(s):i + len(s) + width]))
    return out


def write_list(path, header_lines, entries):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for h in header_lines:
            f.write("# " + h + "\n" if h else "#\n")
        for e in entries:
            f.write(e + "\n")


def log(*args):
    print(*args, file=sys.stderr)
