// Spaced headlines: headlines and name plates are typeset with a space between every Han
// character (习 近 平 在 北 京 会 见), and the rules match words. Readers fold such runs for
// matching while findings still point at the original characters.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "scanner/document.h"

namespace cuomin::scanner::internal {

// Removes the byte ranges `dropped` (sorted, disjoint) from block.text and keeps block.map
// pointing every remaining byte at its original; a text that ends where a range was removed
// ends where its last kept byte ends in the original.
void DropBytes(Block& block, const std::vector<std::pair<size_t, size_t>>& dropped);

// In every block, a run of three or more Han characters each one space apart (ASCII, U+3000 or
// U+00A0) loses those spaces. A single spaced pair (张 三丰) or a wider gap is left alone.
void FoldSpacedHan(Document& doc);

}  // namespace cuomin::scanner::internal
