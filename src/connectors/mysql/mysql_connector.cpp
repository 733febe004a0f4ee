#include "connectors/mysql/mysql_connector.h"

#include <mysql.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "core/hex.h"

namespace dqc {
namespace {

constexpr unsigned kBinaryCharset = 63;  // charsetnr of binary strings (BINARY, VARBINARY, BLOB)

using MysqlPtr = std::unique_ptr<MYSQL, decltype(&mysql_close)>;
using ResPtr = std::unique_ptr<MYSQL_RES, decltype(&mysql_free_result)>;

// A connection made the way every dqc session is: TCP, utf8mb4, bounded connect time, no
// LOAD DATA LOCAL (a hostile server could otherwise ask for local files). `io_timeout_s` bounds
// each network read and write, so a server or network that dies mid-query cannot hang a worker:
// the statement timeout ends queries on a live server, this ends them on a dead one.
Result<MysqlPtr> Connect(const ServerConfig& config, unsigned io_timeout_s) {
  MysqlPtr m(mysql_init(nullptr), mysql_close);
  if (!m) return Status::Unavailable("MariaDB: out of memory");
  unsigned protocol = MYSQL_PROTOCOL_TCP;
  mysql_optionsv(m.get(), MYSQL_OPT_PROTOCOL, &protocol);
  unsigned timeout = static_cast<unsigned>(config.connect_timeout_s);
  mysql_optionsv(m.get(), MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_optionsv(m.get(), MYSQL_OPT_READ_TIMEOUT, &io_timeout_s);
  mysql_optionsv(m.get(), MYSQL_OPT_WRITE_TIMEOUT, &io_timeout_s);
  mysql_optionsv(m.get(), MYSQL_SET_CHARSET_NAME, "utf8mb4");
  unsigned no_infile = 0;
  mysql_optionsv(m.get(), MYSQL_OPT_LOCAL_INFILE, &no_infile);
  my_bool yes = 1;
  if (config.sslmode == "require" || config.sslmode == "verify-ca" ||
      config.sslmode == "verify-full") {
    mysql_optionsv(m.get(), MYSQL_OPT_SSL_ENFORCE, &yes);
  }
  if (config.sslmode == "verify-ca" || config.sslmode == "verify-full") {
    mysql_optionsv(m.get(), MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &yes);
  }
  // No CLIENT_MULTI_STATEMENTS: the server refuses a second statement in one call.
  if (!mysql_real_connect(m.get(), config.host.c_str(), config.user.c_str(),
                          config.password.c_str(),
                          config.database.empty() ? nullptr : config.database.c_str(),
                          static_cast<unsigned>(config.port), nullptr, 0)) {
    return Status::Unavailable(
        "cannot connect to MariaDB at " + config.Where() +
        (config.database.empty() ? std::string() : " (database " + config.database + ")") +
        ", user " + config.user + ": " + mysql_error(m.get()));
  }
  return m;
}

Value ReadValue(const MYSQL_FIELD& field, const char* data, unsigned long length) {
  if (!data) return Value::Null();
  const std::string text(data, length);
  switch (field.type) {
    case MYSQL_TYPE_NULL:
      return Value::Null();
    case MYSQL_TYPE_TINY:
    case MYSQL_TYPE_SHORT:
    case MYSQL_TYPE_INT24:
    case MYSQL_TYPE_LONG:
    case MYSQL_TYPE_LONGLONG:
    case MYSQL_TYPE_YEAR:
    case MYSQL_TYPE_DECIMAL:
    case MYSQL_TYPE_NEWDECIMAL:  // the text protocol gives every digit
      if (auto d = Decimal::Parse(text)) return Value::Exact(*d);
      return Value::Text(text);
    case MYSQL_TYPE_FLOAT:
    case MYSQL_TYPE_DOUBLE:  // the server prints the shortest text that reads back the same
      if (auto d = Decimal::Parse(text)) return Value::Float(*d);
      if (text == "nan") return Value::Text("NaN");
      if (text == "inf") return Value::Text("Infinity");
      if (text == "-inf") return Value::Text("-Infinity");
      return Value::Text(text);
    case MYSQL_TYPE_BIT: {  // big-endian bytes of an unsigned number of up to 64 bits
      uint64_t v = 0;
      for (unsigned char c : text) v = (v << 8) | c;
      return Value::Exact(*Decimal::Parse(std::to_string(v)));
    }
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_BLOB:
      if (field.charsetnr == kBinaryCharset) return Value::Text(BinaryText(data, length));
      return Value::Text(text);
    default:  // dates and times (printed in the session's UTC), ENUM, SET, JSON, ...
      return Value::Text(text);
  }
}

ColumnKind KindOf(const std::string& data_type, const std::string& column_type) {
  const std::string& t = data_type;
  if (t == "tinyint") {
    // MariaDB's BOOLEAN is TINYINT(1).
    return column_type.rfind("tinyint(1)", 0) == 0 ? ColumnKind::kBool : ColumnKind::kInteger;
  }
  if (t == "smallint" || t == "mediumint" || t == "int" || t == "bigint" || t == "year") {
    return ColumnKind::kInteger;
  }
  if (t == "decimal") return ColumnKind::kDecimal;
  if (t == "float" || t == "double") return ColumnKind::kFloat;
  if (t == "char") return ColumnKind::kChar;
  if (t == "varchar" || t == "tinytext" || t == "text" || t == "mediumtext" || t == "longtext" ||
      t == "enum" || t == "set") {
    return ColumnKind::kText;
  }
  if (t == "binary" || t == "varbinary" || t == "tinyblob" || t == "blob" || t == "mediumblob" ||
      t == "longblob") {
    return ColumnKind::kBinary;
  }
  if (t == "date") return ColumnKind::kDate;
  if (t == "datetime") return ColumnKind::kTimestamp;
  if (t == "timestamp") return ColumnKind::kTimestampTz;  // stored in UTC, shown in the session's
  if (t == "time") return ColumnKind::kTime;
  return ColumnKind::kOther;
}

// While a query runs, checks the QueryControl every 100 ms; when it says stop, `kill` runs once
// (on this watcher's thread: the query's thread is blocked in the client library).
class QueryWatch {
 public:
  QueryWatch(const QueryControl& control, std::function<void()> kill)
      : thread_([this, &control, kill = std::move(kill)] {
          std::unique_lock<std::mutex> lock(mu_);
          while (!done_) {
            if (control.Stop()) {
              fired_ = true;
              lock.unlock();
              kill();
              return;
            }
            wake_.wait_for(lock, std::chrono::milliseconds(100));
          }
        }) {}
  ~QueryWatch() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  bool fired() {
    std::lock_guard<std::mutex> lock(mu_);
    return fired_;
  }

 private:
  std::mutex mu_;
  std::condition_variable wake_;
  bool done_ = false;
  bool fired_ = false;
  std::thread thread_;  // last: starts after the members it uses exist
};

class MysqlConnector final : public Connector {
 public:
  MysqlConnector(MysqlPtr m, ServerConfig config, const QueryControl& control)
      : m_(std::move(m)), config_(std::move(config)), control_(control) {}

  std::string Dialect() const override { return "mysql"; }

  Status BeginSnapshot() override {
    return Exec("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
  }

  Result<std::vector<Value>> QueryFirstRow(const std::string& sql) override {
    std::vector<Value> row;
    Status s = Query(sql, [&](MYSQL_RES* res) {
      MYSQL_ROW r = mysql_fetch_row(res);
      if (!r) return;
      const unsigned n = mysql_num_fields(res);
      const MYSQL_FIELD* fields = mysql_fetch_fields(res);
      const unsigned long* lengths = mysql_fetch_lengths(res);
      for (unsigned i = 0; i < n; ++i) row.push_back(ReadValue(fields[i], r[i], lengths[i]));
    });
    if (!s.ok()) return s;
    return row;
  }

  Result<std::vector<ColumnInfo>> DescribeTable(const std::string& schema,
                                                const std::string& table) override {
    // The equalities let information_schema look the table up; the BINARY ones make the match
    // exact (its columns compare case-insensitively).
    const std::string s = schema.empty() ? "DATABASE()" : Literal(schema);
    const std::string t = Literal(table);
    const std::string sql =
        "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, DATETIME_PRECISION "
        "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " +
        s + " AND TABLE_NAME = " + t + " AND BINARY TABLE_SCHEMA = BINARY " + s +
        " AND BINARY TABLE_NAME = BINARY " + t + " ORDER BY ORDINAL_POSITION";
    std::vector<ColumnInfo> columns;
    Status st = Query(sql, [&](MYSQL_RES* res) {
      while (MYSQL_ROW r = mysql_fetch_row(res)) {
        ColumnInfo c;
        c.name = r[0] ? r[0] : "";
        c.declared_type = r[2] ? r[2] : "";
        c.kind = KindOf(r[1] ? r[1] : "", c.declared_type);
        if (r[3]) c.fractional_digits = std::stoi(r[3]);
        if (c.kind == ColumnKind::kTimestamp) c.time_zone = config_.timezone;
        columns.push_back(std::move(c));
      }
    });
    if (!st.ok()) return st;
    if (columns.empty()) {
      const std::string db = schema.empty() ? config_.database : schema;
      return Status::Invalid("table " + (db.empty() ? table : db + "." + table) +
                             " does not exist in MariaDB at " + config_.Where() + " (or user " +
                             config_.user + " may not read it)");
    }
    return columns;
  }

  std::string ServerVersion() override { return mysql_get_server_info(m_.get()); }

  // Session settings of every dqc session (see the header). The statement timeout is MariaDB's
  // max_statement_time (seconds) or, on MySQL, max_execution_time (milliseconds, SELECTs only:
  // all dqc runs).
  Status Setup() {
    const bool mariadb =
        std::string(mysql_get_server_info(m_.get())).find("MariaDB") != std::string::npos;
    const int64_t timeout_ms = StatementTimeoutMs(control_);
    const std::string timeout =
        mariadb ? "SET SESSION max_statement_time = " +
                      std::to_string(static_cast<double>(timeout_ms) / 1000.0)
                : "SET SESSION max_execution_time = " + std::to_string(timeout_ms);
    for (const std::string& sql :
         {std::string("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"),
          std::string("SET time_zone = '+00:00'"), std::string("SET NAMES utf8mb4"), timeout}) {
      if (Status s = Exec(sql); !s.ok()) return s;
    }
    return Status::Ok();
  }

 private:
  std::string Literal(const std::string& text) {
    std::string out(text.size() * 2 + 1, '\0');
    unsigned long n = mysql_real_escape_string(m_.get(), out.data(), text.data(),
                                               static_cast<unsigned long>(text.size()));
    out.resize(n);
    return "'" + out + "'";
  }

  Status Exec(const std::string& sql) {
    return Query(sql, [](MYSQL_RES*) {});
  }

  // Runs one statement; `read` sees its result set (if it has one) before the rest is drained.
  Status Query(const std::string& sql, const std::function<void(MYSQL_RES*)>& read) {
    const unsigned long thread_id = mysql_thread_id(m_.get());
    QueryWatch watch(control_, [this, thread_id] { KillQuery(thread_id); });
    Status failed;
    if (mysql_real_query(m_.get(), sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
      failed = ServerError();
    } else if (MYSQL_RES* raw = mysql_use_result(m_.get())) {
      ResPtr res(raw, mysql_free_result);
      read(res.get());
      while (mysql_fetch_row(res.get())) {
      }
      if (mysql_errno(m_.get()) != 0) failed = ServerError();
    } else if (mysql_field_count(m_.get()) != 0) {
      failed = ServerError();
    }
    // Once killed, even a "successful" answer is not trustworthy (SLEEP() returns 1 when killed).
    if (watch.fired()) {
      return control_.StoppedStatus();
    }
    return failed;
  }

  Status ServerError() const {
    return Status::Unavailable("MariaDB at " + config_.Where() + ": " + mysql_error(m_.get()));
  }

  // KILL QUERY from a second connection: the session's own connection is busy. A user may always
  // kill its own queries, so the read-only account suffices.
  void KillQuery(unsigned long thread_id) const {
    auto killer = Connect(config_, static_cast<unsigned>(config_.connect_timeout_s));
    if (!killer.ok()) return;  // the statement timeout still ends the query
    const std::string sql = "KILL QUERY " + std::to_string(thread_id);
    mysql_real_query(killer->get(), sql.data(), static_cast<unsigned long>(sql.size()));
  }

  MysqlPtr m_;
  ServerConfig config_;
  const QueryControl& control_;
};

}  // namespace

Result<std::unique_ptr<Connector>> OpenMysqlConnector(const ServerConfig& config,
                                                      const QueryControl& control) {
  // A minute past the statement timeout: the server has given up on the query by then.
  const auto io_timeout_s = static_cast<unsigned>(StatementTimeoutMs(control) / 1000 + 60);
  auto m = Connect(config, io_timeout_s);
  if (!m.ok()) return m.status();
  auto connector = std::make_unique<MysqlConnector>(std::move(*m), config, control);
  if (Status s = connector->Setup(); !s.ok()) return s;
  return std::unique_ptr<Connector>(std::move(connector));
}

}  // namespace dqc
