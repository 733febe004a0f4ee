// Operator commands of DESIGN §5: workspaces, grants, users and tokens, straight on the store.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "api/auth.h"
#include "cli/commands.h"
#include "core/secrets.h"
#include "store/store.h"

namespace dqc::cli {
namespace {

std::unique_ptr<Store> OpenOrReport(const StoreOptions& s) {
  auto store = OpenStore(s.StoreUrl());
  if (!store.ok()) {
    spdlog::error("{}", store.status().message());
    return nullptr;
  }
  return std::move(*store);
}

int Report(const Status& s) {
  if (s.ok()) return 0;
  spdlog::error("{}", s.message());
  return 1;
}

std::string ReadLine() {
  std::string line;
  std::getline(std::cin, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

// "90s", "15m", "24h", "7d" -> milliseconds; 0 when malformed.
int64_t ParseTtl(const std::string& ttl) {
  if (ttl.size() < 2) return 0;
  int64_t unit = 0;
  switch (ttl.back()) {
    case 's':
      unit = 1000;
      break;
    case 'm':
      unit = 60 * 1000;
      break;
    case 'h':
      unit = 3600 * 1000;
      break;
    case 'd':
      unit = 24 * 3600 * 1000;
      break;
    default:
      return 0;
  }
  std::string digits = ttl.substr(0, ttl.size() - 1);
  if (digits.empty() || digits.size() > 6) return 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
  }
  return std::stoll(digits) * unit;
}

}  // namespace

std::string StoreOptions::StoreUrl() const {
  if (!store_url.empty()) return store_url;
  std::string dir = data_dir.empty() ? "dqc-data" : data_dir;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return "sqlite:" + dir + "/dqc.db";
}

int WorkspaceCreate(const StoreOptions& s, const std::string& project, const std::string& name) {
  auto store = OpenOrReport(s);
  if (!store) return 1;
  auto id = store->CreateWorkspace(project, name);
  if (!id.ok()) return Report(id.status());
  std::cout << *id << std::endl;
  return 0;
}

int WorkspaceGrant(const StoreOptions& s, const std::string& workspace, const std::string& user,
                   const std::string& role) {
  auto store = OpenOrReport(s);
  if (!store) return 1;
  return Report(store->Grant(workspace, user, *ParseRole(role)));
}

int WorkspaceRevoke(const StoreOptions& s, const std::string& workspace, const std::string& user) {
  auto store = OpenOrReport(s);
  if (!store) return 1;
  return Report(store->Revoke(workspace, user));
}

int UserCreate(const StoreOptions& s, const std::string& project, const std::string& name) {
  std::string password = ReadLine();
  if (password.size() < 8) {
    spdlog::error("the password (read from standard input) must have at least 8 characters");
    return 1;
  }
  auto store = OpenOrReport(s);
  if (!store) return 1;
  return Report(store->CreateUser(User{project, name, HashPassword(password)}));
}

int UserDelete(const StoreOptions& s, const std::string& project, const std::string& name) {
  auto store = OpenOrReport(s);
  if (!store) return 1;
  return Report(store->DeleteUser(project, name));
}

int TokenIssue(const StoreOptions& s, const std::string& project, const std::string& user,
               const std::string& ttl) {
  int64_t ttl_ms = ParseTtl(ttl);
  if (ttl_ms <= 0) {
    spdlog::error("--ttl must look like 90s, 15m, 24h or 7d (got '{}')", ttl);
    return 1;
  }
  auto store = OpenOrReport(s);
  if (!store) return 1;
  auto found = store->GetUser(project, user);
  if (!found.ok()) return Report(found.status());
  auto token = api::IssueToken(*store, project, user, ttl_ms, nullptr);
  if (!token.ok()) return Report(token.status());
  std::cout << *token << std::endl;
  return 0;
}

int TokenRevoke(const StoreOptions& s) {
  std::string token = ReadLine();
  auto store = OpenOrReport(s);
  if (!store) return 1;
  return Report(store->RevokeToken(Sha256Hex(token)));
}

}  // namespace dqc::cli
