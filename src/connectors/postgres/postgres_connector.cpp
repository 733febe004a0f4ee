#include "connectors/postgres/postgres_connector.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace dqc {
namespace {

// Type OIDs of pg_type that dqc maps (src/include/catalog/pg_type.dat); stable across versions.
enum Oid : unsigned {
  kBoolOid = 16,
  kByteaOid = 17,
  kCharOid = 18,
  kNameOid = 19,
  kInt8Oid = 20,
  kInt2Oid = 21,
  kInt4Oid = 23,
  kTextOid = 25,
  kOidOid = 26,
  kFloat4Oid = 700,
  kFloat8Oid = 701,
  kBpcharOid = 1042,
  kVarcharOid = 1043,
  kDateOid = 1082,
  kTimeOid = 1083,
  kTimestampOid = 1114,
  kTimestamptzOid = 1184,
  kTimetzOid = 1266,
  kNumericOid = 1700,
};

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

// libpq's messages span lines ("...failed: FATAL:  password ...\n"): one line for an API answer.
std::string OneLine(const char* text) {
  std::string out;
  bool space = false;
  for (const char* p = text ? text : ""; *p; ++p) {
    if (*p == '\n' || *p == '\t' || *p == '\r' || *p == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += *p;
  }
  return out;
}

Value ReadValue(const PGresult* res, int row, int col) {
  if (PQgetisnull(res, row, col)) return Value::Null();
  const std::string text(PQgetvalue(res, row, col),
                         static_cast<size_t>(PQgetlength(res, row, col)));
  switch (PQftype(res, col)) {
    case kBoolOid:
      return Value::Bool(text == "t");
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid:
    case kNumericOid:  // every digit: numeric's text is exact; NaN and +-Infinity stay text
      if (auto d = Decimal::Parse(text)) return Value::Exact(*d);
      return Value::Text(text);
    case kFloat4Oid:
    case kFloat8Oid:  // extra_float_digits = 1: the shortest text that reads back the same
      if (auto d = Decimal::Parse(text)) return Value::Float(*d);  // "-0" parses as 0
      return Value::Text(text);                                    // NaN, Infinity, -Infinity
    case kByteaOid:                                                // bytea_output = hex: "\x0a1b"
      return Value::Text("x'" + (text.size() >= 2 ? text.substr(2) : std::string()) + "'");
    default:
      return Value::Text(text);
  }
}

ColumnKind KindOfOid(unsigned oid) {
  switch (oid) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid:
      return ColumnKind::kInteger;
    case kNumericOid:
      return ColumnKind::kDecimal;
    case kFloat4Oid:
    case kFloat8Oid:
      return ColumnKind::kFloat;
    case kBoolOid:
      return ColumnKind::kBool;
    case kTextOid:
    case kVarcharOid:
    case kNameOid:
    case kCharOid:
      return ColumnKind::kText;
    case kBpcharOid:
      return ColumnKind::kChar;
    case kByteaOid:
      return ColumnKind::kBinary;
    case kDateOid:
      return ColumnKind::kDate;
    case kTimestampOid:
      return ColumnKind::kTimestamp;
    case kTimestamptzOid:
      return ColumnKind::kTimestampTz;
    case kTimeOid:
    case kTimetzOid:
      return ColumnKind::kTime;
    default:
      return ColumnKind::kOther;
  }
}

class PostgresConnector final : public Connector {
 public:
  PostgresConnector(PGconn* conn, ServerConfig config, const QueryControl& control)
      : conn_(conn), config_(std::move(config)), control_(control) {}
  ~PostgresConnector() override { PQfinish(conn_); }  // ends the read-only transaction too

  std::string Dialect() const override { return "postgresql"; }

  Status BeginSnapshot() override {
    auto r = Run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", {});
    return r.ok() ? Status::Ok() : r.status();
  }

  Result<std::vector<Value>> QueryFirstRow(const std::string& sql) override {
    auto r = Run(sql, {});
    if (!r.ok()) return r.status();
    std::vector<Value> row;
    if (PQntuples(r->get()) > 0) {
      for (int c = 0; c < PQnfields(r->get()); ++c) row.push_back(ReadValue(r->get(), 0, c));
    }
    return row;
  }

  Result<std::vector<ColumnInfo>> DescribeTable(const std::string& schema,
                                                const std::string& table) override {
    // Domains map to their base types; the typmod of a timestamp or time is its precision.
    static const char* kSql =
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
        "  CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END, "
        "  CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END "
        "FROM pg_catalog.pg_attribute a "
        "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
        "WHERE n.nspname = coalesce(nullif($1, ''), current_schema()) AND c.relname = $2 "
        "  AND c.relkind IN ('r', 'v', 'm', 'f', 'p') AND a.attnum > 0 AND NOT a.attisdropped "
        "ORDER BY a.attnum";
    auto r = Run(kSql, {schema, table});
    if (!r.ok()) return r.status();
    std::vector<ColumnInfo> columns;
    for (int i = 0; i < PQntuples(r->get()); ++i) {
      ColumnInfo c;
      c.name = PQgetvalue(r->get(), i, 0);
      c.declared_type = PQgetvalue(r->get(), i, 1);
      c.kind = KindOfOid(static_cast<unsigned>(std::stoul(PQgetvalue(r->get(), i, 2))));
      if (c.kind == ColumnKind::kTimestamp || c.kind == ColumnKind::kTimestampTz ||
          c.kind == ColumnKind::kTime) {
        const int typmod = std::stoi(PQgetvalue(r->get(), i, 3));
        c.fractional_digits = typmod >= 0 && typmod <= 6 ? typmod : 6;  // -1: the default, 6
      }
      if (c.kind == ColumnKind::kTimestamp) c.time_zone = config_.timezone;
      columns.push_back(std::move(c));
    }
    if (columns.empty()) {
      return Status::Invalid("table " + (schema.empty() ? table : schema + "." + table) +
                             " does not exist in PostgreSQL database " + config_.database + " at " +
                             config_.Where() + " (or user " + config_.user + " may not see it)");
    }
    return columns;
  }

  std::string ServerVersion() override {
    const char* v = PQparameterStatus(conn_, "server_version");
    return std::string("PostgreSQL ") + (v ? v : "?");
  }

 private:
  // Runs one statement with text parameters; polls so that a stop request cancels it at once.
  Result<ResultPtr> Run(const std::string& sql, const std::vector<std::string>& params) {
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p.c_str());
    // The extended protocol (even without parameters) takes exactly one statement.
    if (!PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                           values.data(), nullptr, nullptr, 0)) {
      return Error("query");
    }
    bool cancelled = false;
    while (PQisBusy(conn_)) {
      pollfd pfd{PQsocket(conn_), POLLIN, 0};
      if (::poll(&pfd, 1, 100) < 0 && errno != EINTR) return Error("query");
      if (!cancelled && control_.Stop()) {
        if (PGcancel* cancel = PQgetCancel(conn_)) {
          char buf[256];
          PQcancel(cancel, buf, sizeof buf);
          PQfreeCancel(cancel);
        }
        cancelled = true;
      }
      if (!PQconsumeInput(conn_)) return Error("query");
    }
    ResultPtr first(nullptr, PQclear);
    while (PGresult* r = PQgetResult(conn_)) {
      if (!first) {
        first.reset(r);
      } else {
        PQclear(r);
      }
    }
    if (!first) return Error("query");
    if (cancelled) {  // whatever came back: the instance is stopping
      return control_.StoppedStatus();
    }
    const ExecStatusType st = PQresultStatus(first.get());
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) return first;
    return Status::Unavailable("PostgreSQL at " + config_.Where() + ", database " +
                               config_.database + ": " +
                               OneLine(PQresultErrorMessage(first.get())));
  }

  Status Error(const std::string& what) const {
    return Status::Unavailable("PostgreSQL " + what + " at " + config_.Where() + ": " +
                               OneLine(PQerrorMessage(conn_)));
  }

  PGconn* conn_;
  ServerConfig config_;
  const QueryControl& control_;
};

}  // namespace

Result<std::unique_ptr<Connector>> OpenPostgresConnector(const ServerConfig& config,
                                                         const QueryControl& control) {
  const std::string port = std::to_string(config.port);
  const std::string timeout = std::to_string(config.connect_timeout_s);
  // Settings at connection start, so even the first statement runs read-only and in UTC; the
  // same settings again with SET below, for servers or poolers that ignore startup options.
  const std::vector<std::pair<std::string, std::string>> settings = {
      {"default_transaction_read_only", "on"},
      {"TimeZone", "UTC"},
      {"statement_timeout", std::to_string(StatementTimeoutMs(control))},
      {"DateStyle", "ISO,YMD"},
      {"extra_float_digits", "1"},
      {"bytea_output", "hex"}};
  std::string options, set_sql;
  for (const auto& [name, value] : settings) {
    options += (options.empty() ? "-c " : " -c ") + name + "=" + value;
    set_sql += "SET " + name + " = '" + value + "'; ";
  }
  std::vector<const char*> keys = {"host", "port", "dbname", "user", "password", "connect_timeout",
                                   "options", "client_encoding", "application_name",
                                   // Only the connection's own password: never ~/.pgpass.
                                   "passfile",
                                   // A peer that dies mid-query is noticed in about a minute.
                                   "keepalives", "keepalives_idle", "keepalives_interval",
                                   "keepalives_count"};
  std::vector<const char*> values = {config.host.c_str(),
                                     port.c_str(),
                                     config.database.c_str(),
                                     config.user.c_str(),
                                     config.password.c_str(),
                                     timeout.c_str(),
                                     options.c_str(),
                                     "UTF8",
                                     "dqc",
                                     "/dev/null",
                                     "1",
                                     "30",
                                     "10",
                                     "3"};
  if (!config.sslmode.empty()) {
    keys.push_back("sslmode");
    values.push_back(config.sslmode.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  // expand_dbname = 0: a database name is only a name, never a connection string.
  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), 0);
  if (!conn) return Status::Unavailable("PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = OneLine(PQerrorMessage(conn));
    PQfinish(conn);
    return Status::Unavailable("cannot connect to PostgreSQL at " + config.Where() + " (database " +
                               config.database + ", user " + config.user + "): " + msg);
  }
  ResultPtr set(PQexec(conn, set_sql.c_str()), PQclear);
  if (PQresultStatus(set.get()) != PGRES_COMMAND_OK) {
    std::string msg = OneLine(PQresultErrorMessage(set.get()));
    PQfinish(conn);
    return Status::Unavailable("PostgreSQL at " + config.Where() + ": session setup: " + msg);
  }
  return std::unique_ptr<Connector>(new PostgresConnector(conn, config, control));
}

}  // namespace dqc
