// docs/api.md against the route table: every route the server answers is documented (as
// "`METHOD /api/path/{id}`"), and every route the document names is one the server answers,
// so that a CMS integrator reading it can call everything and nothing that is gone.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "server/api.h"
#include "test_paths.h"

namespace cuomin::server {
namespace {

std::string ReadDocs() {
  std::ifstream in(cuomin::test_paths::Testdata() + "/../../docs/api.md", std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A route's pattern as the paths the document writes: `(\d+)` becomes a `{name}` placeholder
// (any name), `\.` a dot, and a group of alternatives `(a|b)` one path per alternative. Returns
// regexes that match "`METHOD path" followed by the end of the path.
std::vector<std::string> DocumentedForms(const Route& route) {
  std::vector<std::string> forms = {""};
  const std::string p = route.pattern;
  for (size_t i = 0; i < p.size();) {
    if (p.compare(i, 5, "(\\d+)") == 0) {
      for (std::string& f : forms) f += "\\{[a-z_]+\\}";
      i += 5;
    } else if (p.compare(i, 2, "\\.") == 0) {
      for (std::string& f : forms) f += "\\.";
      i += 2;
    } else if (p[i] == '(') {
      size_t close = p.find(')', i);
      std::vector<std::string> alternatives;
      std::stringstream group(p.substr(i + 1, close - i - 1));
      for (std::string a; std::getline(group, a, '|');) alternatives.push_back(a);
      std::vector<std::string> grown;
      for (const std::string& f : forms) {
        for (const std::string& a : alternatives) grown.push_back(f + a);
      }
      forms = std::move(grown);
      i = close + 1;
    } else {
      for (std::string& f : forms) f += p[i] == '.' ? std::string("\\.") : std::string(1, p[i]);
      ++i;
    }
  }
  for (std::string& f : forms) f = "`" + std::string(route.method) + " " + f + "[`?]";
  return forms;
}

// Every route a server may answer: the table, and the test clock's (cuomin serve --test-clock).
std::vector<Route> AllRoutes() {
  std::vector<Route> all = Api::Routes();
  all.insert(all.end(), Api::TestRoutes().begin(), Api::TestRoutes().end());
  return all;
}

TEST(ApiDocsTest, EveryRouteIsDocumented) {
  const std::string docs = ReadDocs();
  ASSERT_GT(docs.size(), 1000u) << "docs/api.md not found";
  for (const Route& route : AllRoutes()) {
    for (const std::string& form : DocumentedForms(route)) {
      EXPECT_TRUE(std::regex_search(docs, std::regex(form)))
          << route.method << " " << route.pattern << " is not in docs/api.md as " << form;
    }
  }
}

TEST(ApiDocsTest, EveryDocumentedRouteExists) {
  const std::string docs = ReadDocs();
  const std::regex named("`(GET|POST|PUT|DELETE|PATCH) (/api/[^`?\\s]*)");
  std::set<std::string> seen;
  for (auto it = std::sregex_iterator(docs.begin(), docs.end(), named);
       it != std::sregex_iterator(); ++it) {
    const std::string method = (*it)[1];
    // A placeholder stands for an id.
    const std::string path = std::regex_replace((*it)[2].str(), std::regex("\\{[a-z_]+\\}"), "7");
    if (!seen.insert(method + " " + path).second) continue;
    bool found = false;
    for (const Route& route : AllRoutes()) {
      if (method == route.method && std::regex_match(path, std::regex(route.pattern))) found = true;
    }
    EXPECT_TRUE(found) << "docs/api.md names " << method << " " << (*it)[2]
                       << ", which the server does not answer";
  }
  EXPECT_GT(seen.size(), 40u);
}

}  // namespace
}  // namespace cuomin::server
