// Data connections (DESIGN §4): /v1/{project_id}/data-connections. Type SQLITE for now: a database
// file, opened read-only, that may not lie inside dqc's data directory and, with --sqlite-root,
// must lie under one of those folders.
#include <filesystem>

#include "api/auth.h"
#include "api/body.h"
#include "api/handlers.h"
#include "api/responses.h"
#include "connectors/connector.h"
#include "core/secrets.h"

namespace dqc::api {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

bool Under(const fs::path& path, const fs::path& dir) {
  auto p = path.begin();
  for (auto d = dir.begin(); d != dir.end(); ++d, ++p) {
    if (d->empty()) continue;  // a trailing separator
    if (p == path.end() || *p != *d) return false;
  }
  return true;
}

// Checks the SQLITE settings; returns the problem or "".
std::string CheckSqliteConfig(const ApiContext& ctx, json& config) {
  auto it = config.find("path");
  if (it == config.end() || !it->is_string() || it->get<std::string>().empty()) {
    return "'config.path' is required: the absolute path of the SQLite database file";
  }
  std::string raw = it->get<std::string>();
  if (raw.find('\0') != std::string::npos) return "'config.path' may not contain a NUL character";
  fs::path path(raw);
  if (!path.is_absolute()) return "'config.path' must be an absolute path (got '" + raw + "')";
  std::error_code ec;
  fs::path real = fs::canonical(path, ec);  // resolves links: a link into the data dir counts
  if (ec || !fs::is_regular_file(real, ec)) {
    return "'config.path': no database file at '" + raw + "'";
  }
  fs::path data = fs::weakly_canonical(fs::path(ctx.settings.data_dir), ec);
  if (Under(real, data)) {
    return "'config.path' lies inside dqc's own data directory (" + data.string() +
           "); dqc does not read its own files as a data source";
  }
  if (!ctx.settings.sqlite_roots.empty()) {
    bool allowed = false;
    for (const auto& root : ctx.settings.sqlite_roots) {
      if (Under(real, fs::weakly_canonical(fs::path(root), ec))) allowed = true;
    }
    if (!allowed) return "'config.path' is not under any folder allowed by --sqlite-root";
  }
  config = json{{"path", real.string()}};
  return "";
}

// Reads name/type/config from a create or update body into `c`; returns an error response.
std::optional<HttpResponse> ReadConnection(ApiContext& ctx, const HttpRequest& req, const json& j,
                                           Connection& c) {
  if (!j.is_object()) return Error(errors::kBodyShape, "the body must be a JSON object", req);
  auto name = j.find("name");
  if (name == j.end() || !name->is_string() || name->get<std::string>().empty() ||
      name->get<std::string>().size() > 128) {
    return Error(errors::kInvalidField, "'name' is required: a string of 1 to 128 characters", req);
  }
  c.name = name->get<std::string>();
  auto type = j.find("type");
  if (type == j.end() || !type->is_string()) {
    return Error(errors::kInvalidField, "'type' is required: SQLITE", req);
  }
  c.type = type->get<std::string>();
  if (c.type != "SQLITE") {
    return Error(errors::kConnectionConfig,
                 "'type' " + c.type + " is not supported (supported: SQLITE)", req);
  }
  auto config = j.find("config");
  if (config == j.end() || !config->is_object()) {
    return Error(errors::kConnectionConfig, "'config' is required: an object", req);
  }
  json cfg = *config;
  std::string problem = CheckSqliteConfig(ctx, cfg);
  if (!problem.empty()) return Error(errors::kConnectionConfig, problem, req);
  c.config_json = cfg.dump();
  return std::nullopt;
}

json ConnectionToJson(const Connection& c) {
  // Secrets (passwords, later) are never part of the answer.
  json config = json::parse(c.config_json);
  config.erase("password");
  return json{{"id", c.id},
              {"name", c.name},
              {"type", c.type},
              {"config", config},
              {"create_time", c.create_time},
              {"creator", c.creator}};
}

std::optional<std::string> ConnectionId(const PathParams& p) {
  const std::string& id = p.at("id");
  if (id.size() != 32) return std::nullopt;
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  }
  return id;
}

HttpResponse NoConnection(const PathParams& p, const HttpRequest& req) {
  return Error(errors::kNotFound, "no data connection " + p.at("id") + " in this workspace", req);
}

}  // namespace

HttpResponse CreateConnection(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kAdmin);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  const Caller& who = std::get<Caller>(caller);
  auto body = ParseJsonBody(req);
  if (auto* err = std::get_if<HttpResponse>(&body)) return *err;
  Connection c;
  if (auto err = ReadConnection(ctx, req, std::get<json>(body), c)) return *err;
  c.id = RandomHex(16);
  c.project_id = who.scope.project_id;
  c.workspace_id = who.scope.workspace_id;
  c.create_time = NowMillis();
  c.creator = who.user;
  Status s = ctx.store.CreateConnection(c);
  if (!s.ok())
    return FromStatus(s, req, errors::kConnectionConfig, errors::kNotFound, errors::kDuplicateName);
  return Json(200, ConnectionToJson(c));
}

HttpResponse ListConnections(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kViewer);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  auto all = ctx.store.ListConnections(std::get<Caller>(caller).scope);
  if (!all.ok()) return FromStatus(all.status(), req);
  json items = json::array();
  for (const auto& c : *all) items.push_back(ConnectionToJson(c));
  return Json(200, json{{"count", items.size()}, {"resources", std::move(items)}});
}

HttpResponse GetConnection(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kViewer);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  auto id = ConnectionId(p);
  if (!id) return NoConnection(p, req);
  auto c = ctx.store.GetConnection(std::get<Caller>(caller).scope, *id);
  if (!c.ok()) {
    if (c.status().code() == Status::Code::kNotFound) return NoConnection(p, req);
    return FromStatus(c.status(), req);
  }
  return Json(200, ConnectionToJson(*c));
}

HttpResponse UpdateConnection(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kAdmin);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  const Scope& scope = std::get<Caller>(caller).scope;
  auto id = ConnectionId(p);
  if (!id) return NoConnection(p, req);
  auto existing = ctx.store.GetConnection(scope, *id);
  if (!existing.ok()) {
    if (existing.status().code() == Status::Code::kNotFound) return NoConnection(p, req);
    return FromStatus(existing.status(), req);
  }
  auto body = ParseJsonBody(req);
  if (auto* err = std::get_if<HttpResponse>(&body)) return *err;
  Connection c = *existing;
  if (auto err = ReadConnection(ctx, req, std::get<json>(body), c)) return *err;
  Status s = ctx.store.UpdateConnection(scope, c);
  if (!s.ok())
    return FromStatus(s, req, errors::kConnectionConfig, errors::kNotFound, errors::kDuplicateName);
  return Json(200, ConnectionToJson(c));
}

HttpResponse DeleteConnection(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kAdmin);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  auto id = ConnectionId(p);
  if (!id) return NoConnection(p, req);
  Status s = ctx.store.DeleteConnection(std::get<Caller>(caller).scope, *id);
  if (s.code() == Status::Code::kNotFound) return NoConnection(p, req);
  if (!s.ok())
    return FromStatus(s, req, errors::kConnectionConfig, errors::kNotFound, errors::kInUse);
  return BatchSuccess();
}

HttpResponse TestConnection(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kViewer);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  auto id = ConnectionId(p);
  if (!id) return NoConnection(p, req);
  auto c = ctx.store.GetConnection(std::get<Caller>(caller).scope, *id);
  if (!c.ok()) {
    if (c.status().code() == Status::Code::kNotFound) return NoConnection(p, req);
    return FromStatus(c.status(), req);
  }
  QueryControl control;
  control.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  auto session = OpenConnector(*c, control);
  if (!session.ok()) return Error(errors::kConnectionConfig, session.status().message(), req);
  return Json(200, json{{"ok", true}, {"server_version", (*session)->ServerVersion()}});
}

}  // namespace dqc::api
