// Brings a value read from a column to the form dqc compares (DESIGN §6), whatever the engine
// spelled: booleans as booleans (MariaDB's TINYINT(1) 1 is true), CHAR(n) without its pad spaces,
// date-times as "YYYY-MM-DD HH:MM:SS[.fraction]" in UTC with the fraction's trailing zeros dropped
// (a naive timestamp taken in the column's time_zone, see engine/time_zone.h).
#pragma once

#include "connectors/connector.h"
#include "core/status.h"
#include "core/value.h"

namespace dqc {

// An error when a naive timestamp cannot be placed in its zone (damaged text, zone not installed).
Result<Value> NormalizeForColumn(const Value& value, const ColumnInfo& column);

// A normalized date-time cut to `digits` fractional digits (the coarser precision of two sides).
std::string TruncateFraction(const std::string& datetime, int digits);

bool IsDateTime(ColumnKind kind);

}  // namespace dqc
