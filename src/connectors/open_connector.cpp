// The one place that maps a connection type to its connector.
#include <nlohmann/json.hpp>

#include "connectors/connector.h"
#include "connectors/sqlite/sqlite_connector.h"

namespace dqc {

Result<std::unique_ptr<Connector>> OpenConnector(const Connection& connection,
                                                 const QueryControl& control) {
  auto config = nlohmann::json::parse(connection.config_json, nullptr, false);
  if (config.is_discarded() || !config.is_object()) {
    return Status::Internal("stored configuration of connection " + connection.id + " is damaged");
  }
  if (connection.type == "SQLITE") {
    return OpenSqliteConnector(config.value("path", std::string()), control);
  }
  return Status::Invalid("connection type " + connection.type + " is not supported yet");
}

}  // namespace dqc
