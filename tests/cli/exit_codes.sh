# Exit codes of `cuomin check`: 0 clean, 1 findings at or above --fail-on, 2 usage errors and
# unreadable inputs (while every other input is still checked).
source "$(dirname "$0")/lib.bash" "$@"

run check "${TEST_RULES[@]}" "$CLI/inputs/clean.txt"
expect_rc "clean file" 0
[[ -z $OUT ]] || fail "clean file: expected no output"

run check "${TEST_RULES[@]}" "$CLI/inputs/notice.txt"
expect_rc "typo is major, default --fail-on major" 1
expect_out "typo found" "notice.txt:6:15: major [typo/test-typo] “一愁莫展”应为“一筹莫展” → 一筹莫展 「一愁莫展」"
expect_out "second typo found" "notice.txt:5:7: major [typo/test-typo] “按装”应为“安装” → 安装 「按装」"

# --fail-on against a file whose only finding is minor.
run check "${TEST_RULES[@]}" "$CLI/inputs/minor-only.txt"
expect_rc "minor finding, default --fail-on major" 0
expect_out "minor finding still printed" "[expression/test-dengdeng]"
run check "${TEST_RULES[@]}" --fail-on minor "$CLI/inputs/minor-only.txt"
expect_rc "--fail-on minor" 1
run check "${TEST_RULES[@]}" --fail-on=info "$CLI/inputs/minor-only.txt"
expect_rc "--fail-on=info" 1
run check "${TEST_RULES[@]}" --fail-on critical "$CLI/inputs/notice.txt"
expect_rc "--fail-on critical, only major findings" 0
run check "${TEST_RULES[@]}" --fail-on critical "$CLI/inputs/sub/secret.html"
expect_rc "--fail-on critical, classified marking" 1
expect_out "marking in HTML" "secret.html:6:4: critical [secrecy/test-secret]"
run check "${TEST_RULES[@]}" --fail-on none "$CLI/inputs"
expect_rc "--fail-on none" 0

# Unreadable inputs: exit 2, a one-line error naming each, and the other inputs still checked.
run check "${TEST_RULES[@]}" "$CLI/unreadable/broken.docx" "$CLI/inputs/notice.txt" \
  "$CLI/no-such-file.txt"
expect_rc "unreadable inputs" 2
expect_err "bad docx named" "broken.docx"
expect_err "missing file named" "no-such-file.txt: 文件或目录不存在"
expect_out "other input still checked" "notice.txt:6:15:"
n=$(grep -c '' "$WORK/err")
[[ $n == 2 ]] || fail "unreadable inputs: $n stderr lines, want one per bad input (2)"
# An unreadable file inside a walked directory counts too.
run check "${TEST_RULES[@]}" "$CLI/unreadable" "$CLI/inputs/clean.txt"
expect_rc "unreadable file in a directory" 2
expect_err "bad docx in directory named" "broken.docx"

# Directory walk: sorted, recursive, hidden directories and other extensions skipped.
run check "${TEST_RULES[@]}" --fail-on none "$CLI/inputs"
expect_rc "directory" 0
expect_lines "directory: five findings" 5
expect_no_out "hidden directory skipped" ".hidden"
expect_no_out ".rtf not walked" "notes.rtf"
first=$(head -1 "$WORK/out")
last=$(tail -1 "$WORK/out")
[[ $first == *"minor-only.txt:"* ]] || fail "walk order: first line '$first' should be minor-only.txt"
[[ $last == *"sub/secret.html:"* ]] || fail "walk order: last line '$last' should be sub/secret.html"

# A file named explicitly is checked whatever its extension.
run check "${TEST_RULES[@]}" "$CLI/inputs/notes.rtf"
expect_rc "explicit .rtf" 1
expect_out "explicit .rtf checked" "一愁莫展"

# Standard input.
"$CUOMIN" check "${TEST_RULES[@]}" --format json - <"$CLI/inputs/notice.txt" >"$WORK/out" 2>"$WORK/err"
RC=$?
OUT=$(cat "$WORK/out")
LAST_CMD="cuomin check --format json - < notice.txt"
expect_rc "stdin" 1
expect_out "stdin finding" "一愁莫展"
[[ $(jq -r .source "$WORK/out" | sort -u) =~ ^(-|<stdin>)$ ]] || fail "stdin: source should be - or <stdin>"

# A symlink loop in a walked directory neither hangs nor duplicates findings.
mkdir -p "$WORK/tree/a"
cp "$CLI/inputs/notice.txt" "$WORK/tree/a/通知.txt"
ln -s .. "$WORK/tree/a/loop"
ln -s a "$WORK/tree/b"
run check "${TEST_RULES[@]}" "$WORK/tree"
expect_rc "symlink loop" 1
n=$(grep -c '一愁莫展' "$WORK/out")
[[ $n == 1 ]] || fail "symlink loop: the file was reported $n times, want 1"

# Broken rule files: the message names file:line, exit 2.
run check --no-default-rules --rules "$CLI/broken-rules" "$CLI/inputs/clean.txt"
expect_rc "broken rule file" 2
expect_err "broken rule named" "broken-pattern.yml:"

# Output that cannot be written (disk full) is an error, not a silent success.
if [[ -w /dev/full ]]; then
  "$CUOMIN" check "${TEST_RULES[@]}" --fail-on none "$CLI/inputs" >/dev/full 2>"$WORK/err"
  RC=$?
  LAST_CMD="cuomin check ... >/dev/full"
  expect_rc "stdout not writable" 2
  grep -q '写入标准输出失败' "$WORK/err" || fail "stdout not writable: no error message"
fi

finish
