// Direct tests of the PostgreSQL and MariaDB connectors (no dqc server): sessions opened with
// OpenConnector on the real servers of scripts/test-dbs.sh.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "connectors/connector.h"
#include "support/test_dbs.h"

namespace dqctest {

class ServerConnectorTest : public ::testing::Test {
 protected:
  void SetUp() override { DQC_REQUIRE_TEST_DBS(dbs_); }

  // A connection of `type` to `db` as its read-only account (or, with `admin`, its admin account:
  // to show that the session itself refuses writes whatever the grants).
  static dqc::Connection ConnectionTo(const std::string& type, const DbAccount& db,
                                      bool admin = false) {
    dqc::Connection c;
    c.id = "00000000000000000000000000000001";
    c.type = type;
    c.config_json = nlohmann::json{
        {"host", db.host},
        {"port", db.port},
        {"database", db.database},
        {"user", admin ? db.admin_user : db.user},
        {"connect_timeout",
         5}}.dump();
    c.password = admin ? db.admin_password : db.password;
    return c;
  }

  std::unique_ptr<dqc::Connector> Open(const dqc::Connection& c) {
    auto opened = dqc::OpenConnector(c, control_);
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    return opened.ok() ? std::move(*opened) : nullptr;
  }

  TestDbs dbs_;
  dqc::QueryControl control_;
};

// Expects `v` to be of `kind` with canonical text `text`.
inline ::testing::AssertionResult IsValue(const dqc::Value& v, dqc::Value::Kind kind,
                                          const std::string& text) {
  if (v.kind == kind && v.text == text) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "got kind " << static_cast<int>(v.kind) << " text '" << v.text << "', expected kind "
         << static_cast<int>(kind) << " text '" << text << "'";
}

}  // namespace dqctest
