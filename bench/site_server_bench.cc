// A loopback test site for crawl benchmarks: N pages of government-notice text, each linking
// to its two children (a tree, so every page is reachable within log2(N) hops) and a few
// others. Prints the URL of the home page, then serves until killed.
//   site_server_bench [--pages N] [--port P] [--repeat K]
// --repeat K writes the notice text K times per page (same links): pages K times larger for
// showing that the crawler's memory follows the URL set, not page content.
//
// The server answers every response with a `LinkChecker` header. LinkChecker throttles each
// host to a random 0.1–0.6 s between requests (about 3 pages/s, whatever its
// maxrequestspersecond says) unless the server sends that header: its documented opt-in
// (linkcheckerrc(5), maxrequestspersecond: "To use values greater than 10, the HTTP server
// must return a "LinkChecker" response header"). Without it the benchmark would measure
// LinkChecker's politeness sleep, not its speed.
#include <httplib.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

namespace {

constexpr const char* kParagraphs[] = {
    "各乡镇人民政府、各街道办事处，县政府各部门：为深入贯彻落实党中央、国务院决策部署，"
    "进一步优化营商环境，现就有关事项通知如下。",
    "一、提高思想认识。各单位要充分认识做好此项工作的重要意义，切实加强组织领导，"
    "明确责任分工，确保各项任务落到实处。",
    "二、突出工作重点。围绕群众关心的就业、教育、医疗、养老等民生问题，"
    "完善政策措施，提升公共服务水平。",
    "三、强化督查考核。县政府督查室将定期对各单位工作推进情况进行督查，督查结果纳入年度考核。",
    // One known typo per copy of the text, so that findings flow through the output as on a
    // real site (and grow with --repeat).
    "四、面对困难，个别单位一愁莫展，要及时研究解决。",
};

std::string PageHtml(long i, long n, int repeat) {
  std::string s = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>关于做好第" +
                  std::to_string(i) +
                  "项工作的通知</title></head><body><div class=\"nav\">"
                  "<a href=\"/p/0.html\">首页</a></div><h1>关于做好第" +
                  std::to_string(i) + "项工作的通知</h1>";
  for (int r = 0; r < repeat; ++r) {
    for (const char* p : kParagraphs) s += std::string("<p>") + p + "</p>";
  }
  s += "<ul>";
  for (long c : {2 * i + 1, 2 * i + 2, (i * 7919 + 13) % n, (i + 1) % n}) {
    if (c < n)
      s += "<li><a href=\"/p/" + std::to_string(c) + ".html\">相关文件" + std::to_string(c) +
           "</a></li>";
  }
  s += "</ul><p>联系电话：0571-12345678</p></body></html>";
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  long pages = 10000;
  int port = 0;
  int repeat = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--pages") == 0) pages = std::atol(argv[i + 1]);
    if (std::strcmp(argv[i], "--port") == 0) port = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--repeat") == 0) repeat = std::max(1, std::atoi(argv[i + 1]));
  }
  httplib::Server server;
  server.set_default_headers({{"LinkChecker", "allowed"}});
  // Like a production server, not cpp-httplib's defaults: nginx keeps 1000 requests per
  // connection (httplib 5) and sets TCP_NODELAY. Without it httplib writes headers and body
  // separately, Nagle holds the body until the client's delayed ACK, and every response
  // takes ~40 ms whichever tool asks. And enough worker threads that no connection queues.
  server.set_keep_alive_max_count(1000);
  server.set_tcp_nodelay(true);
  server.new_task_queue = [] { return new httplib::ThreadPool(32); };
  server.Get(R"(/p/(\d+)\.html)",
             [pages, repeat](const httplib::Request& req, httplib::Response& res) {
               long i = std::atol(req.matches[1].str().c_str());
               if (i >= pages) {
                 res.status = 404;
                 return;
               }
               res.set_content(PageHtml(i, pages, repeat), "text/html; charset=utf-8");
             });
  server.Get(
      "/", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/p/0.html"); });
  if (port == 0) {
    port = server.bind_to_any_port("127.0.0.1");
  } else if (!server.bind_to_port("127.0.0.1", port)) {
    std::cerr << "site_server_bench: 无法监听端口 " << port << "\n";
    return 2;
  }
  std::cout << "http://127.0.0.1:" << port << "/p/0.html" << std::endl;
  server.listen_after_bind();
  return 0;
}
