// The dashboard's embedded assets: lookup, content types, and the rules the pages must keep so
// that the server's Content-Security-Policy (no inline script or style) never breaks them and
// scanned content is never parsed as HTML.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <string_view>

#include "server/assets.h"

namespace cuomin::server {
namespace {

TEST(WebAssets, IndexIsServedForTheRoot) {
  for (std::string_view path : {"", "/", "/index.html", "/?next=/drafts/3"}) {
    const Asset* a = FindAsset(path);
    ASSERT_NE(a, nullptr) << path;
    EXPECT_EQ(a->path, "/index.html") << path;
    EXPECT_EQ(a->content_type, "text/html; charset=utf-8");
    EXPECT_NE(a->bytes.find("<div id=\"app\">"), std::string_view::npos);
  }
}

TEST(WebAssets, UnknownPathsAreNotFound) {
  for (std::string_view path : {"/nope.js", "/app", "/app/", "/../CMakeLists.txt", "index.html",
                                "/vendor/diff.min.js.map", "/api/me"}) {
    EXPECT_EQ(FindAsset(path), nullptr) << path;
  }
}

TEST(WebAssets, TheDiffLibraryAndItsLicenceAreEmbedded) {
  const Asset* js = FindAsset("/vendor/diff.min.js");
  ASSERT_NE(js, nullptr);
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(js->bytes.find("diffChars"), std::string_view::npos);
  const Asset* licence = FindAsset("/vendor/diff.LICENSE.txt");
  ASSERT_NE(licence, nullptr);
  EXPECT_NE(licence->bytes.find("BSD"), std::string_view::npos);
}

TEST(WebAssets, TheChartLibraryItsStylesAndLicenceAreEmbedded) {
  const Asset* js = FindAsset("/vendor/uPlot.iife.min.js");
  ASSERT_NE(js, nullptr);
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(js->bytes.find("uPlot"), std::string_view::npos);
  const Asset* css = FindAsset("/vendor/uPlot.min.css");
  ASSERT_NE(css, nullptr);
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
  const Asset* licence = FindAsset("/vendor/uPlot.LICENSE.txt");
  ASSERT_NE(licence, nullptr);
  EXPECT_NE(licence->bytes.find("MIT"), std::string_view::npos);
}

TEST(WebAssets, TableIsSortedWithHashesAndKnownTypes) {
  ASSERT_GT(AssetsEnd() - AssetsBegin(), 3);
  for (const Asset* a = AssetsBegin(); a != AssetsEnd(); ++a) {
    EXPECT_EQ(a->path.substr(0, 1), "/") << a->path;
    EXPECT_EQ(a->etag.size(), 16u) << a->path;
    EXPECT_FALSE(a->content_type.empty()) << a->path;
    EXPECT_EQ(FindAsset(a->path), a) << a->path;
    if (a + 1 != AssetsEnd()) {
      EXPECT_LT(a->path, (a + 1)->path);
    }
  }
}

// The server sends script-src 'self' and style-src 'self': an inline <script>, an on...=
// handler, a javascript: URL or a style="" attribute in our own HTML would silently not work.
TEST(WebAssets, HtmlHasNoInlineScriptOrStyle) {
  const std::regex inline_script(R"(<script(?![^>]*\ssrc=)[^>]*>)", std::regex::icase);
  const std::regex handler(R"(<[^>]+\son[a-z]+\s*=)", std::regex::icase);
  const std::regex style_attr(R"(<[^>]+\sstyle\s*=)", std::regex::icase);
  int pages = 0;
  for (const Asset* a = AssetsBegin(); a != AssetsEnd(); ++a) {
    if (!a->path.ends_with(".html")) continue;
    ++pages;
    std::string html(a->bytes);
    EXPECT_FALSE(std::regex_search(html, inline_script)) << a->path;
    EXPECT_FALSE(std::regex_search(html, handler)) << a->path;
    EXPECT_FALSE(std::regex_search(html, style_attr)) << a->path;
    EXPECT_EQ(html.find("javascript:"), std::string::npos) << a->path;
    EXPECT_EQ(html.find("<style"), std::string::npos) << a->path;
  }
  EXPECT_GE(pages, 1);
}

// Everything the pages show of a draft is scanned content: our own scripts build the page with
// DOM nodes and textContent only, never an HTML parser. (The browser test checks the result.)
TEST(WebAssets, OwnScriptsNeverParseHtml) {
  int scripts = 0;
  for (const Asset* a = AssetsBegin(); a != AssetsEnd(); ++a) {
    if (!a->path.ends_with(".js") || a->path.starts_with("/vendor/")) continue;
    ++scripts;
    for (std::string_view sink :
         {"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
          "createContextualFragment", "eval(", "new Function", "DOMParser"}) {
      EXPECT_EQ(a->bytes.find(sink), std::string_view::npos) << a->path << " uses " << sink;
    }
  }
  EXPECT_GE(scripts, 1);
}

}  // namespace
}  // namespace cuomin::server
