// A session on one data source (a rule's side). The engine opens one per side of an instance, so
// all of that side's queries see one snapshot (DESIGN §6). Every session is read-only.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/connection.h"
#include "core/status.h"
#include "core/value.h"

namespace dqc {

// Shared between the engine and a running query: set `cancelled` (or let the deadline pass) and
// the query stops at its next check.
struct QueryControl {
  std::atomic<bool> cancelled{false};
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  bool Stop() const { return cancelled.load() || std::chrono::steady_clock::now() > deadline; }
  // What a query that Stop() ended says, on every engine.
  Status StoppedStatus() const {
    return Status::Unavailable(cancelled.load() ? "query cancelled"
                                                : "query stopped at the timeout");
  }
};

// What kind of values a column holds, as far as comparing them goes.
enum class ColumnKind {
  kInteger,      // any integer type
  kDecimal,      // exact fixed-point (NUMERIC, DECIMAL)
  kFloat,        // REAL, DOUBLE, FLOAT
  kBool,         // BOOLEAN (PostgreSQL), TINYINT(1) (MariaDB's BOOLEAN)
  kText,         // VARCHAR, TEXT, SQLite TEXT
  kChar,         // fixed-length CHAR(n): trailing pad spaces are not part of the value
  kBinary,       // BLOB, BYTEA, VARBINARY
  kDate,         // DATE
  kTimestamp,    // a date and time without a zone (taken in the connection's timezone)
  kTimestampTz,  // a point in time (PostgreSQL timestamptz; MariaDB TIMESTAMP)
  kTime,         // a time of day
  kOther,        // anything else: compared as the engine's text
};

struct ColumnInfo {
  std::string name;  // exactly as the catalog spells it
  ColumnKind kind = ColumnKind::kOther;
  std::string declared_type;  // the engine's own type name, for messages
  int fractional_digits = 0;  // timestamps and times: digits after the seconds (0..6)
  // kTimestamp: the zone its wall-clock values are in (the connection's `timezone`; "" = UTC).
  std::string time_zone;
};

// Values a connector returns (core/value.h): NULL as Null; integers and decimals as Exact, every
// digit kept; floating values as Float, NaN and +-Infinity as Text "NaN", "Infinity",
// "-Infinity", -0.0 as 0; booleans as Bool; text as Text, UTF-8; binary as Text x'hex'; dates and
// times as Text the way the engine prints them in a UTC session.
class Connector {
 public:
  virtual ~Connector() = default;
  virtual std::string Dialect() const = 0;  // "sqlite", "postgresql", "mysql"
  // Starts the read snapshot that all later queries of this session share.
  virtual Status BeginSnapshot() = 0;
  // Runs one query and returns its first row (empty when there is none).
  virtual Result<std::vector<Value>> QueryFirstRow(const std::string& sql) = 0;
  // The columns of `schema`.`table` (schema "" = the connection's default), in table order; an
  // error naming the table when it does not exist. Names match exactly (they are quoted in SQL).
  virtual Result<std::vector<ColumnInfo>> DescribeTable(const std::string& schema,
                                                        const std::string& table) = 0;
  // Server version, for the connection test call.
  virtual std::string ServerVersion() = 0;
};

// Opens a session for the connection; `control` must outlive it.
Result<std::unique_ptr<Connector>> OpenConnector(const Connection& connection,
                                                 const QueryControl& control);

}  // namespace dqc
