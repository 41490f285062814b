#!/usr/bin/env bash
# Are the ledger's CSV exports byte for byte what an older server gave? (issue #12: a faster
# export must not change a byte.) Two `cuomin serve` binaries, one after the other, on the same
# database made by bench/make_sites_db (its admin, password bench-password); each answers the
# same exports, and their bytes, time and md5 are printed side by side.
#
#   bash bench/export_md5.sh OLD_CUOMIN NEW_CUOMIN DB [PATH...]
#
# OLD_CUOMIN, NEW_CUOMIN: the `cuomin` binaries (e.g. a build of the last release and
# build/cmd/cuomin). PATHs default to a site's ledger and a unit's overdue list:
# "/api/ledger.csv?site=100" "/api/ledger.csv?unit=21&status=overdue".
# OLD_DICTIONARIES: CUOMIN_DICTIONARIES for the old binary, when its own build tree's
# dictionaries have moved on since it was built. PORT (default 18961) and PORT+1 are used.
# The database is opened read-write by each server in turn (never both at once); it is not
# changed by an export. Exits 1 when any export differs or fails, 0 when all are the same.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
old=$1 new=$2 db=$3
shift 3
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=("/api/ledger.csv?site=100" "/api/ledger.csv?unit=21&status=overdue")
for f in "$old" "$new"; do [ -f "$f" ] && [ -x "$f" ] || { echo "export_md5.sh: $f: not an executable" >&2; exit 2; }; done
[ -f "$db" ] || { echo "export_md5.sh: $db: no such database" >&2; exit 2; }
port=${PORT:-18961}
work=$(mktemp -d /tmp/export_md5.XXXXXX)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

run() {  # NAME BINARY PORT [DICTIONARIES]: each export's status, time, size and md5
  local name=$1 bin=$2 p=$3 dict=${4:-} base="http://127.0.0.1:$3" up= cookie
  if [ -n "$dict" ]; then
    CUOMIN_DICTIONARIES=$dict "$bin" serve --db "$db" --listen "127.0.0.1:$p" 2>"$work/$name.log" &
  else
    "$bin" serve --db "$db" --listen "127.0.0.1:$p" 2>"$work/$name.log" &
  fi
  server=$!
  for _ in $(seq 600); do
    if curl -s -o /dev/null "$base/"; then up=1; break; fi
    kill -0 "$server" 2>/dev/null || break
    sleep 0.5
  done
  [ -n "$up" ] || { echo "export_md5.sh: $name server ($bin) did not start; its log:" >&2; cat "$work/$name.log" >&2; exit 1; }
  cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' -H "Origin: $base" \
    -d '{"username":"admin","password":"bench-password"}' "$base/api/login" |
    sed -n 's/^Set-Cookie: \([^;]*\).*/\1/p' || true)
  [ -n "$cookie" ] || { echo "export_md5.sh: $name: login failed" >&2; cat "$work/$name.log" >&2; exit 1; }
  local i=0
  for path in "${paths[@]}"; do
    i=$((i + 1))
    curl -s -o "$work/$name-$i.csv" -w '%{http_code} %{time_total}' -H "Cookie: $cookie" \
      "$base$path" > "$work/$name-$i.status"
    echo "$(cat "$work/$name-$i.status") $(stat -c %s "$work/$name-$i.csv") $(md5sum < "$work/$name-$i.csv" | cut -d' ' -f1)" \
      > "$work/$name-$i.line"
  done
  kill "$server"
  wait "$server" 2>/dev/null || true
  server=
}

run old "$old" "$port" "${OLD_DICTIONARIES:-}"
run new "$new" $((port + 1))
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| export | status old/new | bytes | md5 | time old | time new | same |"
echo "|---|---|---|---|---|---|---|"
differ=0
i=0
for path in "${paths[@]}"; do
  i=$((i + 1))
  read -r so to bo mo < "$work/old-$i.line"
  read -r sn tn bn mn < "$work/new-$i.line"
  same=yes
  if [ "$so" != 200 ] || [ "$sn" != 200 ] || [ "$mo" != "$mn" ]; then same=NO; differ=1; fi
  bytes=$bo; [ "$bo" = "$bn" ] || bytes="$bo / $bn"
  md5=${mo:0:12}; [ "$mo" = "$mn" ] || md5="${mo:0:12} / ${mn:0:12}"
  printf '| `%s` | %s/%s | %s | %s | %.3f s | %.3f s | %s |\n' "$path" "$so" "$sn" "$bytes" "$md5" "$to" "$tn" "$same"
done
exit $differ
