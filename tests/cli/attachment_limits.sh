# A file over the size cap is refused before it is read: a sparse 3 GB "PDF" (no disk used)
# checked with 600 MB of address space, so reading it would fail with an allocation error
# instead of the clear message; the other files of the run are still checked.
source "$(dirname "$0")/lib.bash" "$@"

truncate -s 3G "$WORK/年报.pdf" || { echo "SKIP: truncate cannot make a sparse file here"; exit 0; }

# run_capped ARGS...: like run, with the address space limited to 600 MB.
run_capped() {
  (ulimit -v 600000 && exec "$CUOMIN" "$@") >"$WORK/out" 2>"$WORK/err" </dev/null
  RC=$?
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
  LAST_CMD="cuomin $* (ulimit -v 600000)"
}

run_capped check "${TEST_RULES[@]}" "$WORK/年报.pdf"
expect_rc "over the cap: unreadable" 2
expect_err "over the cap: named, with size and cap" "年报.pdf: 文件过大（3072 MB，上限 512 MB）"
expect_lines "over the cap: no findings" 0
[[ $ERR != *bad_alloc* && $ERR != *"Cannot allocate"* ]] || fail "over the cap: it was read: $ERR"

run_capped check --format json "${TEST_RULES[@]}" "$WORK/年报.pdf" "$CLI/inputs/notice.txt"
expect_rc "over the cap with another file: still an error" 2
expect_err "over the cap with another file: named" "年报.pdf: 文件过大"
expect_out "the other file is checked" '"rule":"test-typo"'

rm -f "$WORK/年报.pdf"
finish
