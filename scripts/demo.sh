#!/usr/bin/env bash
# Quick start, part one: install what is missing, build, and check the bundled sample draft.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
echo
echo "== cuomin check samples/draft-notice.txt =="
set +e
./build/cmd/cuomin check samples/draft-notice.txt
rc=$?
set -e
echo "(exit code $rc: 0 = nothing at or above major, 1 = findings to fix, 2 = error)"
[ "$rc" -le 1 ]
