// Custom SQL rules on PostgreSQL and MariaDB (issue 3 item 4): the SELECT of each side runs in the
// side's read-only snapshot, its first row gives the outputs, and a statement that would write is
// stopped by the engine itself (the read-only transaction), not only by dqc's own check.
#include <gtest/gtest.h>

#include "support/cross_engine_test.h"

namespace dqctest {
namespace {

class CustomSqlServersHttp : public CrossEngineTest {
 protected:
  void SetUp() override {
    CrossEngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_EQ(RunPgAdmin(dbs_.pg, "CREATE TABLE " + space_ +
                                      ".orders (id int, amount numeric(12,2));"
                                      "INSERT INTO " +
                                      space_ +
                                      ".orders VALUES (1, 10.50), (2, 20.25), (3, NULL);"
                                      "CREATE SEQUENCE " +
                                      space_ + ".counter; GRANT USAGE ON SEQUENCE " + space_ +
                                      ".counter TO " + dbs_.pg.user),
              "");
    ASSERT_EQ(RunMyAdmin(dbs_.my, "CREATE TABLE " + space_ +
                                      ".orders (id int, amount decimal(12,2));"
                                      "INSERT INTO " +
                                      space_ + ".orders VALUES (1, 10.50), (2, 20.25), (3, NULL);"),
              "");
  }
};

TEST_F(CustomSqlServersHttp, OutputsOfBothEnginesAreComparedExactly) {
  const std::string sql = "SELECT count(*), sum(amount), count(amount) FROM " + space_ + ".orders";
  json pair =
      json::array({CustomRule(pg_, sql, "${1_1}!=${2_1} || ${1_2}!=${2_2} || ${1_3}!=${2_3}"),
                   CustomRule(my_, sql)});
  json inst = RunToEnd(json::array({pair}));
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump();
  json res = Results(inst);
  const json& rows = res["resources"][0]["results"];
  EXPECT_EQ(rows[0]["Value 1"], "3");
  EXPECT_EQ(rows[0]["Value 2"], "30.75");
  EXPECT_EQ(rows[1]["Value 2"], "30.75");
  EXPECT_EQ(rows[0]["SQL"], sql);
}

TEST_F(CustomSqlServersHttp, ADifferenceInOneOutputAlarms) {
  json pair =
      json::array({CustomRule(pg_, "SELECT sum(amount) FROM " + space_ + ".orders"),
                   CustomRule(my_, "SELECT sum(amount) + 0.01 FROM " + space_ + ".orders")});
  EXPECT_EQ(RunToEnd(json::array({pair}))["run_status"], "ALARMING");
}

TEST_F(CustomSqlServersHttp, AWriteHiddenInASelectIsStoppedByTheReadOnlySnapshot) {
  // nextval() writes: dqc's check lets the SELECT through and the account may use the sequence,
  // but PostgreSQL's read-only transaction refuses it.
  json pair = json::array(
      {CustomRule(pg_, "SELECT nextval('" + space_ + ".counter')"), CustomRule(my_, "SELECT 1")});
  json inst = RunToEnd(json::array({pair}));
  EXPECT_EQ(inst["run_status"], "FAILED") << inst.dump();
  EXPECT_NE(inst["failure_reason"].get<std::string>().find("read-only"), std::string::npos)
      << inst.dump();
}

TEST_F(CustomSqlServersHttp, AnEngineErrorFailsTheInstanceWithItsMessage) {
  json pair = json::array(
      {CustomRule(pg_, "SELECT nosuch FROM " + space_ + ".orders"), CustomRule(my_, "SELECT 1")});
  json inst = RunToEnd(json::array({pair}));
  EXPECT_EQ(inst["run_status"], "FAILED") << inst.dump();
  EXPECT_NE(inst["failure_reason"].get<std::string>().find("nosuch"), std::string::npos)
      << inst.dump();
}

}  // namespace
}  // namespace dqctest
