# --disable turns rules off by id and whole categories off by name.
source "$(dirname "$0")/lib.bash" "$@"

run check "${TEST_RULES[@]}" --fail-on none "$CLI/inputs"
expect_out "baseline has typos" "[typo/test-typo]"
expect_out "baseline has the marking" "[secrecy/test-secret]"

run check "${TEST_RULES[@]}" --disable test-typo "$CLI/inputs/notice.txt"
expect_rc "typo rule disabled: only a minor finding left" 0
expect_no_out "disabled rule silent" "test-typo"
expect_out "other rules still run" "[expression/test-dengdeng]"

run check "${TEST_RULES[@]}" --disable secrecy --fail-on info "$CLI/inputs/sub/secret.html"
expect_rc "secrecy category disabled" 0
expect_no_out "disabled category silent" "secrecy"

run check "${TEST_RULES[@]}" --disable typo --disable=expression "$CLI/inputs/notice.txt"
expect_rc "two categories disabled" 0
[[ -z $OUT ]] || fail "two categories disabled: expected no output"

run check "${TEST_RULES[@]}" --disable test-typo,test-dengdeng --fail-on info "$CLI/inputs/notice.txt"
expect_rc "comma-separated --disable" 0

run check "${TEST_RULES[@]}" --disable no-such-rule "$CLI/inputs/clean.txt"
# A typo in --disable would silently leave a rule on: it is an error naming the name.
expect_rc "unknown --disable name" 2
expect_err "unknown --disable name named" "no-such-rule"

finish
