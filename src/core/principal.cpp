#include "core/principal.h"

namespace dqc {

std::optional<Role> ParseRole(const std::string& text) {
  if (text == "viewer") return Role::kViewer;
  if (text == "developer") return Role::kDeveloper;
  if (text == "admin") return Role::kAdmin;
  return std::nullopt;
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kViewer:
      return "viewer";
    case Role::kDeveloper:
      return "developer";
    case Role::kAdmin:
      return "admin";
  }
  return "viewer";
}

}  // namespace dqc
