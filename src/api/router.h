// Matches a request to its handler. Unknown paths answer 404 and known paths with another method
// 405, both with a DQC error body. A literal segment beats a parameter ("batch-delete" is not an
// {id}), so GET .../batch-delete is 405, not a details call.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "api/context.h"
#include "api/http.h"

namespace dqc::api {

using PathParams = std::map<std::string, std::string>;
using Handler = std::function<HttpResponse(ApiContext&, const HttpRequest&, const PathParams&)>;

class Router {
 public:
  // `pattern` segments in braces are parameters: "/v2/{project_id}/quality/categories".
  void Add(const std::string& method, const std::string& pattern, Handler handler);
  HttpResponse Dispatch(ApiContext& ctx, const HttpRequest& req) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

// The whole API of DESIGN §3-4.
Router BuildApiRouter();

// Entry point for the HTTP adapter: body-size limit, routing, and a 500 (logged) for any fault
// that escapes a handler.
inline constexpr size_t kMaxBodyBytes = 1 << 20;
HttpResponse HandleRequest(ApiContext& ctx, const Router& router, const HttpRequest& req);

}  // namespace dqc::api
