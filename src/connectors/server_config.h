// How to reach a database server (POSTGRESQL and MYSQL connections, DESIGN §4), as the connection's
// stored config gives it (already checked by api/connections.cpp) plus the password opened for
// this session only.
#pragma once

#include <chrono>
#include <string>

#include "connectors/connector.h"

namespace dqc {

struct ServerConfig {
  std::string host;
  int port = 0;
  std::string database;  // may be empty (MariaDB: no default database)
  std::string user;
  std::string password;  // never part of a message
  std::string sslmode;   // "" = the client library's default
  int connect_timeout_s = 10;
  std::string timezone = "UTC";  // the zone of naive timestamps (ColumnInfo::time_zone)

  // "host:port" for messages.
  std::string Where() const { return host + ":" + std::to_string(port); }
};

// The statement timeout a session sets: what is left until the control's deadline, at least one
// second and at most a day (an engine cannot take "forever" as a number).
inline int64_t StatementTimeoutMs(const QueryControl& control) {
  constexpr int64_t kDay = 24LL * 3600 * 1000;
  const auto now = std::chrono::steady_clock::now();
  if (control.deadline == std::chrono::steady_clock::time_point::max()) return kDay;
  const int64_t left =
      std::chrono::duration_cast<std::chrono::milliseconds>(control.deadline - now).count();
  return left < 1000 ? 1000 : (left > kDay ? kDay : left);
}

}  // namespace dqc
