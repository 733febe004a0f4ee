// Who is calling (DESIGN §3.4, §5): the `workspace` header and the X-Auth-Token decide the scope
// and role of every /v1 and /v2 call.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "api/context.h"
#include "api/http.h"
#include "core/principal.h"
#include "store/store.h"

namespace dqc::api {

struct Caller {
  Scope scope;
  std::string user;
  Role role;
  uint64_t data_version = 0;  // the store's DataVersion() read before authorizing (read_cache.h)
};

// The caller, or the 400/401/403 response that refuses it. `project_id` is the path's.
// `needed` is the least role the call requires.
std::variant<Caller, HttpResponse> Authorize(ApiContext& ctx, const HttpRequest& req,
                                             const std::string& project_id, Role needed);

// POST /v3/auth/tokens: a Keystone v3 password login; 201 with X-Subject-Token.
HttpResponse Login(ApiContext& ctx, const HttpRequest& req);

// Issues a token for the user and returns it (only its hash is stored).
Result<std::string> IssueToken(Store& store, const std::string& project_id, const std::string& user,
                               int64_t ttl_ms, int64_t* expires_at);

}  // namespace dqc::api
