# `cuomin rules test` (0 all pass, 1 an example fails, 2 a broken rule file) and `rules list`.
source "$(dirname "$0")/lib.bash" "$@"

run rules test "$CLI/rules"
expect_rc "rules test, passing" 0
expect_out "rules test summary" "全部通过"

run rules test "$CLI/failing-rules"
expect_rc "rules test, failing example" 1
expect_out "failure names file:line and rule" "wrong-example.yml:10: [wrong-example]"
expect_out "failure shows the example" "各地要认真贯彻落实。"

run rules test "$CLI/broken-rules"
expect_rc "rules test, broken rule file" 2
expect_err "broken file named" "broken-pattern.yml:7"

run rules test "$CLI/rules" "$CLI/failing-rules"
expect_rc "rules test, several dirs" 1

run rules test "$CLI/no-such-dir"
expect_rc "rules test, missing dir" 2

run rules list --no-default-rules --rules "$CLI/rules"
expect_rc "rules list" 0
expect_lines "rules list: header + 3 rules" 4
expect_out "rules list row" "test-typo	substitution	typo	major	$CLI/rules/test-typo.yml"
expect_out "rules list row" "test-secret	existence	secrecy	critical"

run rules list --no-default-rules --rules "$CLI/broken-rules"
expect_rc "rules list, broken file" 2

run rules frobnicate
expect_rc "unknown rules action" 2

finish
