// Running comparison jobs through the real server: templates 1-8 on SQLite sources, filters,
// exact values, tolerance, verdicts, results shape (DESIGN §3.6-3.12), and what happens to a
// running instance when its job is deleted.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/run_job_test.h"

namespace dqctest {
namespace {

using nlohmann::json;

constexpr const char* kSame =
    "CREATE TABLE t (id INTEGER, v INTEGER, f REAL, s TEXT);"
    "INSERT INTO t VALUES (1, 10, 0.1, 'a'), (2, 20, 0.2, 'b'), (3, NULL, 0.3, 'b'),"
    " (4, 9223372036854775807, 1e-3, 'B'), (5, 9223372036854775807, NULL, NULL);";

TEST_F(RunJobTest, FaithfulCopyPassesEveryTemplate) {
  MakeDatabases(kSame, kSame);
  json pairs = json::array({Pair(1, "t"), Pair(2, "t", "v"), Pair(3, "t", "s"), Pair(4, "t", "s"),
                            Pair(5, "t", "v"), Pair(6, "t", "v"), Pair(7, "t", "s"),
                            Pair(8, "t", "v"), Pair(6, "t", "f")});
  json inst = RunToEnd(pairs);
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump();
  EXPECT_TRUE(inst["failure_reason"].is_null());
  json res = Results(inst);
  ASSERT_EQ(res["count"], 9);
  auto value = [&](int pair, const char* label) {
    return res["resources"][pair]["results"][0][label];
  };
  EXPECT_EQ(value(0, "Total Rows"), "5");
  EXPECT_EQ(value(1, "Null Values"), "1");
  EXPECT_EQ(value(2, "Distinct Values"), "3");   // a, b, B: binary comparison keeps case
  EXPECT_EQ(value(3, "Duplicate Values"), "2");  // b, b
  // Sum past 2^63, exact: 30 + 2 * (2^63 - 1).
  EXPECT_EQ(value(5, "Sum"), "18446744073709551644");
  EXPECT_EQ(value(4, "Average"), "4611686018427387911");  // exact sum / count
  EXPECT_EQ(value(6, "Maximum"), "b");
  EXPECT_EQ(value(7, "Minimum"), "10");
  EXPECT_EQ(value(8, "Sum"), "0.601");  // exact decimal sum of the doubles' shortest forms
  const json& row = res["resources"][0]["results"][0];
  EXPECT_EQ(row["Name"], "1_main.t");
  EXPECT_EQ(row["Side"], "source");
  EXPECT_EQ(row["Alarm"], "false");
  EXPECT_EQ(row["Expression"], "${1_1}!=${2_1}");
  EXPECT_NE(row["SQL"].get<std::string>().find("count(*)"), std::string::npos);
  EXPECT_TRUE(row.contains("Duration ms"));
  EXPECT_EQ(res["resources"][0]["results"][1]["Name"], "2_main.t");
  EXPECT_TRUE(res["resources"][0]["sub_rule_id"].is_string());
}

TEST_F(RunJobTest, DifferencesAlarmAndNamesTheirValues) {
  MakeDatabases(
      "CREATE TABLE t (zip TEXT, n INTEGER); INSERT INTO t VALUES ('00501', 1), ('10001', 2), "
      "('99950', 3);",
      "CREATE TABLE t (zip INTEGER, n INTEGER); INSERT INTO t VALUES (501, 1), (10001, 2);");
  json pairs = json::array({Pair(1, "t"), Pair(8, "t", "zip"), Pair(6, "t", "n"),
                            Pair(1, "t", "", "${1_1} - ${2_1} > 5")});
  json inst = RunToEnd(pairs);
  EXPECT_EQ(inst["run_status"], "ALARMING");
  json res = Results(inst);
  auto alarm = [&](int pair) { return res["resources"][pair]["results"][0]["Alarm"]; };
  EXPECT_EQ(alarm(0), "true");
  EXPECT_EQ(alarm(1), "true");  // '00501' (text) differs from 501
  EXPECT_EQ(res["resources"][1]["results"][0]["Minimum"], "00501");
  EXPECT_EQ(res["resources"][1]["results"][1]["Minimum"], "501");
  EXPECT_EQ(alarm(2), "true");
  EXPECT_EQ(alarm(3), "false");  // 3 - 2 > 5 is false
}

TEST_F(RunJobTest, FilterRestrictsRowsOnBothSides) {
  MakeDatabases("CREATE TABLE t (age INTEGER); INSERT INTO t VALUES (10), (20), (30), (40);",
                "CREATE TABLE t (age INTEGER); INSERT INTO t VALUES (30), (40), (5);");
  json inst = RunToEnd(json::array({Pair(1, "t", "", "", "and age > 18 AND age < 100")}));
  json res = Results(inst);
  EXPECT_EQ(res["resources"][0]["results"][0]["Total Rows"], "3");
  EXPECT_EQ(res["resources"][0]["results"][1]["Total Rows"], "2");
  EXPECT_EQ(inst["run_status"], "ALARMING");
}

TEST_F(RunJobTest, FloatingSumsCompareWithinTolerance) {
  // The same doubles in another order; sums compared within the default relative 1e-9.
  MakeDatabases("CREATE TABLE t (f REAL); INSERT INTO t VALUES (0.1), (0.2), (0.3);",
                "CREATE TABLE t (f REAL); INSERT INTO t VALUES (0.3), (0.2), (0.1000000000001);");
  json inst = RunToEnd(json::array({Pair(6, "t", "f")}));
  EXPECT_EQ(inst["run_status"], "SUCCESS");
  json strict = RunToEnd(json::array(
      {Pair(6, "t", "f", "", "", R"({"relative_tolerance": 0, "absolute_tolerance": 0})")}));
  EXPECT_EQ(strict["run_status"], "ALARMING");
}

TEST_F(RunJobTest, NamesThatNeedQuotingWork) {
  const char* sql =
      "CREATE TABLE \"Order Items\" (\"select\" INTEGER, \"Mixed Case\" TEXT);"
      "INSERT INTO \"Order Items\" VALUES (1, 'x'), (2, 'y');";
  MakeDatabases(sql, sql);
  json inst = RunToEnd(
      json::array({Pair(6, "Order Items", "select"), Pair(7, "Order Items", "Mixed Case")}));
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump();
}

TEST_F(RunJobTest, MissingTableFailsTheInstanceNamingTheTable) {
  MakeDatabases("CREATE TABLE t (a INTEGER);", "CREATE TABLE u (a INTEGER);");
  json inst = RunToEnd(json::array({Pair(1, "t")}));
  EXPECT_EQ(inst["run_status"], "FAILED");
  const std::string reason = inst["failure_reason"].get<std::string>();
  EXPECT_NE(reason.find("target: no such table: main.t"), std::string::npos) << reason;
}

TEST_F(RunJobTest, MissingColumnFailsTheInstanceNamingTheColumnAndTheTableColumns) {
  MakeDatabases("CREATE TABLE t (a INTEGER, b TEXT);", "CREATE TABLE t (a INTEGER, c TEXT);");
  json inst = RunToEnd(json::array({Pair(3, "t", "b")}));
  EXPECT_EQ(inst["run_status"], "FAILED");
  const std::string reason = inst["failure_reason"].get<std::string>();
  EXPECT_NE(reason.find("column 'b' does not exist in table 't' (its columns: a, c)"),
            std::string::npos)
      << reason;
}

TEST_F(RunJobTest, NullInArithmeticIsAnErrorNamingThePair) {
  MakeDatabases("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (NULL);",
                "CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (NULL);");
  // The sum of no values is null: null == null holds, but null > 1 is an error.
  json ok = RunToEnd(json::array({Pair(6, "t", "v")}));
  EXPECT_EQ(ok["run_status"], "SUCCESS") << ok.dump();
  json bad = RunToEnd(json::array({Pair(6, "t", "v", "${1_1} > 1")}));
  EXPECT_EQ(bad["run_status"], "FAILED");
  EXPECT_NE(bad["failure_reason"].get<std::string>().find("rule pair 1"), std::string::npos);
}

TEST_F(RunJobTest, SecondRunWhileRunningIsRefused) {
  // A view that counts to 300 million keeps the first instance busy.
  const char* slow =
      "CREATE VIEW slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
      "WHERE x < 300000000) SELECT x FROM c;";
  MakeDatabases(slow, slow);
  int64_t id = server_.CreateJob(T().alice, T().ws1, "slow", json::array({Pair(1, "slow")}));
  auto first = Alice("POST", JobsPath() + "/" + std::to_string(id) + "/run");
  ASSERT_TRUE(IsJson(first));
  auto second = Alice("POST", JobsPath() + "/" + std::to_string(id) + "/run");
  EXPECT_TRUE(IsError(second, dqc::api::errors::kJobBusy, {"already running"}));

  // Deleting the job cancels the instance: FAILED "job deleted", and the history stays listable.
  auto del = Alice("POST", BatchDeletePath(), "[" + std::to_string(id) + "]");
  ASSERT_EQ(del.status, 200) << del.Describe();
  json inst = WaitEnd(first.Json()["instance_id"].get<int64_t>());
  EXPECT_EQ(inst["run_status"], "FAILED");
  EXPECT_EQ(inst["failure_reason"], "job deleted");
  EXPECT_EQ(inst["task_id"], id);
  // The worker stops its query (the engine cancels it): a new job runs at once afterwards.
  json quick = RunToEnd(json::array({Pair(1, "sqlite_schema")}));
  EXPECT_EQ(quick["run_status"], "SUCCESS");
}

TEST_F(RunJobTest, RestartFailsInstancesLeftRunning) {
  const char* slow =
      "CREATE VIEW slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
      "WHERE x < 300000000) SELECT x FROM c;";
  MakeDatabases(slow, slow);
  int64_t id = server_.CreateJob(T().alice, T().ws1, "slow", json::array({Pair(1, "slow")}));
  auto run = Alice("POST", JobsPath() + "/" + std::to_string(id) + "/run");
  ASSERT_TRUE(IsJson(run));
  server_.Kill9();
  ASSERT_EQ(server_.Restart(), "");
  json inst = WaitEnd(run.Json()["instance_id"].get<int64_t>());
  EXPECT_EQ(inst["run_status"], "FAILED");
  EXPECT_EQ(inst["failure_reason"], "server restarted");
}

TEST_F(RunJobTest, RunOfUnknownJobIs404) {
  auto r = Alice("POST", JobsPath() + "/1283480044387540993/run");
  EXPECT_TRUE(IsError(r, dqc::api::errors::kNotFound, {"1283480044387540993"}));
  auto viewer = server_.Call("POST", JobsPath() + "/1283480044387540993/run", T().vera, T().ws1);
  EXPECT_TRUE(IsError(viewer, dqc::api::errors::kForbiddenRole));
}

}  // namespace
}  // namespace dqctest
