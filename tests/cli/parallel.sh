# -j N checks files in parallel but prints exactly what -j 1 prints, in the same order.
source "$(dirname "$0")/lib.bash" "$@"

# Enough files that workers finish out of order: copies of the fixtures under several names.
mkdir -p "$WORK/site"
for i in $(seq -w 1 40); do
  cp "$CLI/inputs/notice.txt" "$WORK/site/$i-通知.txt"
  cp "$CLI/inputs/clean.txt" "$WORK/site/$i-clean.txt"
  cp "$CLI/inputs/sub/secret.html" "$WORK/site/$i-page.html"
done
cp "$CLI/unreadable/broken.docx" "$WORK/site/20-broken.docx"

for format in text json csv sarif; do
  run check "${TEST_RULES[@]}" --format "$format" -j1 "$WORK/site" "$CLI/inputs"
  rc1=$RC
  cp "$WORK/out" "$WORK/out.j1"
  cp "$WORK/err" "$WORK/err.j1"
  for jobs in 2 4 8; do
    run check "${TEST_RULES[@]}" --format "$format" -j "$jobs" "$WORK/site" "$CLI/inputs"
    [[ $RC == "$rc1" ]] || fail "$format -j$jobs: exit code $RC differs from -j1 ($rc1)"
    cmp -s "$WORK/out" "$WORK/out.j1" || fail "$format -j$jobs: stdout differs from -j1"
    cmp -s "$WORK/err" "$WORK/err.j1" || fail "$format -j$jobs: stderr differs from -j1"
  done
done
[[ $rc1 == 2 ]] || fail "the broken .docx should make the exit code 2 (got $rc1)"
n=$(grep -c '一愁莫展' "$WORK/out.j1")
[[ $n == 41 ]] || fail "-j1: $n typo findings, want 41"

finish
