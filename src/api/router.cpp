#include "api/router.h"

#include <spdlog/spdlog.h>

#include "api/responses.h"

namespace dqc::api {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool IsParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::Add(const std::string& method, const std::string& pattern, Handler handler) {
  routes_.push_back(Route{method, Split(pattern), std::move(handler)});
}

HttpResponse Router::Dispatch(ApiContext& ctx, const HttpRequest& req) const {
  const std::vector<std::string> parts = Split(req.path);
  int best_score = -1;
  std::vector<const Route*> best;
  for (const Route& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    int score = 0;
    bool match = true;
    for (size_t i = 0; i < parts.size() && match; ++i) {
      if (IsParam(route.segments[i])) continue;
      if (route.segments[i] != parts[i]) match = false;
      ++score;
    }
    if (!match || score < best_score) continue;
    if (score > best_score) best.clear();
    best_score = score;
    best.push_back(&route);
  }
  if (best.empty()) {
    return Error(errors::kUnknownPath, "no such path: " + req.method + " " + req.path, req);
  }
  std::string allowed;
  for (const Route* route : best) {
    if (route->method == req.method) {
      PathParams params;
      for (size_t i = 0; i < parts.size(); ++i) {
        if (IsParam(route->segments[i])) {
          const std::string& s = route->segments[i];
          params[s.substr(1, s.size() - 2)] = parts[i];
        }
      }
      return route->handler(ctx, req, params);
    }
    allowed += (allowed.empty() ? "" : ", ") + route->method;
  }
  HttpResponse r =
      Error(errors::kMethodNotAllowed,
            req.method + " is not allowed on " + req.path + " (allowed: " + allowed + ")", req);
  r.headers.emplace_back("Allow", allowed);
  return r;
}

HttpResponse HandleRequest(ApiContext& ctx, const Router& router, const HttpRequest& req) {
  if (req.body.size() > kMaxBodyBytes) {
    return Error(errors::kBodyTooLarge,
                 "the body has " + std::to_string(req.body.size()) + " bytes; the limit is " +
                     std::to_string(kMaxBodyBytes) + " (1 MiB)",
                 req);
  }
  try {
    return router.Dispatch(ctx, req);
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {}: {}", req.request_id, req.method, req.path, e.what());
  } catch (...) {
    spdlog::error("request {} {} {}: unknown exception", req.request_id, req.method, req.path);
  }
  return Error(errors::kInternal, "internal error (request " + req.request_id + ")", req);
}

}  // namespace dqc::api
