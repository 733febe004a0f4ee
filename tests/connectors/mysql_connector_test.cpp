// The MariaDB connector against a real server: the value contract of connector.h, the catalog's
// column kinds, read-only sessions, one statement per call, cancellation (KILL QUERY), messages,
// and TCP even for host "localhost".
#include "connectors/mysql/mysql_connector.h"

#include <thread>

#include "connectors/server_connector_test.h"

namespace dqctest {
namespace {

using dqc::ColumnKind;
using Kind = dqc::Value::Kind;

class MysqlConnector : public ServerConnectorTest {
 protected:
  void SetUp() override {
    ServerConnectorTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db_ = UniqueDbName();  // dqct_*: readable by the read-only account
    ASSERT_EQ(RunMyAdmin(dbs_.my, "CREATE DATABASE " + db_ + " CHARACTER SET utf8mb4"), "");
  }
  void TearDown() override {
    if (!db_.empty()) RunMyAdmin(dbs_.my, "DROP DATABASE " + db_);
  }
  std::string db_;
};

TEST_F(MysqlConnector, ValuesFollowTheContract) {
  auto conn = Open(ConnectionTo("MYSQL", dbs_.my));
  ASSERT_TRUE(conn);
  EXPECT_EQ(conn->Dialect(), "mysql");
  auto row = conn->QueryFirstRow(
      "SELECT CAST(12345678901234567890123.45 AS DECIMAL(30,2)), 9223372036854775807, "
      "18446744073709551615, 0.1e0, -0e0, 1e-5, X'00FF', _utf8mb4'héllo', "
      "TIMESTAMP'2024-01-02 03:04:05.5', NULL, CAST(0.1 AS FLOAT), 0.1 + 0.2, "
      "CAST('x' AS BINARY), b'101', FROM_UNIXTIME(0)");
  ASSERT_TRUE(row.ok()) << row.status().message();
  ASSERT_EQ(row->size(), 15u);
  const auto& r = *row;
  EXPECT_TRUE(IsValue(r[0], Kind::kExact, "12345678901234567890123.45"));
  EXPECT_TRUE(IsValue(r[1], Kind::kExact, "9223372036854775807"));
  EXPECT_TRUE(IsValue(r[2], Kind::kExact, "18446744073709551615"));
  EXPECT_TRUE(IsValue(r[3], Kind::kFloat, "0.1"));
  EXPECT_TRUE(IsValue(r[4], Kind::kFloat, "0"));
  EXPECT_TRUE(IsValue(r[5], Kind::kFloat, "0.00001"));
  EXPECT_TRUE(IsValue(r[6], Kind::kText, "x'00ff'"));
  EXPECT_TRUE(IsValue(r[7], Kind::kText, "héllo"));
  EXPECT_TRUE(IsValue(r[8], Kind::kText, "2024-01-02 03:04:05.5"));
  EXPECT_TRUE(r[9].is_null());
  EXPECT_TRUE(IsValue(r[10], Kind::kFloat, "0.1"));
  EXPECT_TRUE(IsValue(r[11], Kind::kExact, "0.3"));  // decimal literals add exactly
  EXPECT_TRUE(IsValue(r[12], Kind::kText, "x'78'"));
  EXPECT_TRUE(IsValue(r[13], Kind::kText, "x'05'"));  // a bit-value literal is a binary string
  EXPECT_TRUE(IsValue(r[14], Kind::kText, "1970-01-01 00:00:00"));  // the session is UTC
}

TEST_F(MysqlConnector, DescribesColumnKindsExactly) {
  ASSERT_EQ(RunMyAdmin(dbs_.my, "CREATE TABLE " + db_ +
                                    ".`Mixed` (i int, b bigint unsigned, n decimal(10,2), "
                                    "r float, d double, f boolean, t text, v varchar(5), "
                                    "c char(3), y varbinary(8), dt date, ts datetime(3), "
                                    "tz timestamp(6) NULL, tm time, `Odd Name` tinyint)"),
            "");
  auto conn = Open(ConnectionTo("MYSQL", dbs_.my));
  ASSERT_TRUE(conn);
  auto cols = conn->DescribeTable(db_, "Mixed");
  ASSERT_TRUE(cols.ok()) << cols.status().message();
  ASSERT_EQ(cols->size(), 15u);
  const ColumnKind want[] = {ColumnKind::kInteger,     ColumnKind::kInteger, ColumnKind::kDecimal,
                             ColumnKind::kFloat,       ColumnKind::kFloat,   ColumnKind::kBool,
                             ColumnKind::kText,        ColumnKind::kText,    ColumnKind::kChar,
                             ColumnKind::kBinary,      ColumnKind::kDate,    ColumnKind::kTimestamp,
                             ColumnKind::kTimestampTz, ColumnKind::kTime,    ColumnKind::kInteger};
  for (size_t i = 0; i < cols->size(); ++i) {
    EXPECT_EQ((*cols)[i].kind, want[i]) << (*cols)[i].name << " " << (*cols)[i].declared_type;
  }
  EXPECT_EQ((*cols)[11].fractional_digits, 3);
  EXPECT_EQ((*cols)[12].fractional_digits, 6);
  EXPECT_EQ((*cols)[13].fractional_digits, 0);
  EXPECT_EQ((*cols)[14].name, "Odd Name");
  // information_schema compares case-insensitively; dqc's lookup does not.
  auto lower = conn->DescribeTable(db_, "mixed");
  ASSERT_FALSE(lower.ok());
  EXPECT_NE(lower.status().message().find("mixed"), std::string::npos) << lower.status().message();
}

TEST_F(MysqlConnector, SessionsAreReadOnlyEvenForAnAdminAccount) {
  ASSERT_EQ(RunMyAdmin(dbs_.my, "CREATE TABLE " + db_ + ".t (id int) ENGINE=InnoDB; INSERT INTO " +
                                    db_ + ".t VALUES (1), (2)"),
            "");
  auto conn = Open(ConnectionTo("MYSQL", dbs_.my, /*admin=*/true));
  ASSERT_TRUE(conn);
  const std::vector<std::string> writes = {"DELETE FROM " + db_ + ".t",
                                           "INSERT INTO " + db_ + ".t VALUES (3)"};
  for (const std::string& sql : writes) {
    auto r = conn->QueryFirstRow(sql);
    ASSERT_FALSE(r.ok()) << sql;
    EXPECT_NE(r.status().message().find("READ ONLY"), std::string::npos) << r.status().message();
  }
  ASSERT_TRUE(conn->BeginSnapshot().ok());
  auto r = conn->QueryFirstRow("UPDATE " + db_ + ".t SET id = 5");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("READ ONLY"), std::string::npos) << r.status().message();
  // One statement per call (no multi-statements).
  EXPECT_FALSE(conn->QueryFirstRow("SELECT 1; DELETE FROM " + db_ + ".t").ok());
  auto count = Open(ConnectionTo("MYSQL", dbs_.my));
  ASSERT_TRUE(count);
  auto n = count->QueryFirstRow("SELECT count(*) FROM " + db_ + ".t");
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ((*n)[0].text, "2");
}

TEST_F(MysqlConnector, TheSnapshotHoldsWhileTheTableChanges) {
  ASSERT_EQ(RunMyAdmin(dbs_.my, "CREATE TABLE " + db_ + ".t (id int) ENGINE=InnoDB; INSERT INTO " +
                                    db_ + ".t VALUES (1)"),
            "");
  auto conn = Open(ConnectionTo("MYSQL", dbs_.my));
  ASSERT_TRUE(conn);
  ASSERT_TRUE(conn->BeginSnapshot().ok());
  const std::string count = "SELECT count(*) FROM " + db_ + ".t";
  EXPECT_EQ(conn->QueryFirstRow(count)->at(0).text, "1");
  ASSERT_EQ(RunMyAdmin(dbs_.my, "INSERT INTO " + db_ + ".t VALUES (2)"), "");
  EXPECT_EQ(conn->QueryFirstRow(count)->at(0).text, "1");
}

TEST_F(MysqlConnector, CancelKillsARunningQuery) {
  auto conn = Open(ConnectionTo("MYSQL", dbs_.my));
  ASSERT_TRUE(conn);
  std::thread stopper([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    control_.cancelled = true;
  });
  auto r = conn->QueryFirstRow("SELECT BENCHMARK(100000000000, MD5('x'))");
  stopper.join();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cancelled"), std::string::npos) << r.status().message();
  // The session still works after its query was killed.
  control_.cancelled = false;
  auto after = conn->QueryFirstRow("SELECT 1");
  ASSERT_TRUE(after.ok()) << after.status().message();
}

TEST_F(MysqlConnector, LocalhostMeansTcp) {
  // The server's socket is in its private directory, not where the library would look: a
  // connection to "localhost" works only over TCP.
  DbAccount local = dbs_.my;
  local.host = "localhost";
  auto conn = Open(ConnectionTo("MYSQL", local));
  ASSERT_TRUE(conn);
  auto r = conn->QueryFirstRow("SELECT @@time_zone, @@character_set_client");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)[0].text, "+00:00");
  EXPECT_EQ((*r)[1].text, "utf8mb4");
}

TEST_F(MysqlConnector, ConnectErrorsNameWhatIsWrong) {
  dqc::Connection bad_pw = ConnectionTo("MYSQL", dbs_.my);
  bad_pw.password = "wrong-password";
  auto r = dqc::OpenConnector(bad_pw, control_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Access denied"), std::string::npos) << r.status().message();
  EXPECT_EQ(r.status().message().find("wrong-password"), std::string::npos);
  dqc::Connection bad_db = ConnectionTo("MYSQL", dbs_.my);
  auto cfg = nlohmann::json::parse(bad_db.config_json);
  cfg["database"] = "nodb";
  bad_db.config_json = cfg.dump();
  r = dqc::OpenConnector(bad_db, control_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nodb"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace dqctest
