# Usage errors exit 2 with a Chinese message naming the problem; help and version exit 0.
source "$(dirname "$0")/lib.bash" "$@"

run --version
expect_rc "--version" 0
expect_out "--version" "cuomin "
run --help
expect_rc "--help" 0
expect_out "--help lists check" "check"
run check --help
expect_rc "check --help" 0
expect_out "check --help lists --fail-on" "--fail-on"
run
expect_rc "no arguments" 2
run frobnicate
expect_rc "unknown subcommand" 2
expect_err "unknown subcommand named" "frobnicate"

run check --frobnicate "$CLI/inputs/clean.txt"
expect_rc "unknown option" 2
expect_err "unknown option named" "未知选项：--frobnicate"
run check "$CLI/inputs/clean.txt" --format
expect_rc "missing value" 2
expect_err "missing value" "--format 缺少取值"
run check --format xml "$CLI/inputs/clean.txt"
expect_rc "bad --format" 2
expect_err "bad --format" "xml"
run check --fail-on serious "$CLI/inputs/clean.txt"
expect_rc "bad --fail-on" 2
expect_err "bad --fail-on" "serious"
run check -j 0 "$CLI/inputs/clean.txt"
expect_rc "bad -j" 2
run check -jx "$CLI/inputs/clean.txt"
expect_rc "bad -jx" 2
run check "${TEST_RULES[@]}"
expect_rc "no paths" 2
expect_err "no paths" "缺少要检查的文件或目录"
run check --no-default-rules "$CLI/inputs/clean.txt"
expect_rc "--no-default-rules alone" 2
run check --no-default-rules --rules "$CLI/no-such-dir" "$CLI/inputs/clean.txt"
expect_rc "missing rule dir" 2
expect_err "missing rule dir named" "no-such-dir"
run check "${TEST_RULES[@]}" --allow "$CLI/no-such-allow.txt" "$CLI/inputs/clean.txt"
expect_rc "missing allow file" 2
expect_err "missing allow file named" "no-such-allow.txt"
run check "${TEST_RULES[@]}" --encoding NO-SUCH-ENCODING "$CLI/inputs/clean.txt"
expect_rc "unknown encoding" 2
expect_err "unknown encoding named" "NO-SUCH-ENCODING"
# Options after paths and "--" before a path that looks like an option.
run check "$CLI/inputs/notice.txt" "${TEST_RULES[@]}" --fail-on critical
expect_rc "options after the path" 0
run check "${TEST_RULES[@]}" -- "$CLI/inputs/notice.txt"
expect_rc "-- before paths" 1

# CUOMIN_DICTIONARIES replaces the shipped dictionaries directory.
CUOMIN_DICTIONARIES=$CLI/rules run check "$CLI/inputs/notice.txt"
expect_rc "CUOMIN_DICTIONARIES" 1
expect_out "CUOMIN_DICTIONARIES rules used" "[typo/test-typo]"
CUOMIN_DICTIONARIES=$CLI/no-such-dir run check "$CLI/inputs/notice.txt"
expect_rc "CUOMIN_DICTIONARIES missing" 2
expect_err "CUOMIN_DICTIONARIES missing named" "no-such-dir"

# An installed cuomin finds its dictionaries at <bin>/../share/cuomin/dictionaries.
mkdir -p "$WORK/prefix/bin" "$WORK/prefix/share/cuomin"
cp "$CUOMIN" "$WORK/prefix/bin/cuomin"
cp -r "$CLI/rules" "$WORK/prefix/share/cuomin/dictionaries"
"$WORK/prefix/bin/cuomin" check "$CLI/inputs/notice.txt" >"$WORK/out" 2>"$WORK/err"
RC=$?
OUT=$(cat "$WORK/out")
LAST_CMD="<prefix>/bin/cuomin check notice.txt"
expect_rc "installed layout" 1
expect_out "installed dictionaries used" "[typo/test-typo]"

# crawl: a seed that is no web address is the user's to correct, so the usage hint follows.
run crawl "${TEST_RULES[@]}" "ftp//not-a-url"
expect_rc "crawl bad seed" 2
expect_err "crawl bad seed named" "ftp//not-a-url"
expect_err "crawl bad seed hints at --help" "cuomin crawl --help"

finish
