// Comparison jobs from PostgreSQL to MariaDB through the real server: templates 1-8 agree on a
// faithful copy across engines (exact sums past 2^63, binary text comparison, booleans, CHAR
// padding, timestamps), planted differences alarm, and a missing table or column fails the
// instance naming it.
#include <gtest/gtest.h>

#include "support/server_db_test.h"

namespace dqctest {
namespace {

// The same rows on both engines; types chosen per engine to hold the same values.
constexpr const char* kPgTable =
    "CREATE TABLE %s.t (id int, v bigint, d numeric(20,4), f double precision, s varchar(20), "
    "c char(5), b boolean, ts timestamp(3), dt date);"
    "INSERT INTO %s.t VALUES "
    "(1, 10, 1.5000, 0.5, 'a', 'x', true, '2024-01-02 03:04:05.123', '2024-02-29'),"
    "(2, 20, 2.2500, 0.25, 'b', 'yy', false, '2024-01-02 03:04:05', '2024-01-01'),"
    "(3, NULL, NULL, NULL, 'b', NULL, NULL, NULL, NULL),"
    "(4, 9223372036854775807, 100.0001, 1.0, 'B', 'x', true, '1999-12-31 23:59:59.999', NULL),"
    "(5, 9223372036854775807, -3.5, 2.0, 'é', 'zz', false, NULL, '2000-01-01');";
constexpr const char* kMyTable =
    "CREATE TABLE %s.t (id int, v bigint, d decimal(20,4), f double, s varchar(20), "
    "c char(5), b boolean, ts datetime(3), dt date) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;"
    "INSERT INTO %s.t VALUES "
    "(1, 10, 1.5000, 0.5, 'a', 'x', true, '2024-01-02 03:04:05.123', '2024-02-29'),"
    "(2, 20, 2.2500, 0.25, 'b', 'yy', false, '2024-01-02 03:04:05', '2024-01-01'),"
    "(3, NULL, NULL, NULL, 'b', NULL, NULL, NULL, NULL),"
    "(4, 9223372036854775807, 100.0001, 1.0, 'B', 'x', true, '1999-12-31 23:59:59.999', NULL),"
    "(5, 9223372036854775807, -3.5, 2.0, 'é', 'zz', false, NULL, '2000-01-01');";

std::string Fill(const std::string& tmpl, const std::string& space) {
  std::string out = tmpl;
  for (size_t at; (at = out.find("%s")) != std::string::npos;) out.replace(at, 2, space);
  return out;
}

class ServerJobsHttp : public ServerDbTest {
 protected:
  void SetUp() override {
    ServerDbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    src_ = MakeConnection("pg", "POSTGRESQL", ConfigFor(dbs_.pg));
    dst_ = MakeConnection("my", "MYSQL", ConfigFor(dbs_.my));
    ASSERT_FALSE(src_.empty());
    ASSERT_FALSE(dst_.empty());
  }
  void Load(const std::string& pg_sql, const std::string& my_sql) {
    ASSERT_EQ(RunPgAdmin(dbs_.pg, Fill(pg_sql, space_)), "");
    ASSERT_EQ(RunMyAdmin(dbs_.my, Fill(my_sql, space_)), "");
  }
  // A pair on `space_`.`table` of both sides (schema on PostgreSQL, database on MariaDB).
  json ServerPair(int template_id, const std::string& column = "", const std::string& table = "t",
                  const std::string& target_column = "") {
    const std::string name = "r" + std::to_string(template_id) + column;
    json s = DqcServer::Rule(name, template_id, src_, space_ + "." + table, column);
    json t = DqcServer::Rule(name, template_id, dst_, space_ + "." + table,
                             target_column.empty() ? column : target_column);
    s.erase("databases");
    t.erase("databases");
    return json::array({s, t});
  }
  json AllTemplates() {
    return json::array({ServerPair(1), ServerPair(2, "v"), ServerPair(3, "s"), ServerPair(4, "s"),
                        ServerPair(5, "v"), ServerPair(6, "v"), ServerPair(7, "s"),
                        ServerPair(8, "v"), ServerPair(6, "d"), ServerPair(5, "d"),
                        ServerPair(6, "f"), ServerPair(7, "c"), ServerPair(7, "b"),
                        ServerPair(8, "b"), ServerPair(7, "ts"), ServerPair(8, "ts"),
                        ServerPair(8, "dt"), ServerPair(3, "c"), ServerPair(4, "c")});
  }
};

TEST_F(ServerJobsHttp, FaithfulCopyPassesEveryTemplate) {
  Load(kPgTable, kMyTable);
  json inst = RunToEnd(AllTemplates());
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump();
  json res = Results(inst);
  ASSERT_EQ(res["count"], 19) << res.dump();
  auto both = [&](int pair, const char* label) {
    const json& rows = res["resources"][pair]["results"];
    EXPECT_EQ(rows[0][label], rows[1][label]) << "pair " << pair << ": " << rows.dump();
    EXPECT_EQ(rows[0]["Alarm"], "false") << rows.dump();
    return rows[0][label];
  };
  EXPECT_EQ(both(0, "Total Rows"), "5");
  EXPECT_EQ(both(1, "Null Values"), "1");
  EXPECT_EQ(both(2, "Distinct Values"), "4");   // a, b, B, é: binary, case kept
  EXPECT_EQ(both(3, "Duplicate Values"), "2");  // b, b
  EXPECT_EQ(both(4, "Average"), "4611686018427387911");
  EXPECT_EQ(both(5, "Sum"), "18446744073709551644");  // past 2^63, exact on both
  EXPECT_EQ(both(6, "Maximum"), "é");                 // UTF-8 bytes: é after a, b, B
  EXPECT_EQ(both(7, "Minimum"), "10");
  EXPECT_EQ(both(8, "Sum"), "100.2501");
  EXPECT_EQ(both(9, "Average"), "25.062525");
  EXPECT_EQ(both(10, "Sum"), "3.75");
  EXPECT_EQ(both(11, "Maximum"), "zz");
  EXPECT_EQ(both(12, "Maximum"), "true");
  EXPECT_EQ(both(13, "Minimum"), "false");
  EXPECT_EQ(both(14, "Maximum"), "2024-01-02 03:04:05.123");
  EXPECT_EQ(both(15, "Minimum"), "1999-12-31 23:59:59.999");
  EXPECT_EQ(both(16, "Minimum"), "2000-01-01");
  EXPECT_EQ(both(17, "Distinct Values"), "3");  // x, yy, zz: CHAR pad spaces are not values
  EXPECT_EQ(both(18, "Duplicate Values"), "2");
  const json& rows = res["resources"][0]["results"];
  EXPECT_EQ(rows[0]["Name"], "1_" + space_ + ".t");
  EXPECT_EQ(rows[1]["Name"], "2_" + space_ + ".t");
}

TEST_F(ServerJobsHttp, PlantedDifferencesAlarm) {
  std::string my = kMyTable;
  my +=
      "UPDATE %s.t SET v = 21 WHERE id = 2; UPDATE %s.t SET s = 'A' WHERE id = 1;"
      "DELETE FROM %s.t WHERE id = 3;";
  Load(kPgTable, my);
  json pairs = json::array({ServerPair(1), ServerPair(6, "v"), ServerPair(8, "s"),
                            ServerPair(8, "v"), ServerPair(2, "v")});
  json inst = RunToEnd(pairs);
  EXPECT_EQ(inst["run_status"], "ALARMING") << inst.dump();
  json res = Results(inst);
  auto alarm = [&](int pair) { return res["resources"][pair]["results"][0]["Alarm"]; };
  EXPECT_EQ(alarm(0), "true");  // 5 rows against 4
  EXPECT_EQ(alarm(1), "true");  // the sum is off by one
  EXPECT_EQ(res["resources"][1]["results"][1]["Sum"], "18446744073709551645");
  EXPECT_EQ(alarm(2), "true");  // binary order: 'A' < 'B'
  EXPECT_EQ(res["resources"][2]["results"][0]["Minimum"], "B");
  EXPECT_EQ(res["resources"][2]["results"][1]["Minimum"], "A");
  EXPECT_EQ(alarm(3), "false");  // the minimum is still 10
  EXPECT_EQ(alarm(4), "true");   // the NULL row is gone
}

TEST_F(ServerJobsHttp, AMissingTableOrColumnFailsNamingIt) {
  Load(kPgTable, kMyTable);
  json inst = RunToEnd(json::array({ServerPair(1, "", "nosuch")}));
  EXPECT_EQ(inst["run_status"], "FAILED") << inst.dump();
  EXPECT_NE(inst["failure_reason"].get<std::string>().find("nosuch"), std::string::npos)
      << inst.dump();
  inst = RunToEnd(json::array({ServerPair(6, "v", "t", "nocol")}));
  EXPECT_EQ(inst["run_status"], "FAILED") << inst.dump();
  EXPECT_NE(inst["failure_reason"].get<std::string>().find("nocol"), std::string::npos)
      << inst.dump();
  // Case matters: the column is "v", not "V".
  inst = RunToEnd(json::array({ServerPair(6, "V")}));
  EXPECT_EQ(inst["run_status"], "FAILED") << inst.dump();
  EXPECT_NE(inst["failure_reason"].get<std::string>().find("'V'"), std::string::npos)
      << inst.dump();
}

}  // namespace
}  // namespace dqctest
