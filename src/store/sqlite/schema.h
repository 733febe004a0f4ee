// The store's schema, as numbered migrations. PRAGMA user_version records how far a file got; each
// migration runs in one transaction, so a crash during one leaves the previous version.
#pragma once

#include <vector>

namespace dqc::sqlite {

const std::vector<const char*>& Migrations();

}  // namespace dqc::sqlite
