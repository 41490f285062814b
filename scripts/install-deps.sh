#!/usr/bin/env bash
# Installs the Debian 12 packages cuomin needs to build and test. Safe to run again: it asks
# apt only for what is missing.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libicu-dev libre2-dev libhyperscan-dev libgumbo-dev libzip-dev libpugixml-dev libyaml-cpp-dev
  nlohmann-json3-dev libcpp-httplib-dev libssl-dev libsqlite3-dev
  zlib1g-dev  # scanned pages' bodies are kept deflated for the per-page view (read with zlib)
  libdeflate-dev  # ... and deflated with libdeflate (twice zlib's speed at level 1)
  libsodium-dev  # Argon2id password hashes, SHA-256 and random tokens of the review server
  wrk  # only for bench/serve_load.sh (the review server under load)
  libgtest-dev libgmock-dev libbenchmark-dev
  libpoppler-cpp-dev libfreexl-dev  # PDF and .xls attachments
  libexpat1-dev  # .xlsx worksheets, streamed
  libtesseract-dev tesseract-ocr-chi-sim tesseract-ocr-eng  # OCR of images and scanned pages
  libfreetype-dev  # tests/cjk_render.h draws the OCR tests' scanned pages (with fonts-noto-cjk)
  qpdf  # tests make encrypted PDF fixtures with it
  poppler-utils  # pdftotext made the text-form fixtures of tests/testdata/disclosure (not the product)
  catdoc  # .doc (Word 97-2003) attachments, run as a limited child process
  libimecore-dev libfcitx5utils-dev libime-data-language-model
  clang libclang-rt-14-dev python3
  clang-format git  # .ci/run checks the format of the tracked C++ files
  linkchecker  # only for bench/crawl_vs_linkchecker.sh (the comparison); bc and time too
  bc time
  sqlite3  # tests/store_sites_test (another process on the database), bench/scan_in_server.sh
  chromium fonts-noto-cjk  # the dashboard's browser test (tests/browser/) and its screenshots
)
# The dashboard embeds npm packages at build time (web/package-lock.json). A Node.js that did not
# come from Debian (e.g. NodeSource's, which bundles npm) is fine: Debian's npm would conflict.
command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
