#!/usr/bin/env bash
# Quick start, part one: install what is missing, build, check the bundled sample draft, then
# load demo data (three units, a user for every role, drafts at every stage) into a fresh
# data/demo.db and serve the dashboard until Ctrl-C.
#   bash scripts/demo.sh              # listens on 127.0.0.1:8080 (CUOMIN_DEMO_LISTEN=host:port)
#   bash scripts/demo.sh --no-serve   # build, check and load only, then stop
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cuomin=./build/cmd/cuomin

echo
echo "== cuomin check samples/draft-notice.txt =="
set +e
"$cuomin" check samples/draft-notice.txt
rc=$?
set -e
echo "(exit code $rc: 0 = nothing at or above major, 1 = findings to fix, 2 = error)"
[ "$rc" -le 1 ]

echo
echo "== 演示数据：data/demo.db（每次重建）=="
listen=${CUOMIN_DEMO_LISTEN:-127.0.0.1:8080}
password=Demo-2026
db=data/demo.db
mkdir -p data
rm -f "$db" "$db-wal" "$db-shm"
"$cuomin" unit add 市政府办公室 --oversees-all --db "$db" >/dev/null
"$cuomin" unit add 教育局 --db "$db" >/dev/null
"$cuomin" unit add 某某镇 --db "$db" >/dev/null
# name, unit, role, display name, what they do
users=(
  "admin|市政府办公室|admin|系统管理员|管理员：用户、单位、审计日志"
  "bangong|市政府办公室|editor|刘编辑|编辑（市政府办公室）"
  "jiaoyu|教育局|editor|王编辑|编辑（教育局）：有一篇被退回的稿件"
  "zhen|某某镇|editor|周编辑|编辑（某某镇）"
  "chushen|市政府办公室|reviewer1|李初审|初审：有稿件待审"
  "fushen|市政府办公室|reviewer2|赵复审|复审：有稿件待审"
  "zhongshen|市政府办公室|reviewer3|孙终审|终审（签署时需再次输入密码）"
)
for u in "${users[@]}"; do
  IFS='|' read -r name unit role display _ <<<"$u"
  printf '%s\n' "$password" | "$cuomin" user add "$name" --unit "$unit" --role "$role" \
    --display-name "$display" --db "$db" >/dev/null
done

"$cuomin" serve --db "$db" --listen "$listen" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT INT TERM
node scripts/demo_load.mjs "http://$listen" "$password"

echo
echo "== 错敏审校平台：http://$listen/ =="
echo "演示账号（密码均为 $password）："
for u in "${users[@]}"; do
  IFS='|' read -r name _ _ display what <<<"$u"
  printf '  %-10s %s，%s\n' "$name" "$display" "$what"
done
if [ "${1:-}" = "--no-serve" ]; then
  exit 0
fi
echo "按 Ctrl-C 停止。"
wait "$server"
