// The stable identity of a finding on its page, which review decisions and the API refer to.
// Positions shift whenever a page is edited, so the identity is made of what the finding is:
// its rule, its matched text (whitespace dropped) and its sentence with the match cut out,
// then which occurrence of that combination on the page it is. Fixing another finding of the
// page changes none of these, unless it shares the sentence: for that case the text key (rule
// and text only) lets the store find the finding again (store/sqlite_site_store.cc).
#pragma once

#include <string>

#include "scanner/finding.h"

namespace cuomin::store {

// Rule and normalised text: 16 hex digits.
std::string TextKey(const scanner::Finding& f);
// Text key and sentence: 16 hex digits; with "-N" for the N-th occurrence it is the identity.
std::string ContextKey(const scanner::Finding& f);
std::string Identity(const std::string& context_key, int occurrence);

}  // namespace cuomin::store
