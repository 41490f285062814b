# Output that cannot attack a terminal or a parser: an ESC (or another C0/C1 control) in a
# page's text or in a file name is escaped in the text and CSV formats and on stderr; JSON
# Lines escape U+0085, U+2028 and U+2029, which some readers take for line ends.
source "$(dirname "$0")/lib.bash" "$@"

esc=$'\e'
name="$WORK/red${esc}[31m.txt"
printf '标题\n这件事不能一愁莫展%s[2J，\xc2\x85另起\xe2\x80\xa8一行\xe2\x80\xa9。\n' "$esc" >"$name"

raw_esc() { grep -q "$esc" "$WORK/out" "$WORK/err"; }

run check "${TEST_RULES[@]}" "$name"
expect_rc "text: found" 1
expect_out "text: file name escaped" 'red\x1b[31m.txt:2:6: major [typo/test-typo]'
raw_esc && fail "text: raw ESC on stdout or stderr"

run check "${TEST_RULES[@]}" --format csv "$name"
expect_out "csv: file name escaped" 'red\x1b[31m.txt,2,6'
expect_out "csv: context escaped" '\x1b[2J，\x85另起'
raw_esc && fail "csv: raw ESC in output"

run check "${TEST_RULES[@]}" --format json "$name"
expect_out "json: U+0085 escaped" '\u0085另起\u2028一行\u2029。'
LC_ALL=C grep -q $'\xc2\x85\|\xe2\x80\xa8\|\xe2\x80\xa9' "$WORK/out" &&
  fail "json: raw U+0085/U+2028/U+2029"
expect_lines "json: one line per finding" 1

# stderr: an unreadable input whose name holds an ESC.
run check "${TEST_RULES[@]}" "$WORK/gone${esc}[2J.txt"
expect_rc "missing file" 2
expect_err "stderr: name escaped" 'gone\x1b[2J.txt'
raw_esc && fail "stderr: raw ESC"

finish
