// The one place that maps a connection type to its connector.
#include <nlohmann/json.hpp>

#include "connectors/connector.h"
#include "connectors/mysql/mysql_connector.h"
#include "connectors/postgres/postgres_connector.h"
#include "connectors/server_config.h"
#include "connectors/sqlite/sqlite_connector.h"

namespace dqc {
namespace {

// The stored config was checked when it was written (api/connections.cpp); defaults repeat here
// so that an older record without a field still opens.
ServerConfig ServerConfigOf(const nlohmann::json& config, const Connection& connection,
                            int default_port) {
  ServerConfig s;
  s.host = config.value("host", std::string());
  s.port = config.value("port", default_port);
  s.database = config.value("database", std::string());
  s.user = config.value("user", std::string());
  s.sslmode = config.value("sslmode", std::string());
  s.connect_timeout_s = config.value("connect_timeout", s.connect_timeout_s);
  s.timezone = config.value("timezone", s.timezone);
  s.password = connection.password;
  return s;
}

}  // namespace

Result<std::unique_ptr<Connector>> OpenConnector(const Connection& connection,
                                                 const QueryControl& control) {
  auto config = nlohmann::json::parse(connection.config_json, nullptr, false);
  if (config.is_discarded() || !config.is_object()) {
    return Status::Internal("stored configuration of connection " + connection.id + " is damaged");
  }
  try {
    if (connection.type == "SQLITE") {
      return OpenSqliteConnector(config.value("path", std::string()), control);
    }
    if (connection.type == "POSTGRESQL") {
      return OpenPostgresConnector(ServerConfigOf(config, connection, 5432), control);
    }
    if (connection.type == "MYSQL") {
      return OpenMysqlConnector(ServerConfigOf(config, connection, 3306), control);
    }
  } catch (const nlohmann::json::exception&) {  // a field of the wrong JSON type
    return Status::Internal("stored configuration of connection " + connection.id + " is damaged");
  }
  return Status::Invalid("connection type " + connection.type + " is not supported");
}

}  // namespace dqc
