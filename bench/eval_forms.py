#!/usr/bin/env python3
"""Are the same errors found whatever form the text comes in? (#14, reader side)

The rules are measured on plain sentences (bench/eval_real_errors.py). Users' pages and
attachments carry the same sentences as HTML articles split by inline tags, as GBK pages, as
text with hard line breaks inside a sentence (pdftotext, OCR), as spaced headlines, as Word
files whose runs split a word, as PDFs. This evaluation wraps each sentence in each such form,
runs `cuomin check --format json` once per form, and compares with the plain-text run:

  * recall per form: of the `dev` cases of tests/testdata/real-errors/cases.tsv that the plain
    run finds (a finding of --min-severity or more overlapping the wrong span), how many the
    form run finds too. Only rows with part == dev are read; held-out parts are dropped before
    anything else is looked at.
  * misplaced: form findings on a case whose original bytes do not show the finding's text
    (tags and entities read as a browser does): a finding must point at the right characters.
    Checked for the forms whose original cuomin reports offsets into (text and HTML).
  * false alarms per form: paragraphs of the clean gov-text corpus (../shared/data/gov-text)
    in the same forms; a major or critical finding that the plain run of the same paragraph
    does not have (same rule, same text once spaces are removed) is a false alarm, counted per
    100,000 characters. In the mixed-punctuation form, findings on a mark that the form itself
    changed (a half-width comma in Chinese text is an error) are not counted.

Where a form puts something inside a sentence (a tag, a line break, an entity), cases get it
inside the wrong span (the hardest place) and clean paragraphs every few characters at
positions drawn from a hash of the text, so every run is the same (deterministic).

Forms: plain (baseline), txt-linebreak, txt-spaced, txt-punct-mixed, html-inline,
html-entities, html-br, html-table, html-gbk, docx-runs, pdf-wrapped.

  bench/eval_forms.py --cuomin build/cmd/cuomin
  bench/eval_forms.py --cuomin build/cmd/cuomin --forms plain,html-inline --show-misses
  bench/eval_forms.py --cuomin build/cmd/cuomin --no-gov-text
  bench/eval_forms.py --cuomin build/cmd/cuomin --show-alarms --gov-chars 100000
"""
import argparse
import collections
import csv
import hashlib
import html
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import dictlib  # noqa: E402

SEVERITY_RANK = {"info": 0, "minor": 1, "major": 2, "critical": 3}
FORMS = ["plain", "txt-linebreak", "txt-spaced", "txt-punct-mixed", "html-inline",
         "html-entities", "html-br", "html-table", "html-gbk", "docx-runs", "pdf-wrapped"]
SPACES = re.compile(r"[\s\u00a0\u3000]+")
HALF = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"}


def is_han(ch):
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def cut_points(text, every, salt):
    """Positions between two Han characters, about one per `every` characters, drawn from a
    hash of the text so that the same text always gets the same cuts."""
    h = int(hashlib.sha1((salt + text).encode("utf-8")).hexdigest(), 16)
    cuts, i = [], 0
    while True:
        i += 3 + h % every
        h //= every
        if h < every:
            h = int(hashlib.sha1(str(h + i).encode()).hexdigest(), 16)
        if i >= len(text):
            return cuts
        if is_han(text[i - 1]) and is_han(text[i]):
            cuts.append(i)


def inside(span):
    """Cut positions inside the wrong span [s, e): its middle (between two characters)."""
    s, e = span
    return [s + (e - s) // 2] if e - s >= 2 else []


# ---- forms: each takes (text, cuts) and returns (file name suffix, bytes) ----------------

def split_at(text, cuts):
    out, last = [], 0
    for c in sorted(set(cuts)):
        out.append(text[last:c])
        last = c
    out.append(text[last:])
    return out


def form_txt_linebreak(text, cuts):
    # Under a title line, as a document starts (cuomin never wraps a file's first line).
    return ".txt", (PAGE_TITLE + "\n" + "\n".join(split_at(text, cuts)) + "\n").encode("utf-8")


def form_txt_spaced(text, cuts):
    return ".txt", (" ".join(text) + "\n").encode("utf-8")


def punct_mixed(text):
    """Half the marks of each kind half-width, as text typed with the input method switched."""
    seen = collections.Counter()
    out = []
    for ch in text:
        if ch in HALF:
            seen[ch] += 1
            out.append(HALF[ch] if seen[ch] % 2 else ch)
        else:
            out.append(ch)
    return "".join(out)


def form_txt_punct(text, cuts):
    return ".txt", (punct_mixed(text) + "\n").encode("utf-8")


PAGE_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="SiteName" content="某某市人民政府"><meta name="ColumnName" content="政务动态">
<title>{title}</title>
<link rel="stylesheet" type="text/css" href="/images/hanweb.css">
<script language="javascript" src="/module/jslib/jquery/jquery.js"></script>
</head><body>
<div class="header"><a href="/">首页</a> &gt; <a href="/col/col1/">政务动态</a></div>
<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="bt_content">
<!--<$[标题名称]>begin-->{title}<!--<$[标题名称]>end--></td></tr>
<tr><td class="bt_time">发布日期：2026-11-20&nbsp;&nbsp;来源：市政府办公室</td></tr>
<tr><td><div id="zoom"><div class="TRS_Editor">
{body}
</div></div></td></tr></table>
<div class="footer">主办：某某市人民政府办公室　网站标识码：3300000001</div>
</body></html>
"""
PAGE_TITLE = "市政府召开常务会议"
INLINE = [('<span style="font-family:仿宋_GB2312;font-size:16pt">', "</span>"),
          ("<strong>", "</strong>"), ('<a href="/art/2026/11/20/art_1.html">', "</a>"),
          ('<font face="宋体" color="#000000">', "</font>")]


def page(paragraphs_html, charset="UTF-8"):
    body = "\n".join(paragraphs_html)
    return PAGE_HEAD.format(charset=charset, title=PAGE_TITLE, body=body)


def inline_split(text, cuts):
    """Text with an inline element opened at every cut and closed at the next (the way an
    editor's pasted styles split a sentence: a word may be cut by </span><span>)."""
    pieces = split_at(text, cuts)
    out = []
    for i, p in enumerate(pieces):
        if i == 0:
            out.append(html.escape(p, quote=False))
        else:
            o, c = INLINE[i % len(INLINE)]
            out.append(o + html.escape(p, quote=False) + c)
    return "".join(out)


def form_html_inline(text, cuts):
    return ".html", page(['<p style="text-indent:2em">' + inline_split(text, cuts) +
                          "</p>"]).encode("utf-8")


def form_html_entities(text, cuts):
    # Indentation with &nbsp; and U+3000, the characters at the cuts written as &#x...; and
    # the source's own line breaks inside a sentence (an editor's HTML view wraps lines).
    cutset = set(cuts)
    out = []
    for i, ch in enumerate(text):
        if i in cutset:
            # A source line break shows as a space except between two wide characters.
            br = "\n" if is_han(text[i - 1]) and is_han(ch) else ""
            out.append(br + "&#x%x;" % ord(ch))
        else:
            out.append(html.escape(ch, quote=False))
    return ".html", page(["<p>&nbsp;&nbsp;\u3000\u3000" + "".join(out) + "</p>"]).encode("utf-8")


def form_html_br(text, cuts):
    return ".html", page(["<p>" + "<br>".join(html.escape(p, quote=False)
                                            for p in split_at(text, cuts)) + "</p>"]
                         ).encode("utf-8")


def form_html_table(text, cuts):
    cell = inline_split(text, cuts[:1])
    return ".html", page(['<table class="MsoTableGrid" border="1"><tbody><tr>'
                          '<td width="80"><p align="center">1</p></td>'
                          '<td><p><span style="font-size:14pt">' + cell +
                          "</span></p></td></tr></tbody></table>"]).encode("utf-8")


def form_html_gbk(text, cuts):
    try:
        text.encode("gbk")
        charset, codec = "gbk", "gbk"
    except UnicodeEncodeError:
        charset, codec = "gb18030", "gb18030"
    return ".html", page(["<p>" + inline_split(text, cuts) + "</p>"],
                         charset).encode(codec)


DOCX_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
           'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
           '<Override PartName="/word/document.xml" ContentType="application/vnd.'
           'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
DOCX_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
             'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
             'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
             '</Relationships>')
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(paragraph_runs):
    body = []
    for runs in paragraph_runs:
        rs = []
        for i, r in enumerate(runs):
            # Word splits runs after edits and records each run's revision id (rsid).
            rs.append('<w:r w:rsidR="00A1%04X"><w:rPr><w:rFonts w:hint="eastAsia"/>'
                      '</w:rPr><w:t xml:space="preserve">%s</w:t></w:r>'
                      % (i, html.escape(r, quote=False)))
        body.append("<w:p><w:pPr><w:ind w:firstLineChars=\"200\"/></w:pPr>%s</w:p>"
                    % "".join(rs))
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="%s"><w:body>%s<w:sectPr/></w:body></w:document>'
           % (W, "".join(body)))
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", DOCX_CT), ("_rels/.rels", DOCX_RELS),
                           ("word/document.xml", doc)):
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 0, 0, 0))
            z.writestr(info, data)
    return buf.getvalue()


def form_docx(text, cuts):
    return ".docx", docx_bytes([split_at(text, cuts)])


def pdf_bytes(lines):
    """A one-page-per-40-lines PDF whose font is a CID font with an identity ToUnicode map
    (as tests/attachment_writers.h writes): what pdftotext reads is exactly `lines`."""
    pages = [lines[i:i + 40] for i in range(0, len(lines), 40)] or [[]]
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    cmap = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
    for block in range(0, 256, 64):
        cmap += "64 beginbfrange\n" + "".join(
            "<%02X00> <%02XFF> <%02X00>\n" % (hi, hi, hi) for hi in range(block, block + 64))
        cmap += "endbfrange\n"
    cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    objs.append("<< /Length %d >>\nstream\n%sendstream" % (len(cmap), cmap))
    tounicode = len(objs)
    objs.append("<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 "
                "900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
    desc = len(objs)
    objs.append("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << "
                "/Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor "
                "%d 0 R /DW 1000 >>" % desc)
    cid = len(objs)
    objs.append("<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
                "/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid, tounicode))
    font = len(objs)
    kids = []
    for pl in pages:
        content = "BT\n/F1 12 Tf\n"
        y = 800
        for ln, (indent, line) in enumerate(pl):
            hexs = line.encode("utf-16-be").hex().upper()
            content += "1 0 0 1 %d %d Tm <%s> Tj\n" % (72 + 12 * indent, y, hexs)
            y -= 18
        content += "ET\n"
        objs.append("<< /Length %d >>\nstream\n%sendstream" % (len(content), content))
        objs.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
                    "<< /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, len(objs)))
        kids.append("%d 0 R" % len(objs))
    objs[1] = "<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(kids), len(kids))
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, o in enumerate(objs):
        offsets.append(len(out))
        out += ("%d 0 obj\n%s\nendobj\n" % (i + 1, o)).encode("latin-1")
    xref = len(out)
    out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)).encode()
    out += "".join("%010d 00000 n \n" % o for o in offsets).encode()
    out += ("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objs) + 1, xref)).encode()
    return out


PDF_WIDTH = 36  # characters of a full line at 12 pt on A4 with 2.5 cm margins


def wrap(text, first_break=None):
    """Lines of a justified paragraph: a two-character indent on the first line, full lines
    after it. first_break, when given, is where the first line ends (a case's wrong span),
    with the indent widened so the line still ends at the right margin."""
    if first_break is not None and 0 < first_break < len(text):
        n = min(first_break, PDF_WIDTH - 2)
        lines = [(PDF_WIDTH - n, text[:n])]
        rest = text[n:]
    else:
        lines = [(2, text[:PDF_WIDTH - 2])]
        rest = text[PDF_WIDTH - 2:]
    while rest:
        lines.append((0, rest[:PDF_WIDTH]))
        rest = rest[PDF_WIDTH:]
    return lines


def form_pdf(text, cuts):
    return ".pdf", pdf_bytes(wrap(text, cuts[0] if cuts else None))


FORM_FUNCS = {"txt-linebreak": form_txt_linebreak, "txt-spaced": form_txt_spaced,
              "txt-punct-mixed": form_txt_punct, "html-inline": form_html_inline,
              "html-entities": form_html_entities, "html-br": form_html_br,
              "html-table": form_html_table, "html-gbk": form_html_gbk,
              "docx-runs": form_docx, "pdf-wrapped": form_pdf,
              "plain": lambda t, c: (".txt", (t + "\n").encode("utf-8"))}
# Multi-paragraph documents for the clean corpus: one file holds a report's sample.
MULTI = {"html-inline": lambda ps: page(['<p style="text-indent:2em">' + inline_split(t, c) +
                                         "</p>" for t, c in ps]).encode("utf-8"),
         "docx-runs": lambda ps: docx_bytes([split_at(t, c) for t, c in ps]),
         "pdf-wrapped": lambda ps: pdf_bytes([ln for t, _ in ps for ln in wrap(t)])}


def build_file(form, items):
    """File suffix and bytes of `items` [(text, cuts)] in `form`."""
    if form in MULTI:
        data = MULTI[form](items)
        return FORM_FUNCS[form]("", [])[0], data
    parts = [FORM_FUNCS[form](t, c) for t, c in items]
    suffix = parts[0][0]
    if suffix == ".txt":
        data = b"".join(p[1] for p in parts)
        if form == "txt-linebreak":
            title = (PAGE_TITLE + "\n").encode("utf-8")
            data = title + data.replace(title, b"")
        return suffix, data
    # HTML forms: one page with every paragraph's <p> (or table) in turn.
    bodies = []
    charset = "UTF-8"
    for t, c in items:
        _, b = FORM_FUNCS[form](t, c)
        if form == "html-gbk":
            charset = "gb18030"
            b = b.decode("gb18030")
        else:
            b = b.decode("utf-8")
        bodies.append(b[b.index('<div class="TRS_Editor">') + 24:b.index("</div></div>")])
    codec = "gb18030" if form == "html-gbk" else "utf-8"
    return suffix, page(bodies, charset).encode(codec)


# ---- running and comparing -------------------------------------------------------------

def run_check(args, folder):
    cmd = [args.cuomin, "check", "--format", "json", "--fail-on", "none", "-j", str(args.jobs),
           str(folder)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"cuomin check failed ({p.returncode}): {p.stderr.strip()[:500]}")
    by_file = collections.defaultdict(list)
    for line in p.stdout.splitlines():
        if line.strip():
            f = json.loads(line)
            by_file[pathlib.Path(f["source"]).stem].append(f)
    return by_file


def norm(s, form):
    s = SPACES.sub("", s)
    if form == "txt-punct-mixed":
        back = {v: k for k, v in HALF.items()}
        s = "".join(back.get(ch, ch) for ch in s)
    return s


def visible(raw):
    """What a browser shows of a slice of HTML source: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>?", "", raw))


def hits_span(f, sentence, span, form):
    """Does finding f cover part of the wrong span? Located by the finding's text (spaces
    removed) in the sentence, so that every form is judged the same way."""
    t = norm(f["text"], form)
    if not t:
        return False
    s = norm(sentence, form)
    # Map the span to positions in the sentence without spaces.
    lo = len(norm(sentence[:span[0]], form))
    hi = len(norm(sentence[:span[1]], form))
    i = s.find(t)
    while i >= 0:
        if i < hi and i + len(t) > lo:
            return True
        i = s.find(t, i + 1)
    return False


def misplaced(f, data, form):
    """A finding whose original bytes do not show its text (text and HTML forms only)."""
    if form in ("docx-runs", "pdf-wrapped"):
        return False
    codec = "gb18030" if form == "html-gbk" else "utf-8"
    original = data.decode(codec).encode("utf-8")
    raw = original[f["offset"]:f["offset"] + f["length"]].decode("utf-8", "replace")
    shown = visible(raw) if form.startswith("html") else raw
    return norm(shown, form) != norm(f["text"], form)


def evaluate_cases(args, forms):
    with open(args.cases, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r["part"] == "dev"]  # held-out parts are never read further
    min_rank = SEVERITY_RANK[args.min_severity]
    result = {}
    base_found = None
    for form in forms:
        files = {}
        with tempfile.TemporaryDirectory(prefix="forms-") as tmp:
            for r in rows:
                text = r["text"]
                s = text.find(r["wrong"])
                span = (s, s + len(r["wrong"]))
                suffix, data = build_file(form, [(text, inside(span))])
                (pathlib.Path(tmp) / (r["id"] + suffix)).write_bytes(data)
                files[r["id"]] = (data, span)
            by = run_check(args, tmp)
        found, bad = set(), []
        for r in rows:
            data, span = files[r["id"]]
            fs = [f for f in by.get(r["id"], []) if SEVERITY_RANK[f["severity"]] >= min_rank]
            if any(hits_span(f, r["text"], span, form) for f in fs):
                found.add(r["id"])
            bad += [(r["id"], f) for f in fs if misplaced(f, data, form)]
        if base_found is None:
            base_found = found
        result[form] = (found, bad)
    return rows, base_found, result


def gov_paragraphs(limit):
    paras = []
    for name, text in dictlib.clean_corpus_docs():
        for line in text.split("\n"):
            line = line.strip()
            if len(line) >= 30 and line[-1] in "。；！？：" and line[0] not in "。，、；：":
                paras.append((name, line))
    # Every k-th paragraph, so that each report contributes and the sample is fixed.
    total = sum(len(p) for _, p in paras)
    step = max(1, total // limit)
    return paras[::step]


def fold_key(f, form):
    return (f["rule"], norm(f["text"], form))


def evaluate_gov(args, forms):
    paras = gov_paragraphs(args.gov_chars)
    docs = collections.defaultdict(list)
    for name, p in paras:
        docs[name].append(p)
    chars = sum(len(SPACES.sub("", p)) for _, p in paras)
    names = sorted(docs)
    base = None
    out = {}
    for form in forms:
        with tempfile.TemporaryDirectory(prefix="forms-gov-") as tmp:
            for i, n in enumerate(names):
                items = [(p, cut_points(p, 12, form)) for p in docs[n]]
                suffix, data = build_file(form, items)
                (pathlib.Path(tmp) / f"gov-{i:03d}{suffix}").write_bytes(data)
            by = run_check(args, tmp)
        keys = {}
        for i in range(len(names)):
            fs = [f for f in by.get(f"gov-{i:03d}", []) if SEVERITY_RANK[f["severity"]] >= 2]
            keys[i] = collections.Counter(fold_key(f, form) for f in fs), fs
        if base is None:
            base = keys
        alarms = []
        for i in range(len(names)):
            counter, fs = keys[i]
            extra = counter - base[i][0]
            for f in fs:
                k = fold_key(f, form)
                if extra[k] <= 0:
                    continue
                if form == "txt-punct-mixed" and any(ch in f["text"] for ch in HALF.values()):
                    continue  # the form's own half-width mark, rightly reported
                extra[k] -= 1
                alarms.append((names[i], f))
        out[form] = alarms
    return chars, out


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cuomin", default=str(ROOT / "build" / "cmd" / "cuomin"))
    ap.add_argument("--cases", default=str(ROOT / "tests" / "testdata" / "real-errors" /
                                           "cases.tsv"))
    ap.add_argument("--forms", default=",".join(FORMS),
                    help="comma-separated forms (plain is always run first, as the baseline)")
    ap.add_argument("--min-severity", choices=list(SEVERITY_RANK), default="minor")
    ap.add_argument("--gov-chars", type=int, default=200000,
                    help="about how many characters of clean paragraphs to sample")
    ap.add_argument("--no-gov-text", action="store_true")
    ap.add_argument("--no-cases", action="store_true")
    ap.add_argument("--show-misses", action="store_true",
                    help="list the dev cases the plain run finds and a form misses")
    ap.add_argument("--show-misplaced", action="store_true")
    ap.add_argument("--show-alarms", action="store_true")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args()
    if not os.access(args.cuomin, os.X_OK):
        sys.exit(f"{args.cuomin}: not an executable cuomin (build first or pass --cuomin)")
    forms = ["plain"] + [f for f in args.forms.split(",") if f and f != "plain"]
    for f in forms:
        if f not in FORM_FUNCS:
            sys.exit(f"unknown form {f!r}; forms: {', '.join(FORMS)}")
    table = {f: {} for f in forms}
    if not args.no_cases:
        rows, base, res = evaluate_cases(args, forms)
        text_of = {r["id"]: r for r in rows}
        for f in forms:
            found, bad = res[f]
            kept = len(found & base)
            table[f]["recall"] = f"{kept}/{len(base)} = {kept / max(1, len(base)):.2f}"
            table[f]["new"] = len(found - base)
            table[f]["misplaced"] = len(bad)
            if args.show_misses:
                for cid in sorted(base - found):
                    r = text_of[cid]
                    print(f"MISS {f} {cid}: 「{r['wrong']}」 in {r['text']}")
            if args.show_misplaced:
                for cid, fd in bad:
                    print(f"MISPLACED {f} {cid}: {fd['rule']}「{fd['text']}」 at "
                          f"{fd['offset']}+{fd['length']}")
        print(f"dev cases: {len(rows)}; found by the plain run: {len(base)} "
              f"(min severity {args.min_severity})")
    if not args.no_gov_text:
        chars, alarms = evaluate_gov(args, forms)
        for f in forms:
            n = len(alarms[f])
            table[f]["alarms"] = f"{n} = {n * 100000 / chars:.2f}/100k"
            if args.show_alarms:
                for name, fd in alarms[f]:
                    print(f"ALARM {f} {name[:20]} {fd['rule']}/{fd['severity']}「{fd['text']}」 "
                          f"{fd['context'][:60]}")
        print(f"clean gov-text sample: {chars:,} characters; alarms = major/critical findings "
              "the plain run of the same paragraphs does not have")
    print(f"\n{'form':<18}{'dev recall vs plain':>22}{'misplaced':>11}{'extra hits':>12}"
          f"{'clean-text alarms':>22}")
    for f in forms:
        t = table[f]
        print(f"{f:<18}{t.get('recall', '-'):>22}{t.get('misplaced', '-'):>11}"
              f"{t.get('new', '-'):>12}{t.get('alarms', '-'):>22}")


if __name__ == "__main__":
    main()
