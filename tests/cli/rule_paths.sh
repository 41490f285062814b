# A path that a rule file names, or an --allow file, that is not a regular file (/dev/zero, a
# FIFO) is refused at once: exit code 2, the rule file, line and path named. Before, /dev/zero
# was read until memory ran out and a FIFO blocked the loader for good.
source "$(dirname "$0")/lib.bash" "$@"

mkdir -p "$WORK/zero" "$WORK/fifo"
write_rule() {  # dir wordlist
  cat >"$1/word-list.yml" <<RULE
id: word-list
type: existence
category: secrecy
severity: critical
message: 出现“{text}”
wordlist: $2
RULE
}
write_rule "$WORK/zero" /dev/zero
write_rule "$WORK/fifo" words.fifo
mkfifo "$WORK/fifo/words.fifo"
echo "各单位要认真贯彻落实。" >"$WORK/a.txt"

# timeout: a hang is a failure of this test, not of the whole run.
run_limited() {
  timeout 60 "$CUOMIN" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
  RC=$?
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
  LAST_CMD="cuomin $*"
}

run_limited check --no-default-rules --rules "$WORK/zero" "$WORK/a.txt"
expect_rc "check, word list /dev/zero" 2
expect_err "rule file, line and path named" \
  "$WORK/zero/word-list.yml:6: /dev/zero: 不是普通文件（设备、管道或目录），不予读取"

run_limited check --no-default-rules --rules "$WORK/fifo" "$WORK/a.txt"
expect_rc "check, word list a FIFO" 2
expect_err "FIFO named" "$WORK/fifo/word-list.yml:6: $WORK/fifo/words.fifo: 不是普通文件"

run_limited rules test "$WORK/zero"
expect_rc "rules test, word list /dev/zero" 2
expect_err "rules test names it" "word-list.yml:6: /dev/zero: 不是普通文件"

run_limited check "${TEST_RULES[@]}" --allow /dev/zero "$WORK/a.txt"
expect_rc "check, --allow /dev/zero" 2
expect_err "allow file named" "/dev/zero: 白名单文件不存在或不是文件"

finish
