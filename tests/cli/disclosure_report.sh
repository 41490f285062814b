# Annual disclosure reports end to end: the shipped disclosure_report rule on an HTML and a text
# report (right, then with a planted error), --previous, and its errors.
source "$(dirname "$0")/lib.bash" "$@"

D=$TESTDATA/disclosure
RULES=(--no-default-rules --rules "$(dirname "$0")/../../dictionaries/consistency")

run check "${RULES[@]}" "$D/county-2023.html" "$D/bureau-2023.txt"
expect_rc "right reports" 0
# One info line each says what was checked; nothing else.
expect_lines "right reports: what was checked" 2
expect_out "right reports" "bureau-2023.txt:1:12: info [consistency/consistency-disclosure-report] 已核对：表二、表三（7列×25项）、表四，共 46 处勾稽关系"
[[ $(grep -c ' info \[consistency/consistency-disclosure-report\] 已核对：' "$WORK/out") == 2 ]] ||
  fail "right reports: want two 已核对 lines"

# The real 洪泽区 reports as published, PDF: 2024 against 2023 (--previous: 上年结转 and
# 现行有效件数 carry over, no finding). The one finding is the 2024 report's own prose: 受理政府
# 信息公开申请 17 件 where its 表三 has 95.
run check "${RULES[@]}" --previous "$D/hongze-2023.pdf" "$D/hongze-2024.pdf"
expect_rc "pdf --previous right" 1
expect_lines "pdf --previous right" 2
expect_out "pdf --previous right" "hongze-2024.pdf:第1页:2:1: info [consistency/consistency-disclosure-report] 已核对：表二、表三（7列×25项）、表四，共 52 处勾稽关系"
expect_out "pdf --previous right" "hongze-2024.pdf:第1页:24:8: major [consistency/consistency-disclosure-report] 正文所述本年新收政府信息公开申请（17件）与表三第一项总计（95）不一致"

sed 's/| 四、结转下年度继续办理 | 2 |/| 四、结转下年度继续办理 | 3 |/' "$D/bureau-2023.txt" >"$WORK/bureau.txt"
run check "${RULES[@]}" --format json "$WORK/bureau.txt"
expect_rc "text planted" 1
expect_out "text planted" "第一项（41）+ 第二项（3）= 44，第三项总计（42）+ 第四项（3）= 45，不相等"
got=$(jq -r 'select(.message | startswith("表三“自然人”列")) | "\(.line):\(.text):\(.category):\(.severity)"' "$WORK/out")
[[ $got == "53:3:consistency:major" ]] || fail "text planted: finding at '$got', want 53:3:consistency:major"

sed 's|<span>199</span>|<span>198</span>|' "$D/county-2023.html" >"$WORK/county.html"
run check "${RULES[@]}" "$WORK/county.html"
expect_rc "html planted" 1
expect_out "html planted" "表三“总计”列：第一项（210）+ 第二项（8）= 218，第三项总计（198）+ 第四项（19）= 217，不相等"

run check "${RULES[@]}" --previous "$D/county-2022.txt" "$D/county-2023.html"
expect_rc "--previous right" 0
sed 's/行政规范性文件    5    3    37/行政规范性文件    5    3    30/' "$D/county-2022.txt" >"$WORK/prev.txt"
run check "${RULES[@]}" --previous="$WORK/prev.txt" "$D/county-2023.html"
expect_rc "--previous wrong" 1
expect_out "--previous wrong" "现行有效件数（41）与上年报告的现行有效件数（30）+ 本年制发件数（6）− 本年废止件数（2）= 34 不相等"

run check "${RULES[@]}" --previous "$WORK/missing-2022.html" "$D/county-2023.html"
expect_rc "--previous missing" 2
expect_err "--previous missing" "missing-2022.html"
expect_err "--previous missing, said in Chinese" "missing-2022.html: 无法打开（没有那个文件或目录）"
# Last year's report goes through the same regular-file check as the files a rule set names:
# a device, a FIFO or a directory is refused at once, named (a FIFO used to block the load for
# good, /dev/zero was read up to 512 MB). timeout: a hang fails this test, not the whole run.
mkfifo "$WORK/previous.fifo"
mkdir "$WORK/previous.dir"
for previous in /dev/zero "$WORK/previous.fifo" "$WORK/previous.dir"; do
  timeout 60 "$CUOMIN" check "${RULES[@]}" --previous "$previous" "$D/county-2023.html" \
    >"$WORK/out" 2>"$WORK/err" </dev/null
  RC=$?
  ERR=$(cat "$WORK/err")
  LAST_CMD="cuomin check --previous $previous"
  expect_rc "--previous $previous" 2
  expect_err "--previous $previous named" "--previous: $previous: 不是普通文件（设备、管道或目录），不予读取"
done
run check "${RULES[@]}" --previous
expect_rc "--previous without value" 2
expect_err "--previous without value" "--previous 缺少取值"

finish
