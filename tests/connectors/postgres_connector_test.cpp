// The PostgreSQL connector against a real server: the value contract of connector.h, the
// catalog's column kinds, read-only sessions, one statement per call, cancellation, messages.
#include "connectors/postgres/postgres_connector.h"

#include <thread>

#include "connectors/server_connector_test.h"

namespace dqctest {
namespace {

using dqc::ColumnKind;
using Kind = dqc::Value::Kind;

class PostgresConnector : public ServerConnectorTest {
 protected:
  void SetUp() override {
    ServerConnectorTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    schema_ = UniqueDbName();
    ASSERT_EQ(RunPgAdmin(dbs_.pg, "CREATE SCHEMA " + schema_), "");
  }
  void TearDown() override {
    if (!schema_.empty()) RunPgAdmin(dbs_.pg, "DROP SCHEMA " + schema_ + " CASCADE");
  }
  std::string schema_;
};

TEST_F(PostgresConnector, ValuesFollowTheContract) {
  auto conn = Open(ConnectionTo("POSTGRESQL", dbs_.pg));
  ASSERT_TRUE(conn);
  EXPECT_EQ(conn->Dialect(), "postgresql");
  auto row = conn->QueryFirstRow(
      "SELECT 12345678901234567890123.4500::numeric, 7::int2, 9223372036854775807::int8, "
      "0.1::float8, 'NaN'::float8, 'Infinity'::float8, '-Infinity'::float8, '-0'::float8, "
      "true, 'héllo'::text, '\\x00ff'::bytea, "
      "'2024-01-02 03:04:05.5+02'::timestamptz, NULL::int, 1e-5::float8, 0.1::float4, "
      "'NaN'::numeric, 'ab '::char(4), DATE '2024-02-29'");
  ASSERT_TRUE(row.ok()) << row.status().message();
  ASSERT_EQ(row->size(), 18u);
  const auto& r = *row;
  EXPECT_TRUE(IsValue(r[0], Kind::kExact, "12345678901234567890123.45"));
  EXPECT_TRUE(IsValue(r[1], Kind::kExact, "7"));
  EXPECT_TRUE(IsValue(r[2], Kind::kExact, "9223372036854775807"));
  EXPECT_TRUE(IsValue(r[3], Kind::kFloat, "0.1"));
  EXPECT_TRUE(IsValue(r[4], Kind::kText, "NaN"));
  EXPECT_TRUE(IsValue(r[5], Kind::kText, "Infinity"));
  EXPECT_TRUE(IsValue(r[6], Kind::kText, "-Infinity"));
  EXPECT_TRUE(IsValue(r[7], Kind::kFloat, "0"));
  EXPECT_TRUE(IsValue(r[8], Kind::kBool, "true"));
  EXPECT_TRUE(IsValue(r[9], Kind::kText, "héllo"));
  EXPECT_TRUE(IsValue(r[10], Kind::kText, "x'00ff'"));
  EXPECT_TRUE(IsValue(r[11], Kind::kText, "2024-01-02 01:04:05.5+00"));  // a UTC session
  EXPECT_TRUE(r[12].is_null());
  EXPECT_TRUE(IsValue(r[13], Kind::kFloat, "0.00001"));
  EXPECT_TRUE(IsValue(r[14], Kind::kFloat, "0.1"));  // float4's shortest text, not 0.100000001
  EXPECT_TRUE(IsValue(r[15], Kind::kText, "NaN"));
  EXPECT_TRUE(IsValue(r[16], Kind::kText, "ab  "));
  EXPECT_TRUE(IsValue(r[17], Kind::kText, "2024-02-29"));
  auto none = conn->QueryFirstRow("SELECT 1 WHERE false");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(PostgresConnector, DescribesColumnKindsExactly) {
  ASSERT_EQ(RunPgAdmin(dbs_.pg, "CREATE TABLE " + schema_ +
                                    ".\"Mixed\" (i int, b bigint, n numeric(10,2), r real, "
                                    "d double precision, f boolean, t text, v varchar(5), "
                                    "c char(3), y bytea, dt date, ts timestamp(3), "
                                    "tz timestamptz, tm time(0), \"Odd Name\" int)"),
            "");
  auto conn = Open(ConnectionTo("POSTGRESQL", dbs_.pg));
  ASSERT_TRUE(conn);
  auto cols = conn->DescribeTable(schema_, "Mixed");
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
  EXPECT_EQ((*cols)[8].declared_type, "character(3)");
  // Names match exactly: "mixed" is another table, and it does not exist.
  auto lower = conn->DescribeTable(schema_, "mixed");
  ASSERT_FALSE(lower.ok());
  EXPECT_NE(lower.status().message().find("mixed"), std::string::npos) << lower.status().message();
}

TEST_F(PostgresConnector, SessionsAreReadOnlyEvenForAnAdminAccount) {
  ASSERT_EQ(RunPgAdmin(dbs_.pg, "CREATE TABLE " + schema_ + ".t (id int); INSERT INTO " + schema_ +
                                    ".t VALUES (1), (2)"),
            "");
  auto conn = Open(ConnectionTo("POSTGRESQL", dbs_.pg, /*admin=*/true));
  ASSERT_TRUE(conn);
  const std::vector<std::string> writes = {"DELETE FROM " + schema_ + ".t",
                                           "INSERT INTO " + schema_ + ".t VALUES (3)",
                                           "CREATE TABLE " + schema_ + ".u (x int)"};
  for (const std::string& sql : writes) {
    auto r = conn->QueryFirstRow(sql);
    ASSERT_FALSE(r.ok()) << sql;
    EXPECT_NE(r.status().message().find("read-only"), std::string::npos) << r.status().message();
  }
  // A session may switch its default back, but the snapshot's transaction is READ ONLY itself.
  ASSERT_TRUE(conn->QueryFirstRow("SET default_transaction_read_only = off").ok());
  ASSERT_TRUE(conn->BeginSnapshot().ok());
  auto r = conn->QueryFirstRow("DELETE FROM " + schema_ + ".t");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("read-only"), std::string::npos) << r.status().message();
  // One statement per call: a second one is refused, not run.
  auto two = Open(ConnectionTo("POSTGRESQL", dbs_.pg, true));
  ASSERT_TRUE(two);
  EXPECT_FALSE(two->QueryFirstRow("SELECT 1; SELECT 2").ok());
  auto count = Open(ConnectionTo("POSTGRESQL", dbs_.pg));
  ASSERT_TRUE(count);
  auto n = count->QueryFirstRow("SELECT count(*) FROM " + schema_ + ".t");
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ((*n)[0].text, "2");
}

TEST_F(PostgresConnector, TheSnapshotHoldsWhileTheTableChanges) {
  ASSERT_EQ(RunPgAdmin(dbs_.pg, "CREATE TABLE " + schema_ + ".t (id int); INSERT INTO " + schema_ +
                                    ".t VALUES (1)"),
            "");
  auto conn = Open(ConnectionTo("POSTGRESQL", dbs_.pg));
  ASSERT_TRUE(conn);
  ASSERT_TRUE(conn->BeginSnapshot().ok());
  const std::string count = "SELECT count(*) FROM " + schema_ + ".t";
  EXPECT_EQ(conn->QueryFirstRow(count)->at(0).text, "1");
  ASSERT_EQ(RunPgAdmin(dbs_.pg, "INSERT INTO " + schema_ + ".t VALUES (2)"), "");
  EXPECT_EQ(conn->QueryFirstRow(count)->at(0).text, "1");
}

TEST_F(PostgresConnector, CancelStopsARunningQuery) {
  auto conn = Open(ConnectionTo("POSTGRESQL", dbs_.pg));
  ASSERT_TRUE(conn);
  std::thread stopper([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    control_.cancelled = true;
  });
  auto r = conn->QueryFirstRow("SELECT pg_sleep(60)");
  stopper.join();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cancelled"), std::string::npos) << r.status().message();
}

TEST_F(PostgresConnector, ConnectErrorsNameWhatIsWrong) {
  dqc::Connection bad_pw = ConnectionTo("POSTGRESQL", dbs_.pg);
  bad_pw.password = "wrong-password";
  auto r = dqc::OpenConnector(bad_pw, control_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("password authentication failed"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(r.status().message().find("wrong-password"), std::string::npos);
  dqc::Connection bad_db = ConnectionTo("POSTGRESQL", dbs_.pg);
  auto cfg = nlohmann::json::parse(bad_db.config_json);
  cfg["database"] = "nodb";
  bad_db.config_json = cfg.dump();
  r = dqc::OpenConnector(bad_db, control_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nodb"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace dqctest
