// MariaDB and MySQL data sources (MariaDB Connector/C), always over TCP: with host "localhost" the
// library would otherwise take the Unix socket. Every session is read-only (SET SESSION
// TRANSACTION READ ONLY; the snapshot is START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY),
// runs with time_zone '+00:00' and utf8mb4, has a statement timeout (max_statement_time), takes
// one statement per call (no multi-statements), and a running query is stopped with KILL QUERY
// from a second connection as soon as the QueryControl says stop.
#pragma once

#include <memory>

#include "connectors/connector.h"
#include "connectors/server_config.h"

namespace dqc {

Result<std::unique_ptr<Connector>> OpenMysqlConnector(const ServerConfig& config,
                                                      const QueryControl& control);

}  // namespace dqc
