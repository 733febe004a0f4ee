// PostgreSQL data sources (libpq). Every session is read-only (default_transaction_read_only, and
// the snapshot is BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY), runs in UTC with UTF-8, ISO
// dates and shortest-exact floats, has a statement timeout, and each query is cancelled
// (PQcancel) as soon as the QueryControl says stop. Queries go through the extended protocol, so
// one call runs exactly one statement.
#pragma once

#include <memory>

#include "connectors/connector.h"
#include "connectors/server_config.h"

namespace dqc {

Result<std::unique_ptr<Connector>> OpenPostgresConnector(const ServerConfig& config,
                                                         const QueryControl& control);

}  // namespace dqc
