// The API's list writer: valid JSON for any bytes, the same text nlohmann would give.
#include "server/json_out.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace cuomin::server {
namespace {

TEST(JsonOutTest, EscapesWhatJsonNeedsAndKeepsChineseAsItIs) {
  JsonOut o;
  o.BeginObject();
  o.Key("text").String("“贯切”\"<script>\"\\\n\t\x01");
  o.Key("n").Int(-3).Key("ok").Bool(true).Key("none").Null();
  o.Key("list").BeginArray().Int(1).String("二").BeginObject().EndObject().EndArray();
  o.EndObject();
  EXPECT_EQ(o.str(),
            "{\"text\":\"“贯切”\\\"<script>\\\"\\\\\\n\\t\\u0001\",\"n\":-3,\"ok\":true,"
            "\"none\":null,\"list\":[1,\"二\",{}]}");
  nlohmann::json j = nlohmann::json::parse(o.str());
  EXPECT_EQ(j["text"], "“贯切”\"<script>\"\\\n\t\x01");
}

// JSON allows them raw; JSON Lines readers and terminals do not all take them.
TEST(JsonOutTest, EscapesDelC1AndLineSeparators) {
  JsonOut o;
  o.String(
      "a\x7F\xC2\x85\xC2\x9B[31m\xE2\x80\xA8\xE2\x80\xA9\xE2\x80\xA6"
      "b");
  EXPECT_EQ(o.str(),
            "\"a\\u007f\\u0085\\u009b[31m\\u2028\\u2029\xE2\x80\xA6"
            "b\"");
}

TEST(JsonOutTest, MalformedUtf8BecomesReplacementCharacters) {
  JsonOut o;
  o.String(std::string("a\xE8\xB4", 3) + "b\xFF" + "贯");
  EXPECT_EQ(o.str(),
            "\"a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b\xEF\xBF\xBD贯\"");
  EXPECT_NO_THROW(nlohmann::json::parse(o.str()));
}

}  // namespace
}  // namespace cuomin::server
