// The base fixture of the HTTP-level tests: a fresh dqc server with the tenants of DqcServer for
// every test, plus assertions on DQC error bodies and snapshots that prove "nothing changed".
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "api/error_codes.h"
#include "support/dqc_server.h"

namespace dqctest {

// The response is an error body of `code`: HTTP status = code.http_status, JSON object with
// "error_code" = code.code and a non-empty string "error_msg" that contains every string of
// `msg_has_all` and, when `msg_has_any` is not empty, at least one of those (case-insensitive).
::testing::AssertionResult IsError(const HttpResponse& r, const dqc::api::ErrorCode& code,
                                   const std::vector<std::string>& msg_has_all = {},
                                   const std::vector<std::string>& msg_has_any = {});
// The body's "error_msg" when it is a JSON object with a string there, else "".
std::string ErrorMsg(const HttpResponse& r);
// The response has `status` and, unless it is 204, a JSON body.
::testing::AssertionResult IsJson(const HttpResponse& r, int status = 200);

// What a client that parses JSON numbers as doubles sends for `id` (int(float(id))); when that is
// `id` itself, a neighbour (id+1 or id-1).
std::int64_t RoundedAsDouble(std::int64_t id);

// Every job ID visible in each workspace of the tenants (WS1, WS2, WS3), in list order.
struct JobSnapshot {
  bool ok = false;
  std::vector<std::int64_t> ws1, ws2, ws3;
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override;
  // Options for the server of this fixture (override in a derived fixture).
  virtual ServerOptions Options() { return {}; }

  const Tenants& T() const { return server_.tenants(); }
  static std::string Quality(const std::string& project = kP1) {
    return "/v2/" + project + "/quality";
  }
  static std::string JobsPath(const std::string& project = kP1) {
    return Quality(project) + "/consistency-tasks";
  }
  static std::string BatchDeletePath(const std::string& project = kP1) {
    return JobsPath(project) + "/batch-delete";
  }
  static std::string CategoriesPath(const std::string& project = kP1) {
    return Quality(project) + "/categories";
  }
  static std::string ConnectionsPath(const std::string& project = kP1) {
    return "/v1/" + project + "/data-connections";
  }

  // A call as alice (admin) in WS1.
  HttpResponse Alice(const std::string& method, const std::string& path,
                     const std::string& body = "", const Headers& extra = {}) const {
    return server_.Call(method, path, T().alice, T().ws1, body, extra);
  }

  // A SQLite source file `tiny.db` (table t: 3 rows) under files_dir, a connection to it in WS1
  // (conn1_, by alice) and in WS2 (conn2_, by bob). Adds a gtest failure when it does not work.
  void MakeSources();
  // `n` jobs named prefix0.. in WS1 by alice on conn1_ (MakeSources first); their IDs in order.
  std::vector<std::int64_t> SeedJobs(int n, const std::string& prefix = "job-");

  JobSnapshot Snapshot() const;
  // EXPECTs the job IDs of every workspace equal `before`'s.
  void ExpectUnchanged(const JobSnapshot& before) const;

  DqcServer server_;
  std::string db_path_, conn1_, conn2_;
};

}  // namespace dqctest
