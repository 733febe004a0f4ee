// Who calls: projects hold workspaces and users; users hold roles in workspaces (DESIGN §5).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dqc {

enum class Role { kViewer = 1, kDeveloper = 2, kAdmin = 3 };

std::optional<Role> ParseRole(const std::string& text);
const char* RoleName(Role role);

struct Workspace {
  std::string id;  // 32 hex
  std::string project_id;
  std::string name;
};

struct User {
  std::string project_id;
  std::string name;
  std::string password_hash;  // PBKDF2, see core/secrets.h
};

struct TokenRecord {
  std::string project_id;
  std::string user_name;
  int64_t expires_at_ms = 0;
  bool revoked = false;
};

}  // namespace dqc
