#!/usr/bin/env bash
# A site scan inside `cuomin serve` beside `cuomin crawl` over the same loopback site, and the
# dashboard's latency while the server scans (issue #12, "Load"):
#
#   bash bench/scan_in_server.sh [BUILD_DIR] [PAGES] [ROUNDS] [WRK_SECONDS]
#
# The site is bench/site_server_bench: PAGES pages of notice text, each with a typo and four
# links. Each round, back to back so that both see the same machine load:
#   1. `cuomin crawl` with the politeness the site is configured with in the server
#      (concurrency 8, 8 per host, RATE requests/s per host), its pages/s from its summary
#      (站内页面 N, 用时 S 秒: fetch and check, after the rules are loaded);
#   2. `cuomin serve` on a fresh database with a unit and an admin (the CLI, as an office
#      sets one up); the admin logs in, configures the site (POST /api/sites) and starts a scan
#      (POST /api/sites/1/scan); its pages/s is the summary of GET /api/sites/1/progress once
#      it ended (pages, milliseconds: the same crawl statistics as the crawl's summary);
#   3. while the scan runs, wrk (2 threads, 16 connections, WRK_SECONDS each) in turn on the
#      dashboard's page (/), /api/ledger, /api/stats, /api/sites/1/scans and
#      /api/sites/1/progress (the page polls it during a scan): p50/p99 per route. Routes
#      whose wrk run ended after the scan are marked: they did not measure "during".
#    WRK=light instead: the dashboard as an office uses it during a scan, USERS (default 8)
#      people with it open, each asking every 0.5 s in turn /api/sites/1/progress (the page
#      polls it), the ledger, progress, the statistics, progress, the scan history, progress
#      and the dashboard's page (wrk, one connection a person, bench/scan_light.lua), for as
#      long as the round's crawl took, so that it runs inside the scan: one p50/p99 over all
#      its requests, beside the scan's pages/s of the same round.
#    WRK=browser: the same users and paths from bench/scan_browser_users.py, which connects
#      only when it has a request, as a browser does (wrk holds a silent connection open
#      during its pause, which the server pays for); its summary is the request count.
# RATE defaults to 50, the most the server accepts for a site (LedgerService's check). With
# RATE above 50 (e.g. RATE=100000 for no cap) the site is created at 50 through the API and
# then set to RATE in the database with sqlite3: that is not something an admin can do, it
# shows what the server's own work costs when the network is not the limit. WRK=0 skips wrk
# (the scan then has the machine to itself, as the crawl had).
#
# Each round also prints the server's CPU time over its scan (utime + stime of the process from
# /proc, from the POST of the scan to the progress poll that saw it end: the ledger's tail
# included) per page, and the most its -wal file reached: figures the other engineers' load
# moves far less than the wall clock. Beside it the crawl's CPU per page (utime + stime from
# /usr/bin/time, less a `--max-pages 1` crawl's, which is the start-up: rules and models load)
# and the ratio of the two, the server's both with and without the ledger's tail (the CPU up
# to the first progress poll in the ledger phase; polls every 0.2 s). DBCRAWL=1 also runs
# `cuomin crawl --db` (a fresh file) each round and prints its CPU per page: the same store
# work in the CLI.
# PERF=DIR records both with `perf record -F 499 --call-graph fp` (PERF_CALLGRAPH=dwarf for
# whole stacks: the binaries keep no frame pointers) into DIR/crawl-ROUND.data (the whole crawl
# process, start-up included) and DIR/serve-ROUND.data (the server from the POST of the scan to
# its end); compare with `perf report --no-children --sort dso,sym -i FILE`. The profiler's
# own cost is in the round's figures then.
# PERFSTAT=DIR: `perf stat -e task-clock,context-switches,cpu-migrations,page-faults` (and the
# cycles and instructions where the VM counts them) of the crawl (whole process) into
# DIR/crawl-ROUND.stat, of its `--max-pages 1` start-up into DIR/startup-ROUND.stat (subtract
# it), and of the server (POST to end) into DIR/serve-ROUND.stat: counts per page that tell
# scheduling (switches, migrations) and memory (faults) apart from the work itself.
# RESCAN=1: the server scans the site once first, unmeasured, and the measured scan is the
# second: what a scheduled rescan costs when the pages have not changed (the site sends no
# validators, so every page is fetched and checked again; only the store can tell the bodies
# are the same).
# SERVE_ENV='NAME=VALUE ...': the server alone runs with these in its environment (an allocator
# setting such as MALLOC_ARENA_MAX=2 tried on the server without touching the crawl's).
set -euo pipefail
build=${1:-build}
pages=${2:-10000}
rounds=${3:-3}
wrk_seconds=${4:-10}
rate=${RATE:-50}
use_wrk=${WRK:-1}
port=${PORT:-18933}
work=$(mktemp -d /tmp/scan_in_server.XXXXXX)
site=
server=
cleanup() {
  for p in $server $site; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
cuomin="$build/cmd/cuomin"
base="http://127.0.0.1:$port"
password='Bench-Scan-2026!'

"$build/bench/site_server_bench" --pages "$pages" > "$work/url" &
site=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
url=$(cat "$work/url")
echo "site: $url ($pages pages of $(curl -s "$url" | wc -c) bytes)"
echo "politeness: concurrency 8, per host 8, $rate requests/s per host; wrk: $use_wrk"

api() {  # METHOD PATH [BODY]: prints the answer's body, fails on a non-2xx status
  local args=(-sS -f -H "Cookie: $cookie" -H "Origin: $base" -H "X-CSRF-Token: $csrf")
  [ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' -d "$3")
  curl "${args[@]}" -X "$1" "$base$2"
}

cpu_ticks() {  # PID: utime + stime of the process, in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat"
}

timed_crawl() {  # OUT ERR ARGS...: `cuomin crawl ARGS` with the politeness; prints its CPU seconds
  local out=$1 err=$2
  shift 2
  local perf=()
  [ -n "${perf_out:-}" ] && perf=(perf record -q -F 499 --call-graph "${PERF_CALLGRAPH:-fp}" -o "$perf_out" --)
  [ -n "${stat_out:-}" ] && perf=(perf stat -e "$stat_events" -o "$stat_out" --)
  /usr/bin/time -f '%U %S' -o "$work/time.out" "${perf[@]}" "$cuomin" crawl --format json --fail-on none \
    --concurrency 8 --per-host-concurrency 8 --per-host-rate "$rate" "$@" > "$out" 2> "$err" || true
  awk '{print $1 + $2}' "$work/time.out"
}

json_field() {  # NAME: the first number after "NAME": on standard input
  sed -n "s/.*\"$1\": *\([0-9.]*\).*/\1/p" | head -1
}

stat_events=task-clock,context-switches,cpu-migrations,page-faults,cycles,instructions
ratios=()
cpu_ratios=()
for round in $(seq "$rounds"); do
  echo "== round $round, load average $(cut -d' ' -f1-3 /proc/loadavg)"

  stat_out=${PERFSTAT:+$PERFSTAT/startup-$round.stat}
  startup_cpu=$(timed_crawl /dev/null /dev/null --max-pages 1 "$url")
  perf_out=${PERF:+$PERF/crawl-$round.data}
  stat_out=${PERFSTAT:+$PERFSTAT/crawl-$round.stat}
  crawl_cpu=$(timed_crawl "$work/crawl.out" "$work/crawl.err" "$url")
  perf_out=
  stat_out=
  read -r crawl_secs crawl_pages < <(sed -n 's/.*用时 \([0-9.]*\) 秒：站内页面 \([0-9]*\).*/\1 \2/p' \
    "$work/crawl.err")
  [ -n "${crawl_pages:-}" ] || { echo "crawl failed:"; cat "$work/crawl.err"; exit 1; }
  crawl_rate=$(echo "$crawl_pages / $crawl_secs" | bc -l)
  printf 'crawl:  %6d pages in %6.1f s = %7.1f pages/s, %d findings\n' "$crawl_pages" \
    "$crawl_secs" "$crawl_rate" "$(wc -l < "$work/crawl.out")"
  crawl_ms=$(echo "($crawl_cpu - $startup_cpu) * 1000 / ($crawl_pages - 1)" | bc -l)
  printf '        CPU %.3f ms a page (%.2f s less %.2f s of start-up)\n' "$crawl_ms" "$crawl_cpu" \
    "$startup_cpu"
  if [ "${DBCRAWL:-0}" = 1 ]; then
    dbcrawl_cpu=$(timed_crawl /dev/null "$work/dbcrawl.err" --db "$work/crawl-$round.db" "$url")
    read -r db_secs db_pages < <(sed -n 's/.*用时 \([0-9.]*\) 秒：站内页面 \([0-9]*\).*/\1 \2/p' \
      "$work/dbcrawl.err")
    printf 'crawl --db: %d pages in %.1f s, CPU %.3f ms a page (%.2f s)\n' "$db_pages" "$db_secs" \
      "$(echo "($dbcrawl_cpu - $startup_cpu) * 1000 / ($db_pages - 1)" | bc -l)" "$dbcrawl_cpu"
    rm -f "$work/crawl-$round.db"*
  fi

  db="$work/serve-$round.db"
  "$cuomin" unit add 市政府办公室 --oversees-all --db "$db" > /dev/null 2>&1
  echo "$password" | "$cuomin" user add admin --unit 市政府办公室 --role admin --db "$db" > /dev/null 2>&1
  env ${SERVE_ENV:-} "$cuomin" serve --db "$db" --listen "127.0.0.1:$port" 2> "$work/serve.log" &
  server=$!
  for _ in $(seq 600); do
    curl -s -o /dev/null "$base/" && break
    sleep 0.2
  done
  csrf=$(curl -s -D "$work/login.headers" -H 'Content-Type: application/json' \
    -H "Origin: $base" -d "{\"username\":\"admin\",\"password\":\"$password\"}" \
    "$base/api/login" | sed -n 's/.*"csrf_token": *"\([^"]*\)".*/\1/p')
  cookie=$(sed -n 's/^Set-Cookie: \([^;]*\).*/\1/p' "$work/login.headers")
  [ -n "$cookie" ] && [ -n "$csrf" ] || { echo "login failed"; cat "$work/serve.log"; exit 1; }
  api_rate=$rate
  [ "$(echo "$rate > 50" | bc)" = 1 ] && api_rate=50
  api POST /api/sites "{\"name\": \"基准测试网站\", \"unit\": 1, \"start_urls\": [\"$url\"],
    \"scope\": \"host\", \"concurrency\": 8, \"per_host_concurrency\": 8,
    \"per_host_rate\": $api_rate, \"max_pages\": $((pages * 2)), \"schedule\": \"\",
    \"enabled\": true}" > /dev/null
  if [ "$api_rate" != "$rate" ]; then
    sqlite3 "$db" "UPDATE sites SET per_host_rate = $rate WHERE id = 1"
  fi
  if [ "${RESCAN:-0}" = 1 ]; then
    api POST /api/sites/1/scan > /dev/null
    sleep 0.5
    until api GET /api/sites/1/progress | grep -q '"running": *false'; do sleep 0.2; done
  fi
  perf_pid=
  if [ -n "${PERF:-}" ]; then
    perf record -q -F 499 --call-graph "${PERF_CALLGRAPH:-fp}" -p "$server" -o "$PERF/serve-$round.data" 2> /dev/null &
    perf_pid=$!
    sleep 1
  fi
  if [ -n "${PERFSTAT:-}" ]; then
    perf stat -e "$stat_events" -p "$server" -o "$PERFSTAT/serve-$round.stat" &
    perf_pid=$!
    sleep 1
  fi
  ticks_before=$(cpu_ticks "$server")
  api POST /api/sites/1/scan > /dev/null

  wrk_pid=
  if [ "$use_wrk" = light ]; then
    users=${USERS:-8}
    # As long as the crawl took (at least 2 s): the scan, at 0.8 of its speed or more, lasts
    # longer, so every request is "during".
    light_secs=$(printf '%.0f' "$(echo "if ($crawl_secs < 2) 2 else $crawl_secs" | bc -l)")
    (
      wrk -t1 -c"$users" -d"${light_secs}s" --latency -s "$(dirname "$0")/scan_light.lua" \
        -H "Cookie: $cookie" "$base/" > "$work/wrk.out" 2>&1
      running=$(curl -s -H "Cookie: $cookie" "$base/api/sites/1/progress" |
        grep -c '"running": *true' || true)
      printf '  light dashboard (%d users, %s s): p50 %s  p99 %s  max %s  %s req/s%s%s\n' \
        "$users" "$light_secs" \
        "$(awk '$1=="50%"{print $2}' "$work/wrk.out")" \
        "$(awk '$1=="99%"{print $2}' "$work/wrk.out")" \
        "$(awk '$1=="Latency"{print $4}' "$work/wrk.out")" \
        "$(awk '/Requests\/sec/{print $2}' "$work/wrk.out")" \
        "$(grep -o 'Non-2xx.*' "$work/wrk.out" | sed 's/^/  /')" \
        "$([ "$running" = 1 ] || echo '  (scan had ended: not all during)')"
    ) &
    wrk_pid=$!
  fi
  if [ "$use_wrk" = browser ]; then
    users=${USERS:-8}
    light_secs=$(printf '%.0f' "$(echo "if ($crawl_secs < 2) 2 else $crawl_secs" | bc -l)")
    (
      printf '  browser dashboard (%d users, %s s): %s\n' "$users" "$light_secs" \
        "$(python3 "$(dirname "$0")/scan_browser_users.py" "$port" "$users" "$light_secs" 0.5 \
          "$cookie")"
    ) &
    wrk_pid=$!
  fi
  if [ "$use_wrk" = 1 ]; then
    (
      for path in / "/api/ledger?per_page=100" /api/stats "/api/sites/1/scans?limit=50" \
                  /api/sites/1/progress; do
        wrk -t2 -c16 -d"${wrk_seconds}s" --latency -H "Cookie: $cookie" "$base$path" \
          > "$work/wrk.out" 2>&1
        running=$(curl -s -H "Cookie: $cookie" "$base/api/sites/1/progress" |
          grep -c '"running": *true' || true)
        printf '  wrk %-28s p50 %8s  p99 %8s  %9s req/s%s%s\n' "$path" \
          "$(awk '$1=="50%"{print $2}' "$work/wrk.out")" \
          "$(awk '$1=="99%"{print $2}' "$work/wrk.out")" \
          "$(awk '/Requests\/sec/{print $2}' "$work/wrk.out")" \
          "$(grep -o 'Non-2xx.*' "$work/wrk.out" | sed 's/^/  /')" \
          "$([ "$running" = 1 ] || echo '  (scan had ended)')"
      done
    ) &
    wrk_pid=$!
  fi

  wal_max=0
  ticks_ledger=
  while :; do
    ticks_now=$(cpu_ticks "$server")
    progress=$(api GET /api/sites/1/progress)
    grep -q '"running": *false' <<< "$progress" && break
    if [ -z "$ticks_ledger" ] && grep -q '"phase": *"ledger"' <<< "$progress"; then
      ticks_ledger=$ticks_now
    fi
    wal=$(stat -c %s "$db-wal" 2>/dev/null || echo 0)
    [ "$wal" -gt "$wal_max" ] && wal_max=$wal
    sleep 0.2
  done
  ticks_after=$(cpu_ticks "$server")
  [ -n "$ticks_ledger" ] || ticks_ledger=$ticks_after
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid"
    wait "$perf_pid" || true
  fi
  [ -n "$wrk_pid" ] && wait "$wrk_pid"
  scan_pages=$(json_field pages <<< "$progress")
  scan_ms=$(json_field milliseconds <<< "$progress")
  state=$(sed -n 's/.*"state": *"\([a-z]*\)".*/\1/p' <<< "$progress")
  [ "$state" = finished ] || { echo "scan ended $state: $progress"; exit 1; }
  scan_rate=$(echo "$scan_pages * 1000 / $scan_ms" | bc -l)
  ratio=$(echo "$scan_rate / $crawl_rate" | bc -l)
  ratios+=("$ratio")
  printf 'server: %6d pages in %6.1f s = %7.1f pages/s, %d findings; server/crawl = %.2f\n' \
    "$scan_pages" "$(echo "$scan_ms / 1000" | bc -l)" "$scan_rate" \
    "$(json_field findings <<< "${progress#*summary}")" "$ratio"
  tck=$(getconf CLK_TCK)
  server_ms=$(echo "($ticks_after - $ticks_before) * 1000 / $tck / $scan_pages" | bc -l)
  before_ledger_ms=$(echo "($ticks_ledger - $ticks_before) * 1000 / $tck / $scan_pages" | bc -l)
  printf '        CPU %.3f ms a page (%.2f s), -wal up to %.1f MB\n' "$server_ms" \
    "$(echo "($ticks_after - $ticks_before) / $tck" | bc -l)" "$(echo "$wal_max / 1048576" | bc -l)"
  printf '        CPU before the ledger %.3f ms a page; server/crawl CPU a page %.2f (%.2f before the ledger)\n' \
    "$before_ledger_ms" "$(echo "$server_ms / $crawl_ms" | bc -l)" \
    "$(echo "$before_ledger_ms / $crawl_ms" | bc -l)"
  cpu_ratios+=("$(echo "$server_ms / $crawl_ms" | bc -l)")
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=
  rm -f "$db" "$db-wal" "$db-shm"
done
printf '%s\n' "${ratios[@]}" | awk '{s += $1; if (NR == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1}
  END {printf "server/crawl pages/s over %d rounds: mean %.2f, min %.2f, max %.2f\n", NR, s / NR, lo, hi}'
printf '%s\n' "${cpu_ratios[@]}" | awk '{s += $1; if (NR == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1}
  END {printf "server/crawl CPU a page over %d rounds: mean %.2f, min %.2f, max %.2f\n", NR, s / NR, lo, hi}'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
