#!/usr/bin/env bash
# The hostile inputs of issue #17, run once each through the built binary with
# /usr/bin/time -v: one markdown row per case (case, exit code, first line of output, wall
# time, peak memory). The "before" column of bench/hostile_table.md comes from the issue's own
# text; this script measures "now".
#
#   bash bench/hostile_table.sh [build/cmd/cuomin [SECTIONS]] > /tmp/rows.md
#
# SECTIONS: a comma-separated subset of html,memory,text,rules,reading,output,disclosure,crawl (default
# all); "text" is the 300 MB text alone (from a file, standard input and as UTF-16).
#
# Inputs are generated in a temporary directory (about 700 MB at its peak, for the 300 MB text)
# and removed at the end. Crawl cases use python3 servers on 127.0.0.1.
set -uo pipefail
CUOMIN=$(realpath "${1:-build/cmd/cuomin}")
SECTIONS=${2:-all}
want() { [[ $SECTIONS == all || ,$SECTIONS, == *,$1,* ]]; }
W=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$W"
}
trap cleanup EXIT

# row NAME CMD...: runs CMD under /usr/bin/time -v with a 10-minute cap.
row() {
  local name=$1
  shift
  /usr/bin/time -v -o "$W/time" timeout -s KILL 600 "$@" >"$W/out" 2>"$W/err" </dev/null
  local rc=$?
  local wall mem first
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$W/time")
  mem=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$W/time")
  first=$( (grep -m1 -E 'read-incomplete|check-incomplete|\[' "$W/out" || head -n1 "$W/out"; tail -n 3 "$W/err") |
    tr '\n' ' ' | sed 's/|/\\|/g' | cut -c1-230)
  printf '| %s | %s | %s | %s | %s | %s MB |\n' "$name" "$rc" "$first" "$(grep -c '' "$W/out")" "$wall" \
    "$((mem / 1024))"
}

nest() { # FILE OPEN COUNT
  { printf '<html><body>'; yes "$2" | head -n "$3" | tr -d '\n'; printf '一愁莫展'; } >"$1"
}

echo "| case | exit | output (first finding; last stderr lines) | stdout lines | wall | peak RSS |"
echo "|---|---|---|---|---|---|"

# --- HTML of any shape (cuomin check) ---
# An 880 KB page of nested table cells (the issue's crash).
nest "$W/table-880k.html" '<table><td>' 80000
if want html; then
row "check: 880 KB of nested <table><td> (80,000 levels)" "$CUOMIN" check "$W/table-880k.html"
nest "$W/svg-400k.html" '<svg><g>' 400000
row "check: <svg> with 400,000 nested <g>" "$CUOMIN" check "$W/svg-400k.html"
nest "$W/div-100k.html" '<div>' 100000
row "check: 100,000 nested <div>" "$CUOMIN" check "$W/div-100k.html"
nest "$W/div-1m.html" '<div>' 1000000
row "check: 1,000,000 nested <div>" "$CUOMIN" check "$W/div-1m.html"
fi

# --- Memory (cuomin check) ---
if want memory; then
# 250 MB of tiny paragraphs in a small .docx.
python3 - "$W/bomb.docx" <<'PY'
import sys, zipfile
w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    with z.open('word/document.xml', 'w', force_zip64=True) as f:
        f.write(f'<?xml version="1.0"?><w:document {w}><w:body>'.encode())
        chunk = ('<w:p><w:r><w:t>字</w:t></w:r></w:p>' * 10000).encode()
        for _ in range(250 * 1024 * 1024 // len(chunk)):
            f.write(chunk)
        f.write(b'</w:body></w:document>')
PY
row "check: .docx of $(($(stat -c %s "$W/bomb.docx") / 1024)) KB holding 250 MB of XML" "$CUOMIN" check "$W/bomb.docx"
row "check -j2: the same .docx twice" "$CUOMIN" check -j2 "$W/bomb.docx" "$W/bomb.docx"
rm -f "$W/bomb.docx"
fi
if want memory || want text; then
# 300 MB of text with a typo every few characters: from a file, through a pipe, as UTF-16.
yes '面对困难一愁莫展，要按装设备。' | head -c $((300 * 1024 * 1024)) >"$W/many.txt"
row "check: 300 MB of text, 40 million typos" "$CUOMIN" check --format json "$W/many.txt"
row "check - (stdin): the same 300 MB" bash -c "\"\$0\" check --format json - <\"\$1\"" "$CUOMIN" "$W/many.txt"
iconv -f UTF-8 -t UTF-16 "$W/many.txt" >"$W/many16.txt" && rm -f "$W/many.txt"
row "check: the same text as UTF-16 (600 MB)" "$CUOMIN" check --format json "$W/many16.txt"
rm -f "$W/many.txt" "$W/many16.txt"
fi

# --- Rules ---
if want rules; then
mkdir -p "$W/rules/sensitive"
printf 'id: sensitive/slow\ntype: existence\ncategory: sensitive\nseverity: major\nmessage: x\nwords: [赌场]\ncontext:\n  - near: 打击\n    window: 100000\n    present: skip\n' \
  >"$W/rules/sensitive/slow.yml"
row "check: a rule with a near window of 100,000" "$CUOMIN" check --rules "$W/rules" "$W/table-880k.html"
python3 -c "print('a:\n' + ''.join('  ' * i + '- \n' for i in range(2000)))" >"$W/rules/sensitive/deep.yml"
rm "$W/rules/sensitive/slow.yml"
row "check: a rule file nested 2,000 levels" "$CUOMIN" check --rules "$W/rules" "$W/table-880k.html"
fi

# --- Reading ---
if want reading; then
printf '第一行是UTF-8：不能一愁莫展。\n\xb5\xda\xb6\xfe\xd0\xd0\xca\xc7GBK\xa3\xba\xd2\xaa\xb0\xb4\xd7\xb0\xb1\xd8\xd2\xaa\xb5\xc4\xc9\xe8\xb1\xb8\xa1\xa3\n' >"$W/mixed.txt"
row "check: half UTF-8, half GBK" "$CUOMIN" check "$W/mixed.txt"
printf '这里有坏字节\xff\xfe\xff之后不能一愁莫展。\n' >"$W/lost.txt"
row "check: three undecodable bytes" "$CUOMIN" check "$W/lost.txt"
mkdir -p "$W/loop" && ln -s b.txt "$W/loop/a.txt" && ln -s a.txt "$W/loop/b.txt"
row "check: a symlink loop" "$CUOMIN" check "$W/loop"
fi

# --- Output ---
if want output; then
printf '这件事不能一愁莫展\e[2J。\n' >"$W/esc$(printf '\e')[31m.txt"
row "check --format csv: ESC in text and file name" "$CUOMIN" check --format csv "$W/esc"*.txt
printf '不能一愁莫展\xe2\x80\xa8另起一行。\n' >"$W/ls.txt"
row "check --format json: U+2028 in the text" "$CUOMIN" check --format json "$W/ls.txt"
fi

# --- An annual report's title over 480 KB of labelled rows of numbers (the tables of a text are
# rebuilt from where its words stand when its lines give none: a bounded number of words) ---
if want disclosure; then
{
  echo '2019年某市人民政府政府信息公开工作年度报告'
  for ((i = 0; i < 6000; ++i)); do
    printf 'label%d' "$i"
    for ((k = 0; k < 20; ++k)); do printf '   %d' $(((i * 31 + k * 17) % 100)); done
    printf '\n\n'
  done
} >"$W/report-rows.txt"
row "check consistency: a report's title over 480 KB of labelled number rows" "$CUOMIN" check \
  --no-default-rules --rules "$(dirname "$0")/../dictionaries/consistency" "$W/report-rows.txt"
fi

want crawl || exit 0
# --- Crawls against hostile servers (python3 on loopback) ---
cat >"$W/servers.py" <<'PY'
import http.server, socket, sys, threading, time
mode, port = sys.argv[1], int(sys.argv[2])
if mode == "drip":
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port)); s.listen(8)
    def serve(c):
        try:
            for b in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n" * 1000:
                c.send(bytes([b])); time.sleep(2)
        except OSError:
            pass
    while True:
        c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        if mode == "links" and self.path == "/":
            body = "".join(f'<a href="http://127.0.0.2:{port}/t/{i}">x</a>' for i in range(100000))
        elif mode == "metadata" and self.path == "/":
            body = '<a href="/r">a</a><a href="http://169.254.169.254/latest/meta-data/">b</a>'
        elif mode == "metadata" and self.path == "/r":
            self.send_response(302); self.send_header("Location", "file:///etc/passwd"); self.end_headers(); return
        elif mode == "robots" and self.path == "/robots.txt":
            body = "User-agent: *\nDisallow: /\n"
        else:
            body = "<p>ok</p>"
        b = body.encode(); self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8"); self.send_header("Content-Length", str(len(b)))
        self.end_headers(); self.wfile.write(b)
http.server.ThreadingHTTPServer(("0.0.0.0", port), H).serve_forever()
PY
port=$((20000 + RANDOM % 20000))
serve() { # MODE PORT
  python3 "$W/servers.py" "$1" "$2" &
  PIDS+=($!)
  sleep 1
}
serve drip $port
row "crawl: a server that drips its headers (--timeout 5)" "$CUOMIN" crawl --timeout 5 http://127.0.0.1:$port/
serve links $((port + 1))
row "crawl --max-pages 1: 100,000 outbound links on one page" "$CUOMIN" crawl --max-pages 1 --per-host-rate 1000 --concurrency 16 --per-host-concurrency 16 http://127.0.0.1:$((port + 1))/
serve metadata $((port + 2))
row "crawl: links and a redirect to 169.254.169.254, file://" "$CUOMIN" crawl http://127.0.0.1:$((port + 2))/
serve robots $((port + 3))
row "crawl: robots.txt disallows everything" "$CUOMIN" crawl http://127.0.0.1:$((port + 3))/
mkdir -p "$W/ro"
"$CUOMIN" crawl --db "$W/ro/site.db" http://127.0.0.1:$((port + 3))/ >/dev/null 2>&1
chattr +i "$W/ro/site.db" 2>/dev/null
row "crawl --db: an immutable (read-only) database" "$CUOMIN" crawl --db "$W/ro/site.db" http://127.0.0.1:$((port + 2))/
chattr -i "$W/ro/site.db" 2>/dev/null
