// The real PostgreSQL and MariaDB servers of scripts/test-dbs.sh, as tests see them: their
// accounts (read from the env file the script writes: $DQC_TEST_DBS_ENV, else
// build-test/test-dbs.env) and fixture SQL run as their admin accounts (libpq / Connector/C,
// straight from the test program, not through dqc).
//
// When the file is missing, DQC_REQUIRE_TEST_DBS() fails the test if DQC_TEST_DBS_REQUIRED=1
// (scripts/test.sh sets it: CI must test against real servers) and skips it otherwise (a developer
// running ctest by hand without `scripts/test-dbs.sh start`).
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace dqctest {

struct DbAccount {
  std::string host;
  int port = 0;
  std::string database;
  std::string admin_user, admin_password;  // fixtures only
  std::string user, password;              // the read-only account dqc connects with
};

struct TestDbs {
  DbAccount pg, my;
};

// The servers, or nullopt with `why` (the file that is missing or damaged).
std::optional<TestDbs> LoadTestDbs(std::string* why);
bool TestDbsRequired();

// Runs `sql` (several statements allowed) as the admin account; "" or the error.
std::string RunPgAdmin(const DbAccount& db, const std::string& sql);
std::string RunMyAdmin(const DbAccount& db, const std::string& sql);

// A name no other test (or test run) uses: prefix + random hex, lower case.
std::string UniqueDbName(const std::string& prefix = "dqct_");

}  // namespace dqctest

// In a test body or SetUp(): loads the servers into `var` or fails / skips (see above).
#define DQC_REQUIRE_TEST_DBS(var)                                                           \
  do {                                                                                      \
    std::string dqc_why_;                                                                   \
    auto dqc_dbs_ = ::dqctest::LoadTestDbs(&dqc_why_);                                      \
    if (!dqc_dbs_) {                                                                        \
      if (::dqctest::TestDbsRequired()) {                                                   \
        FAIL() << "real database servers required (DQC_TEST_DBS_REQUIRED=1): " << dqc_why_; \
      }                                                                                     \
      GTEST_SKIP() << "no test database servers (" << dqc_why_                              \
                   << "); run scripts/test-dbs.sh start";                                   \
    }                                                                                       \
    var = *dqc_dbs_;                                                                        \
  } while (0)
