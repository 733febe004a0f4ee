// SQLite data sources: the file is always opened read-only (and never created). dqc registers its
// own exact functions on the connection (DESIGN §6): dqc_sum, dqc_has_float.
#pragma once

#include <memory>
#include <string>

#include "connectors/connector.h"

namespace dqc {

Result<std::unique_ptr<Connector>> OpenSqliteConnector(const std::string& path,
                                                       const QueryControl& control);

}  // namespace dqc
