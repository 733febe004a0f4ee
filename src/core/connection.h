// A data connection: where a rule reads its data (DESIGN §4).
#pragma once

#include <cstdint>
#include <string>

namespace dqc {

struct Connection {
  std::string id;  // 32 hex characters
  std::string project_id;
  std::string workspace_id;
  std::string name;
  std::string type;         // SQLITE, POSTGRESQL or MYSQL
  std::string config_json;  // the `config` object as JSON text, never holding the password
  int64_t create_time = 0;
  std::string creator;
  // The password in clear, filled in only where a connector is opened (decrypted from the store);
  // never serialized, logged or returned.
  std::string password;
};

}  // namespace dqc
