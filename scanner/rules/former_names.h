// Internal: names of state bodies before a reform renamed them (国家税务局 until 1993), for the
// canonical rule's `former_names:`. Such a name is one edit from today's (国家税务总局) and a
// near miss of it, but in a sentence that dates itself before the change it is history, not a
// slip.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cuomin::scanner::rules {

class FormerNames {
 public:
  // `line`: name<TAB>year renamed<TAB>today's name<TAB>source[<TAB>year for a local body]. The
  // last column is for bodies whose local offices kept the name longer (北京市国家税务局 until
  // 2018). False for a line that is not of this form.
  bool Add(std::string_view line);
  bool empty() const { return names_.empty(); }

  // True when [begin, end) of `text` overlaps a former name written in its time: right after
  // 原, 时任, 前 or 当时, or in `sentence` (a view into `text`) whose years all come before the
  // change.
  bool InItsTime(std::string_view text, std::string_view sentence, size_t begin, size_t end) const;

 private:
  struct Name {
    std::string name;
    int renamed = 0;
    int local_renamed = 0;  // 0: the local bodies were renamed with the national one
  };
  bool Dated(const Name& n, std::string_view text, std::string_view sentence, size_t at) const;

  std::vector<Name> names_;
};

// The years written in `text` (1949年, 一九九〇年) in order; years of 1900-2099 only.
std::vector<int> YearsIn(std::string_view text);

}  // namespace cuomin::scanner::rules
