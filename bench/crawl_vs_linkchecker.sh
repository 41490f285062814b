#!/usr/bin/env bash
# Crawl + scan speed of `cuomin crawl` beside LinkChecker (Debian package `linkchecker`) over
# the same loopback site in the same run: pages/s and peak RSS of each.
#   bash bench/crawl_vs_linkchecker.sh [BUILD_DIR] [PAGES]
set -euo pipefail
BUILD=${1:-build}
PAGES=${2:-10000}
rm -f /tmp/cuomin_site_url.txt
"$BUILD/bench/site_server_bench" --pages "$PAGES" > /tmp/cuomin_site_url.txt &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s /tmp/cuomin_site_url.txt ] && break; sleep 0.1; done
URL=$(cat /tmp/cuomin_site_url.txt)
echo "site: $URL ($PAGES pages)"

measure() {  # name, command...: prints seconds and peak RSS (MB)
  local name=$1; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o /tmp/cuomin_bench_rss.txt "$@" > /tmp/cuomin_bench_out.txt 2>/tmp/cuomin_bench_err.txt || true
  grep -m3 "cuomin:" /tmp/cuomin_bench_err.txt >&2 || true
  end=$(date +%s.%N)
  local secs rss
  secs=$(echo "$end - $start" | bc)
  rss=$(tail -1 /tmp/cuomin_bench_rss.txt)
  printf '%-12s %8.1f s  %8.1f pages/s  peak RSS %6.1f MB\n' "$name" "$secs" \
    "$(echo "$PAGES / $secs" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
}

# Same politeness budget for both: 8 requests in flight to the one host, no rate cap.
measure "cuomin" "$BUILD/cmd/cuomin" crawl --format json --fail-on none --no-sitemap \
  --concurrency 8 --per-host-concurrency 8 --per-host-rate 100000 --max-depth 1000 "$URL"
echo "  cuomin findings: $(wc -l < /tmp/cuomin_bench_out.txt)"
# LinkChecker caps every host at 10 requests/s by default; lift that cap so that both tools
# run at the speed of their own code, as cuomin does with --per-host-rate above.
RC=$(mktemp /tmp/linkcheckerrc.XXXXXX)
chmod 644 "$RC"
printf '[checking]\nmaxrequestspersecond=100000\nthreads=8\n' > "$RC"
measure "linkchecker" linkchecker -f "$RC" --no-status --no-warnings -t 8 -o none "$URL"
rm -f "$RC"
