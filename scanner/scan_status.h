// Where a finding stands against the previous scan of the same site. The engine knows nothing of
// scans: site scans (site/) get it from their store and hand it to printers beside the
// findings (Printer::OnDocumentWithStatus); SARIF calls it baselineState.
#pragma once

#include <string_view>

namespace cuomin::scanner {

enum class ScanStatus {
  kNew,    // not open after the last scan
  kStill,  // open last time and found again
  kFixed,  // open last time, gone now
};

// "new", "still", "fixed".
inline std::string_view ToString(ScanStatus s) {
  return s == ScanStatus::kNew ? "new" : s == ScanStatus::kStill ? "still" : "fixed";
}
// 新发现, 仍存在, 已修复.
inline std::string_view ChineseName(ScanStatus s) {
  return s == ScanStatus::kNew ? "新发现" : s == ScanStatus::kStill ? "仍存在" : "已修复";
}

}  // namespace cuomin::scanner
