// Data connections (DESIGN §4): /v1/{project_id}/data-connections. SQLITE: a database file,
// opened read-only, that may not lie inside dqc's data directory and, with --sqlite-root, must lie
// under one of those folders. POSTGRESQL and MYSQL: a server (host, port, database, user,
// password, sslmode, timezone, connect_timeout). Passwords are write-only: sealed with the
// server's key into the stored config (core/connection_password.h), never answered or logged.
#include <cctype>
#include <filesystem>
#include <set>

#include "api/auth.h"
#include "api/body.h"
#include "api/handlers.h"
#include "api/responses.h"
#include "core/connection_password.h"
#include "core/secrets.h"
#include "engine/time_zone.h"

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

// An IANA zone name that the engine can load from the system's zone database ("Europe/Berlin",
// "UTC"): accepted exactly when runs can convert with it. The name check keeps it inside that
// database.
bool IsKnownTimeZone(const std::string& name) {
  if (name.empty() || name.size() > 64 || name.front() == '/' ||
      name.find("..") != std::string::npos) {
    return false;
  }
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-' &&
        c != '+') {
      return false;
    }
  }
  return TimeZone::Load(name).ok();
}

bool IsPrintableName(const std::string& s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

// Checks the settings of a POSTGRESQL or MYSQL server; returns the problem or "". On success
// `config` is the stored form: defaults filled in, the password removed (the caller seals it).
std::string CheckServerConfig(const std::string& type, json& config) {
  static const std::set<std::string> kFields = {
      "host", "port", "database", "user", "password", "sslmode", "timezone", "connect_timeout"};
  for (const auto& [key, value] : config.items()) {
    if (!kFields.count(key)) {
      return "'config." + key + "' is not a setting of " + type +
             " connections (settings: host, port, database, user, password, sslmode, timezone, "
             "connect_timeout)";
    }
  }
  json out = json::object();
  auto host = config.find("host");
  if (host == config.end() || !host->is_string() || host->get<std::string>().empty()) {
    return "'config.host' is required: the server's host name or IP address";
  }
  const std::string h = host->get<std::string>();
  if (h.size() > 255 || !IsPrintableName(h) || h.find_first_of(" /") != std::string::npos) {
    return "'config.host' must be a host name or IP address (got '" + h + "')";
  }
  out["host"] = h;
  const int default_port = type == "POSTGRESQL" ? 5432 : 3306;
  auto port = config.find("port");
  if (port == config.end()) {
    out["port"] = default_port;
  } else if (!port->is_number_integer() || port->get<int64_t>() < 1 ||
             port->get<int64_t>() > 65535) {
    return "'config.port' must be an integer from 1 to 65535 (got " + port->dump() + ")";
  } else {
    out["port"] = port->get<int64_t>();
  }
  for (const char* field : {"database", "user"}) {
    auto it = config.find(field);
    if (it == config.end() && std::string(field) == "database") continue;
    if (it == config.end() || !it->is_string() || it->get<std::string>().empty() ||
        it->get<std::string>().size() > 128 || !IsPrintableName(it->get<std::string>())) {
      return "'config." + std::string(field) + "' " +
             (std::string(field) == "user" ? "is required: " : "must be ") +
             "a string of 1 to 128 printable characters";
    }
    out[field] = it->get<std::string>();
  }
  auto password = config.find("password");
  if (password != config.end() &&
      (!password->is_string() || password->get<std::string>().size() > 1024)) {
    return "'config.password' must be a string of at most 1024 characters";
  }
  auto sslmode = config.find("sslmode");
  if (sslmode != config.end()) {
    const std::set<std::string> modes =
        type == "POSTGRESQL"
            ? std::set<std::string>{"disable", "allow",     "prefer",
                                    "require", "verify-ca", "verify-full"}
            : std::set<std::string>{"disable", "prefer", "require", "verify-ca", "verify-full"};
    if (!sslmode->is_string() || !modes.count(sslmode->get<std::string>())) {
      std::string list;
      for (const auto& m : modes) list += (list.empty() ? "" : ", ") + m;
      return "'config.sslmode' must be one of " + list;
    }
    out["sslmode"] = *sslmode;
  }
  auto zone = config.find("timezone");
  if (zone == config.end()) {
    out["timezone"] = "UTC";
  } else if (!zone->is_string() || !IsKnownTimeZone(zone->get<std::string>())) {
    return "'config.timezone' must be an IANA time zone such as UTC or Europe/Berlin (got " +
           zone->dump() + ")";
  } else {
    out["timezone"] = *zone;
  }
  auto timeout = config.find("connect_timeout");
  if (timeout == config.end()) {
    out["connect_timeout"] = 10;
  } else if (!timeout->is_number_integer() || timeout->get<int64_t>() < 1 ||
             timeout->get<int64_t>() > 60) {
    return "'config.connect_timeout' must be an integer number of seconds from 1 to 60 (got " +
           timeout->dump() + ")";
  } else {
    out["connect_timeout"] = timeout->get<int64_t>();
  }
  config = std::move(out);
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
    return Error(errors::kInvalidField, "'type' is required: SQLITE, POSTGRESQL or MYSQL", req);
  }
  const std::string previous_type = c.type;
  c.type = type->get<std::string>();
  if (c.type != "SQLITE" && c.type != "POSTGRESQL" && c.type != "MYSQL") {
    return Error(errors::kConnectionConfig,
                 "'type' " + c.type + " is not supported (supported: SQLITE, POSTGRESQL, MYSQL)",
                 req);
  }
  auto config = j.find("config");
  if (config == j.end() || !config->is_object()) {
    return Error(errors::kConnectionConfig, "'config' is required: an object", req);
  }
  json cfg = *config;
  if (c.type == "SQLITE") {
    std::string problem = CheckSqliteConfig(ctx, cfg);
    if (!problem.empty()) return Error(errors::kConnectionConfig, problem, req);
    c.config_json = cfg.dump();
    return std::nullopt;
  }
  std::string problem = CheckServerConfig(c.type, cfg);
  if (!problem.empty()) return Error(errors::kConnectionConfig, problem, req);
  if (auto pw = config->find("password"); pw != config->end()) {
    if (!pw->get<std::string>().empty()) {
      if (!ctx.secrets) {
        return Error(errors::kInternal, "the server has no secret key to store passwords", req);
      }
      auto sealed = ctx.secrets->Seal(pw->get<std::string>());
      if (!sealed.ok()) return Error(errors::kInternal, sealed.status().message(), req);
      cfg[kSealedPasswordKey] = *sealed;
    }
  } else if (!c.config_json.empty() && previous_type == c.type) {
    // An update without a password keeps the stored one (clients cannot read it back to resend),
    // but only for the same account: moved to another host or user it would be handed to
    // whoever runs that server.
    json old = json::parse(c.config_json, nullptr, false);
    auto same = [&](const char* key) { return old.value(key, json()) == cfg.value(key, json()); };
    if (old.is_object() && old.contains(kSealedPasswordKey) && same("host") && same("port") &&
        same("user")) {
      cfg[kSealedPasswordKey] = old[kSealedPasswordKey];
    }
  }
  c.config_json = cfg.dump();
  return std::nullopt;
}

json ConnectionToJson(const Connection& c) {
  // Passwords are never part of an answer, not even sealed; `has_password` says whether one is set.
  json config = json::parse(c.config_json);
  if (c.type != "SQLITE") config["has_password"] = config.contains(kSealedPasswordKey);
  config.erase(kSealedPasswordKey);
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
  // Connecting is bounded by the connection's connect_timeout (10 s by default).
  auto version = ctx.engine.TestConnection(std::move(*c));
  if (!version.ok()) return Error(errors::kConnectionTest, version.status().message(), req);
  return Json(200, json{{"ok", true}, {"server_version", *version}});
}

}  // namespace dqc::api
