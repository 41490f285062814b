#!/usr/bin/env bash
# Load test of the server's site-scan routes with wrk (Debian): a generated database of 200
# sites, 10,000 scans (50 a site) and 2,000,000 findings with their 整改 ledger entries
# (bench/make_sites_db), 16 connections, against the ledger's lists, the per-unit counts, the
# statistics, a site's scan history and the CSV exports. Prints a Markdown table of wrk's
# latency percentiles and requests/s per route, with the load average; the target is p99
# under 200 ms.
#
#   bash bench/sites_load.sh [BUILD_DIR] [SECONDS] [DB]
#
# DB: a database made before by make_sites_db (kept, not deleted); without it one is made in
# a temporary directory (several minutes).
set -euo pipefail
build=${1:-build}
seconds=${2:-20}
db=${3:-}
work=$(mktemp -d)
port=${PORT:-18932}
site=${SITE:-100}  # the site of the per-site routes
server=
trap '[ -n "$server" ] && { kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; }; rm -rf "$work"' EXIT
if [ -z "$db" ]; then
  db="$work/sites.db"
  "$build/bench/make_sites_db" "$db"
fi
"$build/cmd/cuomin" serve --db "$db" --listen 127.0.0.1:$port 2>"$work/serve.log" &
server=$!
# A server that exits (a bad database, the port taken) or never answers ends the run with its
# log and a non-zero status, not silently (set -e would stop at the first failed curl).
up=
for _ in $(seq 600); do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then up=1; break; fi
  kill -0 "$server" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$up" ]; then
  echo "sites_load.sh: the server did not start on 127.0.0.1:$port; its log:" >&2
  cat "$work/serve.log" >&2
  exit 1
fi
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -H "Origin: http://127.0.0.1:$port" \
  -d '{"username":"admin","password":"bench-password"}' \
  "http://127.0.0.1:$port/api/login" | sed -n 's/^Set-Cookie: \([^;]*\).*/\1/p' || true)
[ -n "$cookie" ] || { echo "sites_load.sh: login failed; the server's log:" >&2; cat "$work/serve.log" >&2; exit 1; }
# The second page of the whole ledger, by the keyset the first page hands out.
next=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port/api/ledger?per_page=100" |
  sed -n 's/.*"next":"\([0-9.]*\)".*/\1/p')
# One line of a Markdown table a route, with the load average (1 min) as the route ends: on a
# shared machine the figures mean little without it.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| route | p50 | p99 | req/s | errors | load |"
echo "|---|---|---|---|---|---|"
for path in "/api/ledger?per_page=100" "/api/ledger?per_page=100&after=$next" \
            "/api/ledger?site=$site" "/api/ledger?status=overdue" \
            "/api/ledger?site=$site&status=overdue" "/api/ledger?unit=5&status=open" \
            "/api/ledger/units" "/api/ledger/units?site=$site" \
            "/api/stats" "/api/stats?from=2026-06-01&to=2026-06-30" \
            "/api/sites/$site/scans?limit=50" \
            "/api/ledger.csv?site=$site" "/api/ledger.csv?unit=5&status=overdue" "/api/stats.csv"; do
  out=$(wrk -t2 -c16 -d"${seconds}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port$path")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  # Timeouts, non-2xx answers and socket errors, as wrk words them.
  errors=$( (grep -E 'Non-2xx|Socket errors' <<<"$out" || true) | sed 's/^ *//' | tr '\n' ' ')
  echo "| $path | ${p50:--} | ${p99:--} | ${rps:-0} | ${errors:-none} | $(cut -d' ' -f1 /proc/loadavg) |"
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
