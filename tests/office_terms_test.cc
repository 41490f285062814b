// Who held an office when (scanner/rules/office_terms.h): the lines of leaders-history.txt.
#include "scanner/rules/office_terms.h"

#include <gtest/gtest.h>

namespace cuomin::scanner::rules {
namespace {

TEST(OfficeTermsTest, HistoryLineGivesEachOfficeWithItsTerms) {
  const auto h =
      ParseOfficeHistory("李鹏\t国务院总理(1987-1998)|全国人大常委会委员长(1998-2003)|副总理");
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->name, "李鹏");
  ASSERT_EQ(h->offices.size(), 3u);
  EXPECT_EQ(h->offices[0].first, "国务院总理");
  ASSERT_EQ(h->offices[0].second.size(), 1u);
  EXPECT_EQ(h->offices[0].second[0].from, 1987);
  EXPECT_EQ(h->offices[0].second[0].to, 1998);
  EXPECT_EQ(h->offices[1].first, "全国人大常委会委员长");
  // An office without years is still held by the person (the person-title rule's history),
  // with no terms to date it.
  EXPECT_EQ(h->offices[2].first, "副总理");
  EXPECT_TRUE(h->offices[2].second.empty());
}

// A made-up person: only the line's shape matters here.
TEST(OfficeTermsTest, OpenSeveralAndBadTerms) {
  const auto h = ParseOfficeHistory("张三\t副市长(1995-1998)|市长(2001-2003,2008-)|书记(19xx-)");
  ASSERT_TRUE(h.has_value());
  ASSERT_EQ(h->offices.size(), 3u);
  ASSERT_EQ(h->offices[1].second.size(), 2u);
  EXPECT_TRUE(OfficeTerms::Current(h->offices[1].second));
  EXPECT_TRUE(OfficeTerms::Covers(h->offices[1].second, 2002));
  EXPECT_FALSE(OfficeTerms::Covers(h->offices[1].second, 2005));
  // A start year that does not parse says nothing about when.
  EXPECT_TRUE(h->offices[2].second.empty());
}

TEST(OfficeTermsTest, LineWithoutNameOrTabIsRejected) {
  EXPECT_FALSE(ParseOfficeHistory("李鹏 国务院总理(1987-1998)").has_value());
  EXPECT_FALSE(ParseOfficeHistory("\t国务院总理(1987-1998)").has_value());
  EXPECT_FALSE(ParseOfficeHistory("").has_value());
  // Empty offices between bars are skipped, not an office named "".
  const auto h = ParseOfficeHistory("李强\t||国务院总理(2023-)|");
  ASSERT_TRUE(h.has_value());
  ASSERT_EQ(h->offices.size(), 1u);
  EXPECT_TRUE(OfficeTerms::Current(h->offices[0].second));
}

}  // namespace
}  // namespace cuomin::scanner::rules
