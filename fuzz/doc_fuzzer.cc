// Any bytes through the .doc reader. The first byte chooses what runs as catdoc:
//  - even: Debian's catdoc on the rest, as a .doc from a site would be read (catdoc in a child
//    process with its limits; what cuomin does with its exit, signal and output);
//  - odd: a stand-in that prints the rest as if it were catdoc's output, so that what cuomin
//    does with any output (decoding, paragraphs, regions) is fuzzed, whatever catdoc can emit.
// The time limit is lowered to 2 s so that a hanging catdoc ends well inside -timeout=10.
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "common/utf8.h"
#include "scanner/reader.h"

namespace {

// catdoc -w -d utf-8 -- FILE: the stand-in prints FILE's bytes after the first.
std::string StandIn() {
  std::string dir = (std::filesystem::temp_directory_path() / "cuomin-doc-fuzz-XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr) std::abort();
  std::string path = dir + "/catdoc";
  std::ofstream(path) << "#!/bin/sh\nexec tail -c +2 \"$5\"\n";
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  // Removed at exit; a crash leaves a directory of one small script in the temp dir.
  static std::string keep = dir;
  std::atexit([] { std::filesystem::remove_all(keep); });
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const std::string stand_in = StandIn();
  cuomin::scanner::ReadOptions options;
  options.format = "doc";
  options.child_seconds = 2;
  bool real = (data[0] & 1) == 0;
  if (!real) options.catdoc_program = stand_in;
  // The real catdoc reads the bytes after the chooser; the stand-in skips it itself.
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (real) bytes.remove_prefix(1);
  static const std::string kSource = "fuzz.doc";
  auto doc = cuomin::scanner::ReadDocument(kSource, bytes, options);
  if (!doc.ok()) {
    // Every error names the file.
    if (doc.status().message().rfind(kSource + ": ", 0) != 0) std::abort();
    return 0;
  }
  // The text is UTF-8 whatever catdoc printed, and each paragraph lies inside it.
  if (!cuomin::utf8::IsValid(doc->original)) std::abort();
  for (const auto& b : doc->blocks) {
    if (!cuomin::utf8::IsValid(b.text)) std::abort();
    if (!b.text.empty() && b.map.ToOriginalEnd(b.text.size()) > doc->original.size()) std::abort();
  }
  return 0;
}
