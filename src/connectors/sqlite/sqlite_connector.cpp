#include "connectors/sqlite/sqlite_connector.h"

#include <sqlite3.h>

#include <cctype>
#include <cmath>

#include "connectors/sqlite/exact_functions.h"
#include "connectors/sqlite/regexp_function.h"
#include "core/hex.h"

namespace dqc {
namespace {

// Stops a running statement when the instance is cancelled or past its deadline.
int ProgressCheck(void* arg) {
  return static_cast<const QueryControl*>(arg)->Stop() ? 1 : 0;
}

Value ReadColumn(sqlite3_stmt* st, int col) {
  switch (sqlite3_column_type(st, col)) {
    case SQLITE_INTEGER:
      return Value::Exact(Decimal::FromInt(sqlite3_column_int64(st, col)));
    case SQLITE_FLOAT: {
      double d = sqlite3_column_double(st, col);
      if (auto dec = Decimal::FromDouble(d)) return Value::Float(*dec);
      return Value::Text(std::isnan(d) ? "NaN" : (d > 0 ? "Infinity" : "-Infinity"));
    }
    case SQLITE_TEXT:
      return Value::Text(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, col)),
                                     static_cast<size_t>(sqlite3_column_bytes(st, col))));
    case SQLITE_BLOB:
      return Value::Text(BinaryText(sqlite3_column_blob(st, col),
                                    static_cast<size_t>(sqlite3_column_bytes(st, col))));
    default:
      return Value::Null();
  }
}

// SQLite's own affinity rules (https://sqlite.org/datatype3.html §3.1), refined where dqc compares
// differently: declared BOOLEAN, DATE and TIMESTAMP columns.
ColumnKind KindOfDeclared(std::string type) {
  for (char& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto has = [&](const char* part) { return type.find(part) != std::string::npos; };
  if (has("BOOL")) return ColumnKind::kBool;
  if (has("INT")) return ColumnKind::kInteger;
  // CHAR(n) has TEXT affinity and no padding in SQLite, but a copy of a padded CHAR column may
  // hold the pad spaces: they are not part of the value there either.
  if (has("CHAR") && !has("VARCHAR") && !has("VARYING")) return ColumnKind::kChar;
  if (has("CHAR") || has("CLOB") || has("TEXT")) return ColumnKind::kText;
  if (has("BLOB")) return ColumnKind::kBinary;
  if (has("REAL") || has("FLOA") || has("DOUB")) return ColumnKind::kFloat;
  if (has("TIMESTAMP") || has("DATETIME")) return ColumnKind::kTimestamp;
  if (has("DATE")) return ColumnKind::kDate;
  if (has("TIME")) return ColumnKind::kTime;
  if (has("NUMERIC") || has("DECIMAL")) return ColumnKind::kDecimal;
  return ColumnKind::kOther;
}

class SqliteConnector final : public Connector {
 public:
  SqliteConnector(sqlite3* db, const QueryControl& control) : db_(db), control_(control) {}
  ~SqliteConnector() override {
    if (in_snapshot_) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close_v2(db_);
  }

  std::string Dialect() const override { return "sqlite"; }

  Status BeginSnapshot() override {
    // A deferred transaction takes its snapshot at the first read and keeps it to the end.
    if (sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) return Error("BEGIN");
    in_snapshot_ = true;
    return Status::Ok();
  }

  Result<std::vector<Value>> QueryFirstRow(const std::string& sql) override {
    sqlite3_stmt* st = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &st, &tail) !=
        SQLITE_OK) {
      return Error("query");
    }
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(st, sqlite3_finalize);
    if (tail && *tail) {
      for (const char* p = tail; *p; ++p) {
        if (!std::isspace(static_cast<unsigned char>(*p))) {
          return Status::Invalid("a query must be a single statement");
        }
      }
    }
    if (!st || !sqlite3_stmt_readonly(st)) {
      return Status::Invalid("only read-only queries run on data sources");
    }
    std::vector<Value> row;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); ++c) row.push_back(ReadColumn(st, c));
    } else if (rc != SQLITE_DONE) {
      if (rc == SQLITE_INTERRUPT) {
        return control_.StoppedStatus();
      }
      return Error("query");
    }
    return row;
  }

  Result<std::vector<ColumnInfo>> DescribeTable(const std::string& schema,
                                                const std::string& table) override {
    sqlite3_stmt* st = nullptr;
    const std::string sql = "SELECT name, type FROM pragma_table_xinfo(?1, ?2)";
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      return Error("catalog");
    }
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(st, sqlite3_finalize);
    sqlite3_bind_text(st, 1, table.c_str(), static_cast<int>(table.size()), SQLITE_TRANSIENT);
    const std::string db = schema.empty() ? "main" : schema;
    sqlite3_bind_text(st, 2, db.c_str(), static_cast<int>(db.size()), SQLITE_TRANSIENT);
    std::vector<ColumnInfo> columns;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      ColumnInfo c;
      c.name = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      const unsigned char* type = sqlite3_column_text(st, 1);
      c.declared_type = type ? reinterpret_cast<const char*>(type) : "";
      c.kind = KindOfDeclared(c.declared_type);
      // Text date-times carry whatever fraction was written: up to microseconds count.
      if (c.kind == ColumnKind::kTimestamp || c.kind == ColumnKind::kTime) c.fractional_digits = 6;
      columns.push_back(std::move(c));
    }
    if (rc != SQLITE_DONE) return Error("catalog");
    if (columns.empty()) {
      // SQLite's own words, as a query on the table would have said.
      return Status::Invalid("no such table: " + (schema.empty() ? table : schema + "." + table));
    }
    return columns;
  }

  std::string ServerVersion() override { return std::string("SQLite ") + sqlite3_libversion(); }

 private:
  Status Error(const std::string& what) const {
    return Status::Unavailable("SQLite " + what + ": " + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  const QueryControl& control_;
  bool in_snapshot_ = false;
};

}  // namespace

Result<std::unique_ptr<Connector>> OpenSqliteConnector(const std::string& path,
                                                       const QueryControl& control) {
  sqlite3* db = nullptr;
  // Read-only, never created; a URI keeps special characters of the path literal.
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Status::Unavailable("cannot open SQLite database " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_progress_handler(db, 10000, ProgressCheck, const_cast<QueryControl*>(&control));
  if (RegisterExactFunctions(db) != SQLITE_OK || RegisterRegexpFunction(db) != SQLITE_OK) {
    sqlite3_close_v2(db);
    return Status::Internal("cannot register dqc's SQL functions");
  }
  // Refuse a file that is not a database now, with a clear message, not at the first query.
  if (sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) !=
      SQLITE_OK) {
    std::string msg = sqlite3_errmsg(db);
    sqlite3_close_v2(db);
    return Status::Unavailable("cannot read SQLite database " + path + ": " + msg);
  }
  return std::unique_ptr<Connector>(new SqliteConnector(db, control));
}

}  // namespace dqc
