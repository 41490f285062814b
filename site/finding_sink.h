// Where a site scan's findings go, one page at a time: the command line's printer, the
// server's scan record, a test's list. The scan has already written them to its store (when
// it has one) before the sink sees them.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "scanner/finding.h"
#include "scanner/scan_status.h"

namespace cuomin::site {

// The findings of one page (or one batch of its link findings, which come as link targets
// answer), in FindingLess order.
struct PageFindings {
  std::string_view source;  // the page's URL
  const std::vector<scanner::Finding>& findings;
  // Each finding's standing against the last scan, in the same order; empty when the scan
  // keeps no history (no store, or the store failed).
  std::span<const scanner::ScanStatus> status;
};

class FindingSink {
 public:
  virtual ~FindingSink() = default;
  // One page's findings; never empty. Calls come from one thread at a time, from any thread.
  virtual void OnPage(const PageFindings& page) = 0;
};

}  // namespace cuomin::site
