#!/usr/bin/env bash
# Crawl + scan speed of `cuomin crawl` beside LinkChecker (Debian package `linkchecker`) over
# the same loopback site in the same run: pages/s and peak RSS of each.
#   bash bench/crawl_vs_linkchecker.sh [BUILD_DIR] [PAGES]
# And whether cuomin's memory follows the URL set, not page content (cuomin only):
#   bash bench/crawl_vs_linkchecker.sh BUILD_DIR memory
#
# Fair to LinkChecker (site_server_bench.cc says why for the server side):
# - the site sends the `LinkChecker` response header, LinkChecker's documented opt-in that
#   lets maxrequestspersecond go above 10 (otherwise it sleeps 0.1-0.6 s per request per host
#   whatever the setting, ~3 pages/s);
# - the server sets TCP_NODELAY and keeps connections for 1000 requests, as nginx does;
# - maxrequestspersecond=100000 in an rc file, 8 threads: the same 8 requests in flight as
#   cuomin's --concurrency 8 --per-host-concurrency 8, neither tool rate-capped;
# - everything else LinkChecker's defaults (robots.txt read, intern links only, HTML parsed).
# cuomin additionally scans every page with its full rule set; LinkChecker only checks links.
set -euo pipefail
BUILD=${1:-build}
MODE=${2:-10000}
TMP=$(mktemp -d /tmp/cuomin_bench.XXXXXX)
chmod 755 "$TMP"  # LinkChecker drops root privileges to nobody and must read its rc file
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

start_site() {  # pages, repeat: starts the server, sets URL
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -f "$TMP/url"
  "$BUILD/bench/site_server_bench" --pages "$1" --repeat "$2" > "$TMP/url" &
  SERVER=$!
  for _ in $(seq 50); do [ -s "$TMP/url" ] && break; sleep 0.1; done
  URL=$(cat "$TMP/url")
  local bytes
  bytes=$(curl -s "$URL" | wc -c 2>/dev/null || echo "?")
  echo "site: $URL ($1 pages of ~$bytes bytes)"
}

measure() {  # name, pages, command...: prints seconds, pages/s and peak RSS (MB)
  local name=$1 pages=$2; shift 2
  local start end secs rss
  start=$(date +%s.%N)
  /usr/bin/time -f "%M %U %S" -o "$TMP/time" "$@" > "$TMP/out" 2> "$TMP/err" || true
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc)
  read -r rss user sys < <(tail -1 "$TMP/time")
  printf '%-12s %7.1f s  %7.1f pages/s  peak RSS %6.1f MB  (CPU user %s s, sys %s s)\n' \
    "$name" "$secs" "$(echo "$pages / $secs" | bc -l)" "$(echo "$rss / 1024" | bc -l)" \
    "$user" "$sys"
}

CUOMIN_CRAWL=("$BUILD/cmd/cuomin" crawl --format json --fail-on none --no-sitemap
  --concurrency 8 --per-host-concurrency 8 --per-host-rate 100000 --max-depth 1000)

if [ "$MODE" = memory ]; then
  # A one-page site first: the rule set and blocklists' share of every figure below.
  for spec in "1 1" "10000 1" "10000 8" "30000 1"; do
    read -r pages repeat <<< "$spec"
    start_site "$pages" "$repeat"
    measure "cuomin" "$pages" "${CUOMIN_CRAWL[@]}" "$URL"
    grep -m1 "站内页面" "$TMP/err" | sed 's/^/  /' || true
    echo "  findings streamed out: $(wc -l < "$TMP/out")"
  done
  exit 0
fi

PAGES=$MODE
start_site "$PAGES" 1
measure "cuomin" "$PAGES" "${CUOMIN_CRAWL[@]}" "$URL"
grep -m1 "站内页面" "$TMP/err" | sed 's/^/  /' || true
echo "  cuomin findings: $(wc -l < "$TMP/out")"
# The same crawl without the statistical context-typo rule (the costliest rule per page), to
# tell the crawler's speed from the rule set's.
measure "cuomin -ctx" "$PAGES" "${CUOMIN_CRAWL[@]}" --disable context-typo "$URL"
echo "  (--disable context-typo) findings: $(wc -l < "$TMP/out")"

printf '[checking]\nmaxrequestspersecond=100000\nthreads=8\n' > "$TMP/linkcheckerrc"
chmod 644 "$TMP/linkcheckerrc"
measure "linkchecker" "$PAGES" linkchecker -f "$TMP/linkcheckerrc" --no-status --no-warnings \
  -o text "$URL"
grep -m1 "links in" "$TMP/out" | sed 's/^/  /' || tail -3 "$TMP/out"
