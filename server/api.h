// The JSON API (docs/api.md) as one route table over the review service. Requests and
// responses here are plain structs: http_server.cc, the only file that includes httplib.h,
// turns HTTP into them and back, and does what every route shares (body limits, the remote
// address, sessions and tokens, CSRF and Origin checks, security headers).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "review/clock.h"
#include "review/ledger_service.h"
#include "review/review_service.h"
#include "review/scan_runner.h"
#include "server/session_store.h"
#include "server/staging_fetch.h"

namespace cuomin::server {

struct ApiRequest {
  std::string method;
  std::string path;
  std::vector<std::string> params;  // the route pattern's captures, e.g. the draft id
  std::multimap<std::string, std::string> query;
  std::string body;
  std::string content_type;
  std::string address;                 // of the client, for the audit log
  std::optional<review::Actor> actor;  // signed in (session or token)
  std::optional<Session> session;      // when signed in with a session
  std::string session_cookie;          // the cookie's value as sent, if any
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Instead of `body`, for a download too long to hold at once: each call gives the next
  // piece, "" once there is no more. The headers go out before the first call, so a failure
  // after it can only cut the response short (the client sees an incomplete download).
  std::function<Result<std::string>()> next_piece;
};

// Who may call a route at all; finer checks (unit, role, stage) are the service's.
enum class Access {
  kPublic,    // no sign-in (login)
  kSignedIn,  // any signed-in user or token
  kUser,      // a signed-in person, not a token
};

class Api;

struct Route {
  const char* method;   // "GET", "POST"
  const char* pattern;  // regex over the path, captures become ApiRequest::params
  Access access;
  size_t max_body;  // bytes; 0 for routes without a body
  ApiResponse (Api::*handler)(const ApiRequest&);
};

// Cookie and origin settings that depend on how the server is reached.
struct ApiOptions {
  bool secure = false;  // served over TLS (directly or by a proxy): Secure, __Host- cookie
  StagingOptions staging;
  SessionLimits sessions;
  // Set only by `cuomin serve --test-clock`: the clock TestRoutes() moves.
  review::ShiftedClock* test_clock = nullptr;
};

// Site scans and the 整改 ledger, when the server runs them (not owned; both or neither).
// Without them their routes answer 503.
struct SiteServices {
  review::LedgerService* ledger = nullptr;
  review::ScanRunner* scans = nullptr;
  // Ledger exports streaming at once; one more is answered 503 at once (each holds a
  // connection's thread and its list's ids until its last byte is sent).
  int concurrent_exports = 8;
  // Rows of one ledger export at most; a longer list is refused, counted but not read.
  int64_t export_max_rows = 200'000;
};

class Api {
 public:
  Api(review::ReviewService* service, ApiOptions options, SiteServices sites = {});

  static const std::vector<Route>& Routes();
  // Routes for end-to-end tests, served only when ApiOptions::test_clock is set.
  static const std::vector<Route>& TestRoutes();

  // The session cookie's name: "__Host-cuomin_session" when secure, else "cuomin_session".
  const std::string& cookie_name() const { return cookie_name_; }
  bool secure() const { return options_.secure; }
  SessionStore& sessions() { return sessions_; }
  review::ReviewService& service() { return *service_; }

  // The one place a Status becomes an HTTP status and a JSON error body.
  static ApiResponse Error(const Status& status);
  static ApiResponse Error(int http_status, const std::string& code, const std::string& message);

  ApiResponse Login(const ApiRequest& r);
  ApiResponse Logout(const ApiRequest& r);
  ApiResponse Me(const ApiRequest& r);
  ApiResponse Home(const ApiRequest& r);
  ApiResponse ListDrafts(const ApiRequest& r);
  ApiResponse DraftsCsv(const ApiRequest& r);  // server/api_exports.cc
  ApiResponse CreateDraft(const ApiRequest& r);
  ApiResponse GetDraft(const ApiRequest& r);
  ApiResponse AddVersion(const ApiRequest& r);
  ApiResponse GetVersion(const ApiRequest& r);
  ApiResponse VersionFindings(const ApiRequest& r);
  ApiResponse VersionFindingsCsv(const ApiRequest& r);  // server/api_exports.cc
  ApiResponse VersionMarks(const ApiRequest& r);
  ApiResponse ListIssues(const ApiRequest& r);
  ApiResponse ListFindings(const ApiRequest& r);
  ApiResponse FindingsCsv(const ApiRequest& r);  // server/api_exports.cc
  ApiResponse Submit(const ApiRequest& r);
  ApiResponse Sign(const ApiRequest& r);
  ApiResponse SendBack(const ApiRequest& r);
  ApiResponse Publish(const ApiRequest& r);
  ApiResponse Decide(const ApiRequest& r);
  ApiResponse ListComments(const ApiRequest& r);
  ApiResponse AddComment(const ApiRequest& r);
  ApiResponse Statistics(const ApiRequest& r);
  ApiResponse StatisticsCsv(const ApiRequest& r);
  ApiResponse ListUnits(const ApiRequest& r);
  ApiResponse CreateUnit(const ApiRequest& r);
  ApiResponse ListUsers(const ApiRequest& r);
  ApiResponse UsersCsv(const ApiRequest& r);  // server/api_exports.cc
  ApiResponse CreateUser(const ApiRequest& r);
  ApiResponse DisableUser(const ApiRequest& r);
  ApiResponse SetRole(const ApiRequest& r);
  ApiResponse ListTokens(const ApiRequest& r);
  ApiResponse TokensCsv(const ApiRequest& r);  // server/api_exports.cc
  ApiResponse CreateToken(const ApiRequest& r);
  ApiResponse RevokeToken(const ApiRequest& r);
  ApiResponse ListAudit(const ApiRequest& r);
  ApiResponse AuditCsv(const ApiRequest& r);
  ApiResponse VerifyAudit(const ApiRequest& r);
  // Sites, scans and the ledger (server/api_sites.cc).
  ApiResponse ListSites(const ApiRequest& r);
  ApiResponse CreateSite(const ApiRequest& r);
  ApiResponse GetSite(const ApiRequest& r);
  ApiResponse UpdateSite(const ApiRequest& r);
  ApiResponse StartScan(const ApiRequest& r);
  ApiResponse StopScan(const ApiRequest& r);
  ApiResponse PauseScan(const ApiRequest& r);
  ApiResponse ScanProgress(const ApiRequest& r);
  ApiResponse SiteScans(const ApiRequest& r);
  ApiResponse SiteScansCsv(const ApiRequest& r);
  ApiResponse ScannedPage(const ApiRequest& r);
  ApiResponse PageLinksCsv(const ApiRequest& r);
  ApiResponse ListPrefixes(const ApiRequest& r);
  ApiResponse AddPrefix(const ApiRequest& r);
  ApiResponse RemovePrefix(const ApiRequest& r);
  ApiResponse ListLedger(const ApiRequest& r);
  ApiResponse LedgerCsv(const ApiRequest& r);
  ApiResponse GetLedgerEntry(const ApiRequest& r);
  ApiResponse LedgerAction(const ApiRequest& r);
  ApiResponse LedgerUnits(const ApiRequest& r);
  ApiResponse GetDeadlines(const ApiRequest& r);
  ApiResponse SetDeadlines(const ApiRequest& r);
  // Test-only (server/api_test_clock.cc).
  ApiResponse AdvanceClock(const ApiRequest& r);

 private:
  Result<review::Submission> ReadSubmission(const ApiRequest& r, bool with_title);

  review::ReviewService* service_;
  ApiOptions options_;
  SiteServices sites_;
  // Ledger exports under way; shared with their responses, which may outlive a request.
  std::shared_ptr<std::atomic<int>> exports_ = std::make_shared<std::atomic<int>>(0);
  std::string cookie_name_;
  SessionStore sessions_;
};

}  // namespace cuomin::server
