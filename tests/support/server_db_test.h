// The fixture of HTTP-level tests on PostgreSQL and MariaDB: a dqc server (RunJobTest) plus the
// real servers of scripts/test-dbs.sh, with a private PostgreSQL schema and MariaDB database
// (dqct_*) per test for fixtures, dropped at the end.
#pragma once

#include <string>

#include "support/run_job_test.h"
#include "support/test_dbs.h"

namespace dqctest {

class ServerDbTest : public RunJobTest {
 protected:
  void SetUp() override {
    DQC_REQUIRE_TEST_DBS(dbs_);
    RunJobTest::SetUp();
    if (HasFatalFailure()) return;
    space_ = UniqueDbName();
    ASSERT_EQ(RunPgAdmin(dbs_.pg, "CREATE SCHEMA " + space_), "");
    ASSERT_EQ(RunMyAdmin(dbs_.my, "CREATE DATABASE " + space_ + " CHARACTER SET utf8mb4"), "");
  }
  void TearDown() override {
    if (space_.empty()) return;
    RunPgAdmin(dbs_.pg, "DROP SCHEMA " + space_ + " CASCADE");
    RunMyAdmin(dbs_.my, "DROP DATABASE " + space_);
  }

  // The config of a connection to `db` as its read-only account.
  static json ConfigFor(const DbAccount& db) {
    return json{{"host", db.host},
                {"port", db.port},
                {"database", db.database},
                {"user", db.user},
                {"password", db.password}};
  }
  HttpResponse PostConnection(const std::string& name, const std::string& type,
                              const json& config) const {
    return Alice("POST", ConnectionsPath(),
                 json{{"name", name}, {"type", type}, {"config", config}}.dump());
  }
  // Creates the connection; its ID or "" (and a gtest failure).
  std::string MakeConnection(const std::string& name, const std::string& type,
                             const json& config) const {
    HttpResponse r = PostConnection(name, type, config);
    EXPECT_EQ(r.status, 200) << r.Describe();
    return r.status == 200 ? r.Json().value("id", "") : "";
  }
  HttpResponse TestCall(const std::string& id) const {
    return Alice("POST", ConnectionsPath() + "/" + id + "/test");
  }

  TestDbs dbs_;
  std::string space_;  // schema (PostgreSQL) and database (MariaDB) of this test's tables
};

}  // namespace dqctest
