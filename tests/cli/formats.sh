# The output formats end to end: JSON Lines keys, SARIF structure, CSV BOM and header, text.
source "$(dirname "$0")/lib.bash" "$@"

run check "${TEST_RULES[@]}" --format json "$CLI/inputs"
expect_rc "json" 1
expect_lines "json: one line per finding" 5
for key in source line column end_line end_column offset length rule category severity message \
  text suggestion context rule_file; do
  missing=$(jq -c "select(has(\"$key\") | not)" "$WORK/out") || fail "json: not valid JSON Lines"
  [[ -z $missing ]] || fail "json: key $key missing in $missing"
done
got=$(jq -r 'select(.rule == "test-typo" and .text == "一愁莫展") | "\(.line):\(.column):\(.end_column):\(.suggestion):\(.severity):\(.category)"' "$WORK/out")
[[ $got == "6:15:18:一筹莫展:major:typo" ]] || fail "json: typo finding fields are '$got'"
ctx=$(jq -r 'select(.text == "一愁莫展") | .context' "$WORK/out")
[[ $ctx == *"不能一愁莫展"* ]] || fail "json: context '$ctx' should hold the sentence"

run check "${TEST_RULES[@]}" --format sarif "$CLI/inputs"
expect_rc "sarif" 1
jq -e '.version == "2.1.0" and (.runs | length) == 1 and .runs[0].tool.driver.name == "cuomin"' \
  "$WORK/out" >/dev/null || fail "sarif: version/runs/driver"
jq -e '[.runs[0].tool.driver.rules[].id] | index("test-typo") != null' "$WORK/out" >/dev/null ||
  fail "sarif: rules array lacks test-typo"
jq -e '.runs[0].results | length == 5' "$WORK/out" >/dev/null || fail "sarif: 5 results"
jq -e '[.runs[0].results[] | select(.ruleId == "test-secret")][0].level == "error"' "$WORK/out" \
  >/dev/null || fail "sarif: critical → error"
jq -e '[.runs[0].results[] | select(.ruleId == "test-dengdeng")][0].level == "warning"' "$WORK/out" \
  >/dev/null || fail "sarif: minor → warning"
region=$(jq -c '[.runs[0].results[] | select(.locations[0].physicalLocation.region.snippet.text == "一愁莫展")][0].locations[0].physicalLocation.region | [.startLine, .startColumn, .endLine, .endColumn]' "$WORK/out")
[[ $region == "[6,15,6,19]" ]] || fail "sarif: region $region, want [6,15,6,19] (end exclusive)"

run check "${TEST_RULES[@]}" --format csv "$CLI/inputs"
expect_rc "csv" 1
[[ $(head -c 3 "$WORK/out" | xxd -p) == efbbbf ]] || fail "csv: no UTF-8 BOM"
header=$(head -1 "$WORK/out" | tail -c +4 | tr -d '\r')
[[ $header == 文件,行,列,* ]] || fail "csv: header '$header'"
rows=$(grep -c $'\r$' "$WORK/out")
[[ $rows == 6 ]] || fail "csv: $rows CRLF rows, want header + 5"
expect_out "csv: Chinese severity and category" ",重要,错别字,test-typo,"

# A clean input still gives a well-formed CSV and SARIF file.
run check "${TEST_RULES[@]}" --format csv "$CLI/inputs/clean.txt"
expect_rc "csv clean" 0
[[ $(head -c 3 "$WORK/out" | xxd -p) == efbbbf ]] || fail "csv clean: no BOM"
run check "${TEST_RULES[@]}" --format sarif "$CLI/inputs/clean.txt"
jq -e '.runs[0].results == []' "$WORK/out" >/dev/null || fail "sarif clean: results should be []"

# No colour escapes when stdout is not a terminal, even without NO_COLOR.
env -u NO_COLOR "$CUOMIN" check "${TEST_RULES[@]}" "$CLI/inputs/notice.txt" >"$WORK/out" 2>&1
if grep -q $'\033' "$WORK/out"; then
  RC=?; LAST_CMD="cuomin check (no tty)"; fail "text: colour escapes written to a pipe"
fi

finish
