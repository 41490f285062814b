# The README quick-start sample against the shipped dictionaries: the draft notice (UTF-8 text)
# and the same notice as a GBK page declared gb2312 both report the planted typo, and the
# findings of the two agree. Only findings the shipped typo list has long had are asserted.
source "$(dirname "$0")/lib.bash" "$@"
SAMPLES=$TESTDATA/../../samples

run check --format json "$SAMPLES/draft-notice.txt"
expect_rc "sample text: findings at major" 1
jq -e . "$WORK/out" >/dev/null || fail "sample text: output is not JSON Lines"
expect_out "sample text: 一愁莫展" '"text":"一愁莫展","suggestion":"一筹莫展"'
jq -r '"\(.rule) \(.text) \(.suggestion)"' "$WORK/out" | sort >"$WORK/txt-findings"

run check --format json "$SAMPLES/draft-notice.html"
expect_rc "sample html: findings at major" 1
expect_out "sample html (GBK): 一愁莫展 decoded" '"text":"一愁莫展","suggestion":"一筹莫展"'
jq -r '"\(.rule) \(.text) \(.suggestion)"' "$WORK/out" | sort >"$WORK/html-findings"
# The page adds a title and navigation, so it may have more findings, never fewer.
missing=$(comm -23 "$WORK/txt-findings" "$WORK/html-findings")
[[ -z $missing ]] || fail "sample html lacks findings of the text version: $missing"

finish
