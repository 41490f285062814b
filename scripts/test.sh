#!/usr/bin/env bash
# Quick start, part two: install what is missing, build, and run every test through CTest.
# Extra arguments go to cmake (CI passes -DCUOMIN_WERROR=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh "$@"
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)"
