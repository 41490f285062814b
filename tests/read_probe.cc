// A helper of the memory tests, not a test: reads one file with ReadDocument in a process of
// its own and prints, as one JSON object, what was read, the process's resident memory before
// reading and its peak after. From /proc/self/status (VmRSS, VmHWM), not getrusage: ru_maxrss
// keeps the high-water mark of the process before exec, here the test that started the probe.
//   read_probe FILE [--max-cells N]
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "scanner/reader.h"

namespace {

// A "VmRSS:" or "VmHWM:" line of /proc/self/status, in kilobytes.
long StatusKb(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::strtol(line.c_str() + key.size(), nullptr, 10);
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: read_probe FILE [--max-cells N]\n");
    return 2;
  }
  cuomin::scanner::ReadOptions options;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--max-cells")
      options.max_cells = std::strtoull(argv[i + 1], nullptr, 10);
  }
  // Read at its size, so that loading the file sets no peak of its own.
  std::ifstream in(argv[1], std::ios::binary | std::ios::ate);
  std::string bytes(static_cast<size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  nlohmann::json out;
  out["start_rss_kb"] = StatusKb("VmRSS:");
  cuomin::Result<cuomin::scanner::Document> doc =
      cuomin::scanner::ReadDocument(argv[1], bytes, options);
  out["peak_rss_kb"] = StatusKb("VmHWM:");
  out["ok"] = doc.ok();
  if (!doc.ok()) {
    out["error"] = doc.status().message();
  } else {
    out["blocks"] = doc->blocks.size();
    if (!doc->blocks.empty()) out["last_text"] = doc->blocks.back().text;
    if (!doc->regions.empty()) {
      out["last_cell"] = doc->regions.back().cell;
      out["last_page"] = doc->regions.back().page;
    }
    out["problems"] = nlohmann::json::array();
    for (const auto& p : doc->problems) out["problems"].push_back(p.message);
  }
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
