# `cuomin serve` usage errors, found before anything is opened: exit 2 with a message naming
# what is wrong. The test clock (--test-clock) is refused on any address but loopback.
source "$(dirname "$0")/lib.bash" "$@"

for host in 0.0.0.0 192.168.1.10; do
  run serve --test-clock --listen "$host:0" --db "$WORK/never.db"
  expect_rc "--test-clock on $host" 2
  expect_err "--test-clock on $host names the address" "只能监听本机地址（127.0.0.1、::1 或 localhost）：$host"
  [[ ! -e $WORK/never.db ]] || fail "--test-clock on $host: the database was created"
done

run serve --help
expect_rc "--help" 0
expect_out "--help names the test clock" "--test-clock"
expect_out "and says it is for tests" "仅供端到端测试"

run serve --listen 127.0.0.1 --db "$WORK/never.db"
expect_rc "--listen without a port" 2
expect_err "--listen without a port names it" "--listen 应为 HOST:PORT：127.0.0.1"

finish
