# Nothing lost without a word: undecodable bytes are counted, a file half UTF-8 half GBK is
# decoded line by line, a PNG named as text is an error naming it, a symlink loop says so in
# Chinese.
source "$(dirname "$0")/lib.bash" "$@"

# UTF-8 with three stray bytes in the middle.
{
  for i in $(seq 1 30); do printf '第%s段，各单位要认真落实工作责任。\n' "$i"; done
  printf '这里有坏字节\xff\xfe\xff之后不能一愁莫展。\n'
} >"$WORK/lost.txt"
run check "${TEST_RULES[@]}" "$WORK/lost.txt"
expect_rc "lost bytes: found" 1
expect_out "lost bytes counted, placed" \
  "lost.txt:31:7: major [format/read-incomplete] 有 3 个字节无法按 UTF-8 解码"
expect_out "the rest still checked" "major [typo/test-typo] “一愁莫展”"

# The same damage in a file of one short line: still UTF-8, the loss counted.
printf '这里有坏字节\xff\xfe\xff之后不能一愁莫展。\n' >"$WORK/short.txt"
run check "${TEST_RULES[@]}" "$WORK/short.txt"
expect_rc "short damaged line: found" 1
expect_out "short: lost bytes counted" \
  "short.txt:1:7: major [format/read-incomplete] 有 3 个字节无法按 UTF-8 解码"
expect_out "short: the rest checked" "short.txt:1:14: major [typo/test-typo] “一愁莫展”"

# Half UTF-8, half GBK ("要按装必要的设备" in GBK on the second line).
{
  printf '第一行是UTF-8：不能一愁莫展。\n'
  printf '\xb5\xda\xb6\xfe\xd0\xd0\xca\xc7GBK\xa3\xba\xd2\xaa\xb0\xb4\xd7\xb0\xb1\xd8\xd2\xaa\xb5\xc4\xc9\xe8\xb1\xb8\xa1\xa3\n'
} >"$WORK/mixed.txt"
run check "${TEST_RULES[@]}" "$WORK/mixed.txt"
expect_out "mixed: UTF-8 line read" "mixed.txt:1:13: major [typo/test-typo]"
expect_out "mixed: GBK line read" "mixed.txt:2:10: major [typo/test-typo] “按装”应为“安装”"
expect_no_out "mixed: nothing lost" "read-incomplete"
expect_no_out "mixed: no replacement characters" "�"

# A PNG named .txt and .html.
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10' >"$WORK/image.txt"
cp "$WORK/image.txt" "$WORK/image.html"
run check "${TEST_RULES[@]}" "$WORK/image.txt" "$WORK/image.html"
expect_rc "png: unreadable" 2
# The magic bytes decide: an image, whatever the name, and never read as text.
expect_err "png as .txt named" "image.txt: "
expect_err "png as .html named" "image.html: "
[[ $ERR == *图片* ]] || fail "png: the error should say it is an image: $ERR"

# A PDF named .txt, a PDF whose name has no extension, and a .pdf that is not one.
printf '%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n' >"$WORK/report.txt"
cp "$WORK/report.txt" "$WORK/report"
printf '这不是 PDF。\n' >"$WORK/fake.pdf"
printf 'PK\x03\x04 other.bin' >"$WORK/archive.dat"
run check "${TEST_RULES[@]}" "$WORK/report.txt" "$WORK/report" "$WORK/fake.pdf" "$WORK/archive.dat"
expect_rc "binary formats: never read as text" 2
expect_err "pdf named .txt" "report.txt: "
expect_err "pdf without extension" "report: "
expect_err "text named .pdf" "fake.pdf: 扩展名表明是PDF 文件，但内容不是"
expect_err "a zip archive" "archive.dat: 不支持的格式：zip 压缩包"
[[ $(grep -c PDF <<<"$ERR") -ge 3 ]] || fail "pdf: each error should name the format: $ERR"

# A symlink loop inside a walked directory, and named directly.
mkdir -p "$WORK/loop"
ln -s b.txt "$WORK/loop/a.txt"
ln -s a.txt "$WORK/loop/b.txt"
run check "${TEST_RULES[@]}" "$WORK/loop"
expect_rc "loop: an error" 2
expect_err "loop in a directory" "a.txt: 符号链接形成循环或层数过多"
expect_no_out "loop: not 'does not exist'" "不存在"
[[ $ERR != *"不存在"* && $ERR != *"Too many"* ]] || fail "loop: wrong words: $ERR"
run check "${TEST_RULES[@]}" "$WORK/loop/a.txt"
expect_rc "loop named: an error" 2
expect_err "loop named" "a.txt: "
[[ $ERR == *"符号链接"* && $ERR != *"不存在"* ]] || fail "loop named: wrong words: $ERR"

# A .docx bomb: 0.1 MB on disk, 27 MB of empty paragraphs (4.5 million elements) inside.
python3 - "$WORK/bomb.docx" <<'PY'
import sys, zipfile
w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
body = '<w:p/>' * 4500000
xml = f'<?xml version="1.0"?><w:document {w}><w:body>{body}</w:body></w:document>'
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('word/document.xml', xml)
PY
run check "${TEST_RULES[@]}" "$WORK/bomb.docx" "$WORK/mixed.txt"
expect_rc "docx bomb: unreadable" 2
expect_err "docx bomb named" "bomb.docx: word/document.xml 的 XML 元素超过 400 万个"
expect_out "other input still checked" "mixed.txt:2:10:"

# One rule firing 1,500 times in one document: 1,000 listed, the last counts the rest.
yes '不能一愁莫展。' | head -n 1500 >"$WORK/many.txt"
run check "${TEST_RULES[@]}" "$WORK/many.txt"
expect_rc "many: found" 1
expect_lines "many: capped per rule" 1000
expect_out "many: the rest counted" "many.txt:1000:3: major [typo/test-typo] “一愁莫展”应为“一筹莫展”（另有 500 处同类问题"

finish
