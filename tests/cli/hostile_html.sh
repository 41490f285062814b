# Hostile HTML shapes in `cuomin check`: pages nested 10^4..10^6 levels deep (div, b,
# table/tr/td, svg/g) neither crash the process nor take long; each becomes one finding naming
# the page and the reason, and the other inputs are still checked. Sloppy but real markup
# (thousands of unclosed <p>, <li>, <a>, <td>) is not mistaken for deep nesting.
source "$(dirname "$0")/lib.bash" "$@"

# nest FILE OPEN COUNT: OPEN repeated COUNT times, with a Chinese sentence at the bottom.
nest() {
  { printf '<html><body>'; yes "$2" | head -n "$3" | tr -d '\n'; printf '一愁莫展'; } >"$1"
}
mkdir -p "$WORK/deep"
for n in 10000 100000 1000000; do
  nest "$WORK/deep/div-$n.html" '<div>' "$n"
  nest "$WORK/deep/b-$n.html" '<b>' "$n"
  nest "$WORK/deep/table-$n.html" '<table><tr><td>' "$n"
  nest "$WORK/deep/svg-$n.html" '<svg><g>' "$n"
done
cp "$CLI/inputs/notice.txt" "$WORK/deep/"

start=$SECONDS
# A deadline of its own: a hang must fail this test, not stall the suite.
timeout -s KILL 60 "$CUOMIN" check "${TEST_RULES[@]}" "$WORK/deep" >"$WORK/out" 2>"$WORK/err" </dev/null
RC=$?
OUT=$(cat "$WORK/out")
ERR=$(cat "$WORK/err")
LAST_CMD="cuomin check $WORK/deep"
((SECONDS - start < 30)) || fail "deep pages: took $((SECONDS - start)) s"
expect_rc "deep pages are findings, not crashes" 1
for n in 10000 100000 1000000; do
  for shape in div b table svg; do
    expect_out "$shape-$n named" \
      "$shape-$n.html:1:1: major [format/read-incomplete] 页面标签嵌套超过 1000 层"
  done
done
expect_lines "one finding per deep page, plus the other file's three" 15
expect_out "other input still checked" "notice.txt:6:15: major [typo/test-typo]"

# Real-world sloppiness: unclosed paragraph, list, link and cell tags, void elements, a
# script and comments full of tags. None of it is deep; the typo at the bottom is found.
{
  printf '<html><body><script>var s="'; yes '<div>' | head -n 3000 | tr -d '\n'; printf '";</script>'
  printf '<!--'; yes '<div>' | head -n 3000 | tr -d '\n'; printf -- '-->'
  printf '<table>'; yes '<tr><td>格<td>格' | head -n 3000 | tr -d '\n'; printf '</table>'
  yes '<p>段落<br><img src=a.png><li>条目<a href="x.html">链接' | head -n 3000 | tr -d '\n'
  yes '<div><span>未闭合</div>' | head -n 3000 | tr -d '\n'
  printf '<p>一愁莫展</p>'
} >"$WORK/sloppy.html"
run check "${TEST_RULES[@]}" "$WORK/sloppy.html"
expect_rc "sloppy page checked" 1
expect_no_out "sloppy page is not refused" "read-incomplete"
expect_out "sloppy page's typo found" "[typo/test-typo]"

# Just under and just over the limit.
nest "$WORK/div-999.html" '<div>' 999
run check "${TEST_RULES[@]}" "$WORK/div-999.html"
expect_no_out "999 levels are parsed" "read-incomplete"
expect_out "999 levels: typo found" "[typo/test-typo]"
nest "$WORK/div-1001.html" '<div>' 1001
run check "${TEST_RULES[@]}" "$WORK/div-1001.html"
expect_out "1001 levels refused" "read-incomplete"

# A page over 16 MB is one finding naming the file and the limit, not parsed (Gumbo would hold
# about eleven times the page), from a file and from standard input; the next file is checked.
yes '<p>各地区各部门要认真贯彻落实，决不能一愁莫展。</p>' | head -c 17M >"$WORK/huge.html"
run check "${TEST_RULES[@]}" "$WORK/huge.html" "$CLI/inputs/notice.txt"
expect_rc "huge page: a finding" 1
expect_out "huge page named with its size and the limit" \
  "huge.html:1:1: major [format/read-incomplete] HTML 页面过大（17 MB，上限 16 MB）"
expect_lines "one finding for the huge page, three for the other" 4
# Standard input redirected from the file has its size; a pipe is read only up to the limit.
"$CUOMIN" check "${TEST_RULES[@]}" - <"$WORK/huge.html" >"$WORK/out" 2>"$WORK/err"
RC=$?
OUT=$(cat "$WORK/out")
ERR=$(cat "$WORK/err")
LAST_CMD="cuomin check - <huge.html"
expect_rc "huge page on stdin: a finding" 1
expect_out "huge page on stdin" "-:1:1: major [format/read-incomplete] HTML 页面过大（17 MB，上限 16 MB）"
cat "$WORK/huge.html" | "$CUOMIN" check "${TEST_RULES[@]}" - >"$WORK/out" 2>"$WORK/err"
RC=$?
OUT=$(cat "$WORK/out")
ERR=$(cat "$WORK/err")
LAST_CMD="cat huge.html | cuomin check -"
expect_rc "huge page through a pipe: a finding" 1
expect_out "huge page through a pipe" "-:1:1: major [format/read-incomplete] HTML 页面超过上限（16 MB）"

# --time-limit: the budget of a document starts before it is opened. A FIFO's writer opens it
# (which waits for cuomin to open it for reading) and only then waits a second before writing:
# the read ends a second after the budget started on any machine, past a 0.2 s limit, so the
# document is one check-incomplete finding and nothing else; the next file is checked in full.
late() { # runs cuomin check ARGS... with $WORK/late.txt written a second after it is opened
  rm -f "$WORK/late.txt"
  mkfifo "$WORK/late.txt"
  (
    exec 3>"$WORK/late.txt"
    sleep 1
    cat "$CLI/inputs/notice.txt" >&3
  ) &
  timeout -s KILL 60 "$CUOMIN" check "${TEST_RULES[@]}" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
  RC=$?
  wait
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
  LAST_CMD="cuomin check $* (late.txt written 1 s after it was opened)"
}
late --time-limit 0.2 "$WORK/late.txt" "$CLI/inputs/notice.txt"
expect_rc "late file: a finding, not an error" 1
expect_out "late file is cut by its budget" \
  "late.txt:1:1: major [format/check-incomplete] 检查超过时限：从第 1 段起（共"
expect_no_out "nothing checked past the budget" "late.txt:6:15"
expect_out "the file after it is checked in full" "notice.txt:6:15: major [typo/test-typo]"
expect_lines "one finding for the late file, three for the other" 4
# No limit by default: the same late file is checked in full.
late "$WORK/late.txt"
expect_rc "no limit: findings" 1
expect_no_out "no limit: not cut" "check-incomplete"
expect_out "no limit: the typo at line 6" "late.txt:6:15: major [typo/test-typo]"
run check "${TEST_RULES[@]}" --time-limit -1 "$CLI/inputs/notice.txt"
expect_rc "negative limit is a usage error" 2
expect_err "negative limit named" "--time-limit 的取值无效：-1"
run check "${TEST_RULES[@]}" --time-limit soon "$CLI/inputs/notice.txt"
expect_rc "a word is a usage error" 2

finish
