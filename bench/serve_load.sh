#!/usr/bin/env bash
# Load test of cuomin serve with wrk (Debian): a generated database of 10,000 drafts and 200,000
# findings, 64 connections, against the API's findings list and the reviewer's home page
# (its HTML and the /api/home data it loads). Prints wrk's requests/s and latency percentiles.
#
#   bash bench/serve_load.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
build=${1:-build}
seconds=${2:-20}
work=$(mktemp -d)
port=18931
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
"$build/bench/make_review_db" --drafts 10000 --findings-per-draft 20 "$work/load.db"
"$build/cmd/cuomin" serve --db "$work/load.db" --listen 127.0.0.1:$port 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.2
done
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -H "Origin: http://127.0.0.1:$port" \
  -d '{"username":"reviewer1","password":"bench-password"}' \
  "http://127.0.0.1:$port/api/login" | sed -n 's/^Set-Cookie: \([^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "login failed"; cat "$work/serve.log"; exit 1; }
for path in "/api/findings?page=1&per_page=100" "/api/findings?severity=critical&page=3" \
            "/api/home" "/"; do
  echo "== GET $path (64 connections, ${seconds}s)"
  wrk -t2 -c64 -d"${seconds}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port$path" |
    grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors'
done
