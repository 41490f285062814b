#!/usr/bin/env bash
# Figures of the annual-report check (consistency-disclosure-report) over the real reports
# among the test fixtures, PDF and text: recognised or not, the relations checked (from the
# 已核对 info finding), the major findings, and how many of them are false. Known true
# findings are the defects of the reports as published (tests/testdata/disclosure/README.md):
# 洪泽区 2023 表四 (2), 洪泽区 2024 prose 17 vs 95 (1), 金湖县 2023 表四 未经复议直接起诉 (1),
# 上海市 2019 outcome rows with a blank 总计 (11, in the HTML, its PDF and its pdftotext -layout
# text).
# Usage: bash scripts/disclosure-figures.sh [path/to/cuomin]
set -euo pipefail
cd "$(dirname "$0")/.."
cuomin=${1:-build/cmd/cuomin}
dir=tests/testdata/disclosure
declare -A true_findings=(
  [hongze-2023.pdf]=2 [hongze-2023-layout.txt]=2 [hongze-2024.pdf]=1
  [hongze-2024-layout.txt]=1 [huaian-2024.pdf]=0 [huaian-2024-layout.txt]=0
  [jinhu-2023-rebuilt-layout.txt]=1 [real-shanghai-office-2019.html]=11 [shanghai-2019.pdf]=11
  [shanghai-2019-layout.txt]=11)
files=(hongze-2023.pdf hongze-2023-layout.txt hongze-2024.pdf hongze-2024-layout.txt
  huaian-2024.pdf huaian-2024-layout.txt jinhu-2023-rebuilt-layout.txt
  real-shanghai-office-2019.html shanghai-2019.pdf shanghai-2019-layout.txt)
printf '%-32s %-10s %-28s %9s %8s %6s %6s\n' file recognised tables relations findings true false
total_rel=0 total_false=0 recognised=0
for f in "${files[@]}"; do
  out=$("$cuomin" check --format json --fail-on none --no-default-rules --rules dictionaries/consistency \
    "$dir/$f" | grep '"rule":"consistency-disclosure-report"' || true)
  info=$(grep -o '"message":"已核对：[^"]*"' <<<"$out" || true)
  tables=$(sed -n 's/.*已核对：\(.*\)，共 .*/\1/p' <<<"$info")
  rel=$(sed -n 's/.*，共 \([0-9]*\) 处勾稽关系.*/\1/p' <<<"$info")
  found=$(grep -c '"severity":"major"' <<<"$out" || true)
  if [ -n "$info" ]; then yes=yes; recognised=$((recognised + 1)); else yes=no; rel=0; fi
  false_n=$((found - ${true_findings[$f]}))
  [ "$false_n" -lt 0 ] && false_n="$false_n (a true one missed)"
  printf '%-32s %-10s %-28s %9s %8s %6s %6s\n' "$f" "$yes" "${tables:--}" "$rel" "$found" \
    "${true_findings[$f]}" "$false_n"
  total_rel=$((total_rel + rel))
  [[ "$false_n" =~ ^[0-9]+$ ]] && total_false=$((total_false + false_n))
done
echo "recognised: $recognised of ${#files[@]}; relations checked: $total_rel; false findings: $total_false"
