// Custom SQL rules (type Customize, template_id null): one SELECT per side whose first row gives up
// to five outputs, compared by the alarm expression; refused at create when it is not one
// read-only SELECT.
#include <gtest/gtest.h>

#include "support/run_job_test.h"

namespace dqctest {
namespace {

using nlohmann::json;

class CustomSqlTest : public RunJobTest {
 protected:
  json CustomPair(const std::string& source_sql, const std::string& target_sql,
                  const std::string& alarm = "") {
    return json::array({CustomRule(src_, source_sql, alarm), CustomRule(dst_, target_sql)});
  }
  // Creating a job with this source SQL is refused with DQC.1037, naming `problem`.
  void ExpectRefused(const std::string& sql, const std::string& problem) {
    auto r = server_.PostJob(T().alice, T().ws1, "bad", json::array({CustomPair(sql, "SELECT 1")}));
    EXPECT_TRUE(IsError(r, dqc::api::errors::kInvalidCustomSql, {problem})) << sql;
  }
};

constexpr const char* kData =
    "CREATE TABLE t (id INTEGER, v INTEGER); INSERT INTO t VALUES (1, 10), (2, 20), (3, 30);";
constexpr const char* kLost =
    "CREATE TABLE t (id INTEGER, v INTEGER); INSERT INTO t VALUES (1, 10), (2, 20);";

TEST_F(CustomSqlTest, OutputsOfTheFirstRowAreComparedByTheAlarmExpression) {
  MakeDatabases(kData, kLost);
  const std::string sql = "SELECT count(*), sum(v), max(id) FROM t;";
  json ok = json::array({CustomPair(sql, sql, "${1_1} - ${2_1} > 1")});
  json inst = RunToEnd(ok);
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump();
  json res = Results(inst);
  const json& row = res["resources"][0]["results"][0];
  EXPECT_EQ(row["Value 1"], "3");
  EXPECT_EQ(row["Value 2"], "60");
  EXPECT_EQ(row["Value 3"], "3");
  EXPECT_FALSE(row.contains("Value 4"));
  EXPECT_EQ(row["SQL"], "SELECT count(*), sum(v), max(id) FROM t");
  EXPECT_EQ(row["Name"], "1_custom SQL");

  json alarm = json::array({CustomPair(sql, sql, "${1_2}!=${2_2}")});
  EXPECT_EQ(RunToEnd(alarm)["run_status"], "ALARMING");
}

TEST_F(CustomSqlTest, TheDefaultAlarmComparesTheFirstOutputs) {
  MakeDatabases(kData, kData);
  json inst = RunToEnd(json::array({CustomPair("SELECT sum(v) FROM t", "SELECT sum(v) FROM t")}));
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump();
}

TEST_F(CustomSqlTest, AnUnknownTableFailsTheInstanceWithTheEngineMessage) {
  MakeDatabases(kData, kData);
  json inst = RunToEnd(json::array({CustomPair("SELECT count(*) FROM nowhere", "SELECT 1")}));
  EXPECT_EQ(inst["run_status"], "FAILED");
  EXPECT_NE(inst["failure_reason"].get<std::string>().find("nowhere"), std::string::npos)
      << inst.dump();
}

TEST_F(CustomSqlTest, MoreThanFiveColumnsFailTheInstance) {
  MakeDatabases(kData, kData);
  json inst = RunToEnd(json::array({CustomPair("SELECT 1, 2, 3, 4, 5, 6", "SELECT 1")}));
  EXPECT_EQ(inst["run_status"], "FAILED");
  EXPECT_NE(inst["failure_reason"].get<std::string>().find("at most 5"), std::string::npos);
}

TEST_F(CustomSqlTest, StatementsThatAreNotOneSelectAreRefusedAtCreate) {
  MakeDatabases(kData, kData);
  ExpectRefused("DELETE FROM t", "DELETE");
  ExpectRefused("SELECT 1; DELETE FROM t", "single statement");
  ExpectRefused("SELECT 1; SELECT 2", "single statement");
  ExpectRefused("ATTACH DATABASE '/tmp/x.db' AS x", "ATTACH");
  ExpectRefused("PRAGMA writable_schema = 1", "PRAGMA");
  ExpectRefused("COPY t TO '/tmp/out'", "COPY");
  ExpectRefused("SELECT v INTO other FROM t", "INTO");
  ExpectRefused("SELECT 1 -- ; DROP TABLE t", "comments");
  ExpectRefused("SELECT 1 /* x */", "comments");
  ExpectRefused("SELECT 'unterminated", "quote");
  ExpectRefused("WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d", "DELETE");
  ExpectRefused("   ", "empty");
  // Nothing was stored by any of them.
  EXPECT_EQ(Alice("GET", JobsPath()).Json()["count"], 0);
}

TEST_F(CustomSqlTest, QuotedTextMayHoldWhatIsRefusedOutsideIt) {
  MakeDatabases(kData, kData);
  const std::string sql = "SELECT count(*) FROM t WHERE 'a;--DELETE INTO' <> \"v\"";
  json inst = RunToEnd(json::array({CustomPair(sql, sql)}));
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump();
}

TEST_F(CustomSqlTest, MissingSqlAndMixedPairsAreRefused) {
  MakeDatabases(kData, kData);
  json no_sql = CustomRule(src_, "");
  no_sql.erase("sql");
  auto r = server_.PostJob(T().alice, T().ws1, "bad",
                           json::array({json::array({no_sql, CustomRule(dst_, "SELECT 1")})}));
  EXPECT_TRUE(IsError(r, dqc::api::errors::kInvalidCustomSql, {"sql"}));
  json mixed = json::array({CustomRule(src_, "SELECT 1"), DqcServer::Rule("rows", 1, dst_, "t")});
  r = server_.PostJob(T().alice, T().ws1, "bad", json::array({mixed}));
  EXPECT_TRUE(IsError(r, dqc::api::errors::kUnknownTemplate, {"custom SQL", "template 1"}));
  r = server_.PostJob(T().alice, T().ws1, "bad",
                      json::array({CustomPair("SELECT 1", "SELECT 1", "${1_6} != ${2_1}")}));
  EXPECT_TRUE(IsError(r, dqc::api::errors::kInvalidAlarm, {"custom SQL", "5"}));
  json with_template = DqcServer::Rule("rows", 1, src_, "t");
  with_template["sql"] = "SELECT 1";
  r = server_.PostJob(
      T().alice, T().ws1, "bad",
      json::array({json::array({with_template, DqcServer::Rule("rows", 1, dst_, "t")})}));
  EXPECT_TRUE(IsError(r, dqc::api::errors::kInvalidField, {"Customize"}));
}

}  // namespace
}  // namespace dqctest
