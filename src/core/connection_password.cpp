#include "core/connection_password.h"

#include <nlohmann/json.hpp>

namespace dqc {

Status RevealPassword(Connection& c, const SecretBox* box) {
  auto config = nlohmann::json::parse(c.config_json, nullptr, false);
  if (config.is_discarded() || !config.is_object()) {
    return Status::Internal("stored configuration of connection " + c.id + " is damaged");
  }
  auto it = config.find(kSealedPasswordKey);
  if (it == config.end()) return Status::Ok();
  if (!box) return Status::Internal("no secret key to decrypt the password of connection " + c.id);
  if (!it->is_string()) {
    return Status::Internal("stored password of connection " + c.id + " is damaged");
  }
  auto opened = box->Open(it->get<std::string>());
  if (!opened.ok()) {
    return Status::Internal("connection " + c.id + ": " + opened.status().message());
  }
  c.password = *opened;
  return Status::Ok();
}

}  // namespace dqc
