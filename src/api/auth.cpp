#include "api/auth.h"

#include <nlohmann/json.hpp>

#include "api/body.h"
#include "api/responses.h"
#include "core/id_generator.h"
#include "core/secrets.h"

namespace dqc::api {
namespace {

bool IsHex(const std::string& s, size_t length) {
  if (s.size() != length) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string Iso8601(int64_t ms) {
  time_t secs = static_cast<time_t>(ms / 1000);
  struct tm tm;
  gmtime_r(&secs, &tm);
  char buf[96];
  snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace

Result<std::string> IssueToken(Store& store, const std::string& project_id, const std::string& user,
                               int64_t ttl_ms, int64_t* expires_at) {
  std::string token = "dqc" + RandomHex(32);
  TokenRecord record{project_id, user, NowMillis() + ttl_ms, false};
  Status s = store.SaveToken(Sha256Hex(token), record);
  if (!s.ok()) return s;
  if (expires_at) *expires_at = record.expires_at_ms;
  return token;
}

std::variant<Caller, HttpResponse> Authorize(ApiContext& ctx, const HttpRequest& req,
                                             const std::string& project_id, Role needed) {
  const std::string* workspace = req.Header("workspace");
  if (!workspace || workspace->empty()) {
    return Error(errors::kMissingWorkspace, "the 'workspace' header is required", req);
  }
  const std::string* token = req.Header("x-auth-token");
  if (!token || token->empty()) {
    return Error(errors::kMissingToken, "the 'X-Auth-Token' header is required", req);
  }
  if (token->size() != 67 || token->rfind("dqc", 0) != 0 || !IsHex(token->substr(3), 64)) {
    return Error(errors::kInvalidToken, "X-Auth-Token is not a valid token", req);
  }
  const std::string token_hash = Sha256Hex(*token);
  const std::string grant_key = token_hash + '\n' + *workspace + '\n' + project_id;
  const uint64_t version = ctx.store.DataVersion();  // before the reads it vouches for
  if (auto grant = ctx.caches->grants.Get(grant_key, version)) {
    if (grant->expires_at_ms > NowMillis() &&
        static_cast<int>(grant->role) >= static_cast<int>(needed)) {
      return Caller{Scope{project_id, *workspace}, grant->user, grant->role, version};
    }
    // Expired, or not enough rights: the full path below gives the exact answer.
  }
  auto record = ctx.store.GetToken(token_hash);
  if (!record.ok()) {
    if (record.status().code() == Status::Code::kNotFound) {
      return Error(errors::kInvalidToken, "X-Auth-Token is not a valid token", req);
    }
    return FromStatus(record.status(), req);
  }
  if (record->revoked) return Error(errors::kRevokedToken, "X-Auth-Token has been revoked", req);
  if (record->expires_at_ms <= NowMillis()) {
    return Error(errors::kExpiredToken, "X-Auth-Token has expired", req);
  }
  if (record->project_id != project_id) {
    return Error(errors::kForbiddenProject,
                 "the token does not grant access to project " + project_id, req);
  }
  // An unknown workspace and one the user is not a member of answer alike: existence is not
  // revealed.
  auto ws = ctx.store.GetWorkspace(*workspace);
  std::optional<Role> role;
  if (ws.ok() && ws->project_id == project_id) {
    auto r = ctx.store.GetRole(*workspace, record->user_name);
    if (!r.ok()) return FromStatus(r.status(), req);
    role = *r;
  } else if (!ws.ok() && ws.status().code() != Status::Code::kNotFound) {
    return FromStatus(ws.status(), req);
  }
  if (!role) {
    return Error(errors::kForbiddenWorkspace,
                 "user '" + record->user_name + "' has no access to workspace " + *workspace, req);
  }
  if (static_cast<int>(*role) < static_cast<int>(needed)) {
    return Error(errors::kForbiddenRole,
                 std::string("this call needs the role ") + RoleName(needed) + "; user '" +
                     record->user_name + "' is " + RoleName(*role) + " in this workspace",
                 req);
  }
  ctx.caches->grants.Put(grant_key, version,
                         CachedGrant{record->user_name, *role, record->expires_at_ms});
  return Caller{Scope{project_id, *workspace}, record->user_name, *role, version};
}

HttpResponse Login(ApiContext& ctx, const HttpRequest& req) {
  auto body = ParseJsonBody(req);
  if (auto* err = std::get_if<HttpResponse>(&body)) return *err;
  const auto& j = std::get<nlohmann::json>(body);
  // {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name", "password",
  //  "domain": {"name": P}}}}, "scope": {"project": {"id": P}}}}
  const nlohmann::json* user = nullptr;
  std::string project;
  try {
    user = &j.at("auth").at("identity").at("password").at("user");
    if (j["auth"].contains("scope")) {
      project = j["auth"]["scope"].at("project").at("id").get<std::string>();
    } else {
      project = user->at("domain").at("name").get<std::string>();
    }
    (void)user->at("name").get<std::string>();
    (void)user->at("password").get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return Error(errors::kBodyShape,
                 "expected {\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": "
                 "{\"user\": {\"name\", \"password\", \"domain\": {\"name\"}}}}, \"scope\": "
                 "{\"project\": {\"id\"}}}}",
                 req);
  }
  const std::string name = (*user)["name"].get<std::string>();
  auto found = ctx.store.GetUser(project, name);
  // An unknown user costs the same PBKDF2 work as a wrong password: timing does not tell names.
  static const std::string kDummyHash = HashPassword("dqc-no-such-user");
  const bool password_ok = VerifyPassword((*user)["password"].get<std::string>(),
                                          found.ok() ? found->password_hash : kDummyHash);
  if (!found.ok() || !password_ok) {
    if (!found.ok() && found.status().code() != Status::Code::kNotFound) {
      return FromStatus(found.status(), req);
    }
    return Error(errors::kLoginFailed, "wrong user name, password or project", req);
  }
  int64_t expires_at = 0;
  auto token = IssueToken(ctx.store, project, name, ctx.settings.token_ttl_ms, &expires_at);
  if (!token.ok()) return FromStatus(token.status(), req);
  nlohmann::json out = {{"token",
                         {{"methods", {"password"}},
                          {"expires_at", Iso8601(expires_at)},
                          {"issued_at", Iso8601(NowMillis())},
                          {"user", {{"name", name}, {"domain", {{"name", project}}}}},
                          {"project", {{"id", project}}}}}};
  HttpResponse r = Json(201, out);
  r.headers.emplace_back("X-Subject-Token", *token);
  return r;
}

}  // namespace dqc::api
