# Shared helpers of the CLI end-to-end tests (sourced; not a test itself: CTest runs *.sh).
# Usage in a test: source "$(dirname "$0")/lib.bash" "$@"
set -uo pipefail

CUOMIN=${1:?usage: $0 <path-to-cuomin> <tests/testdata dir>}
TESTDATA=${2:?usage: $0 <path-to-cuomin> <tests/testdata dir>}
CLI=$TESTDATA/cli
# Only the test rules: the shipped dictionaries change independently of these tests.
TEST_RULES=(--no-default-rules --rules "$CLI/rules")

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILURES=0
# Colour and the stderr summary depend on terminals; tests never run with one, but be sure.
export NO_COLOR=1

# run ARGS...: runs cuomin; sets RC, OUT (stdout), ERR (stderr); keeps raw stdout in $WORK/out.
run() {
  "$CUOMIN" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
  RC=$?
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
  LAST_CMD="cuomin $*"
}

fail() {
  echo "FAIL: $*"
  echo "  command: $LAST_CMD"
  echo "  exit code: $RC"
  echo "  stdout: $(head -c 2000 "$WORK/out")"
  echo "  stderr: $(head -c 2000 "$WORK/err")"
  FAILURES=$((FAILURES + 1))
}

expect_rc() {  # name want
  [[ $RC == "$2" ]] || fail "$1: exit code $RC, want $2"
}
expect_out() {  # name substring
  [[ $OUT == *"$2"* ]] || fail "$1: stdout lacks '$2'"
}
expect_no_out() {  # name substring
  [[ $OUT != *"$2"* ]] || fail "$1: stdout must not contain '$2'"
}
expect_err() {  # name substring
  [[ $ERR == *"$2"* ]] || fail "$1: stderr lacks '$2'"
}
expect_lines() {  # name count: number of stdout lines
  local n
  n=$(grep -c '' "$WORK/out")
  [[ $n == "$2" ]] || fail "$1: $n stdout lines, want $2"
}

finish() {
  if ((FAILURES > 0)); then
    echo "$FAILURES check(s) failed"
    exit 1
  fi
  echo "all checks passed"
  exit 0
}
