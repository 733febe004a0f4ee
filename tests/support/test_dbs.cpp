#include "support/test_dbs.h"

#include <libpq-fe.h>
#include <mysql.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <random>

#include "support/dqc_server.h"

namespace dqctest {

std::optional<TestDbs> LoadTestDbs(std::string* why) {
  const char* env = std::getenv("DQC_TEST_DBS_ENV");
  const std::string path =
      env && *env ? std::string(env) : SourceDir() + "/build-test/test-dbs.env";
  std::ifstream in(path);
  if (!in) {
    *why = "no file " + path;
    return std::nullopt;
  }
  std::map<std::string, std::string> v;
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq != std::string::npos) v[line.substr(0, eq)] = line.substr(eq + 1);
  }
  auto account = [&](const std::string& p, DbAccount& a) {
    a.host = v[p + "HOST"];
    a.port = std::atoi(v[p + "PORT"].c_str());
    a.database = v[p + "DATABASE"];
    a.admin_user = v[p + "ADMIN_USER"];
    a.admin_password = v[p + "ADMIN_PASSWORD"];
    a.user = v[p + "USER"];
    a.password = v[p + "PASSWORD"];
    return !a.host.empty() && a.port > 0 && !a.user.empty() && !a.admin_user.empty();
  };
  TestDbs dbs;
  if (!account("DQC_TEST_PG_", dbs.pg) || !account("DQC_TEST_MY_", dbs.my)) {
    *why = "incomplete file " + path;
    return std::nullopt;
  }
  return dbs;
}

bool TestDbsRequired() {
  const char* r = std::getenv("DQC_TEST_DBS_REQUIRED");
  return r && std::string(r) == "1";
}

std::string RunPgAdmin(const DbAccount& db, const std::string& sql) {
  const std::string port = std::to_string(db.port);
  const char* keys[] = {"host", "port", "dbname", "user", "password", "connect_timeout", nullptr};
  const char* values[] = {db.host.c_str(),
                          port.c_str(),
                          db.database.c_str(),
                          db.admin_user.c_str(),
                          db.admin_password.c_str(),
                          "10",
                          nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, 0);
  std::string err;
  if (PQstatus(conn) != CONNECTION_OK) {
    err = PQerrorMessage(conn);
  } else {
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);  // "drop cascades to ..."
    PGresult* r = PQexec(conn, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) err = PQresultErrorMessage(r);
    PQclear(r);
  }
  PQfinish(conn);
  return err;
}

std::string RunMyAdmin(const DbAccount& db, const std::string& sql) {
  MYSQL* m = mysql_init(nullptr);
  unsigned protocol = MYSQL_PROTOCOL_TCP;
  mysql_optionsv(m, MYSQL_OPT_PROTOCOL, &protocol);
  mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  std::string err;
  if (!mysql_real_connect(m, db.host.c_str(), db.admin_user.c_str(), db.admin_password.c_str(),
                          nullptr, static_cast<unsigned>(db.port), nullptr,
                          CLIENT_MULTI_STATEMENTS)) {
    err = mysql_error(m);
  } else if (mysql_real_query(m, sql.data(), static_cast<unsigned long>(sql.size())) != 0) {
    err = mysql_error(m);
  } else {
    // Every statement's result must be read before the next runs; stop at the first error.
    do {
      if (MYSQL_RES* res = mysql_store_result(m)) mysql_free_result(res);
    } while (mysql_next_result(m) == 0);
    if (mysql_errno(m) != 0) err = mysql_error(m);
  }
  mysql_close(m);
  return err;
}

std::string UniqueDbName(const std::string& prefix) {
  static std::mt19937_64 rng{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  std::string out = prefix;
  uint64_t r = rng();
  for (int i = 0; i < 12; ++i, r >>= 4) out += kHex[r & 15];
  return out;
}

}  // namespace dqctest
