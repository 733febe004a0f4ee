// The fixture of tests that run comparison jobs through the real server: source and target data
// connections, rule pairs, a run waited to its end, and its results.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "support/api_test.h"

namespace dqctest {

class RunJobTest : public ApiTest {
 protected:
  using json = nlohmann::json;

  // Source and target files with the given SQL; connections src_ and dst_ in WS1.
  void MakeDatabases(const std::string& source_sql, const std::string& target_sql) {
    ASSERT_TRUE(DqcServer::CreateSqliteFile(server_.FilePath("src.db"), source_sql));
    ASSERT_TRUE(DqcServer::CreateSqliteFile(server_.FilePath("dst.db"), target_sql));
    src_ = server_.CreateConnection(T().alice, T().ws1, "src", server_.FilePath("src.db"));
    dst_ = server_.CreateConnection(T().alice, T().ws1, "dst", server_.FilePath("dst.db"));
    ASSERT_FALSE(src_.empty());
    ASSERT_FALSE(dst_.empty());
  }

  json Pair(int template_id, const std::string& table, const std::string& column = "",
            const std::string& alarm = "", const std::string& filter = "",
            const std::string& args = "") {
    json s =
        DqcServer::Rule("r" + std::to_string(template_id), template_id, src_, table, column, alarm);
    json t = DqcServer::Rule("r" + std::to_string(template_id), template_id, dst_, table, column);
    for (json* r : {&s, &t}) {
      if (!filter.empty()) (*r)["calculation_range_sql"] = filter;
      if (!args.empty()) (*r)["template_arguments"] = args;
    }
    return json::array({s, t});
  }

  // A custom SQL rule (type Customize, template_id null) on `connection`.
  static json CustomRule(const std::string& connection, const std::string& sql,
                         const std::string& alarm = "") {
    json r = DqcServer::Rule("custom", nullptr, connection, "", "", alarm);
    r["type"] = "Customize";
    r["sql"] = sql;
    r.erase("tables");
    r.erase("databases");
    return r;
  }

  // Creates the job, runs it, waits for the end; returns the instance overview.
  json RunToEnd(const json& pairs, int64_t* job_id = nullptr) {
    int64_t id = server_.CreateJob(T().alice, T().ws1, "job-" + std::to_string(++jobs_), pairs);
    if (job_id) *job_id = id;
    auto run = Alice("POST", JobsPath() + "/" + std::to_string(id) + "/run");
    EXPECT_TRUE(IsJson(run)) << run.Describe();
    int64_t instance = run.Json().value("instance_id", int64_t{0});
    return WaitEnd(instance);
  }

  json WaitEnd(int64_t instance) {
    for (int i = 0; i < 600; ++i) {
      const json list = Alice("GET", Quality() + "/instances?limit=100").Json();
      for (const auto& inst : list["resources"]) {
        if (inst["id"] == instance && inst["run_status"] != "RUNNING") return inst;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "instance " << instance << " did not end";
    return json();
  }

  json Results(const json& instance) {
    auto r = Alice("GET", Quality() + "/instances/" +
                              std::to_string(instance["id"].get<int64_t>()) + "/result?limit=100");
    EXPECT_TRUE(IsJson(r)) << r.Describe();
    return r.Json();
  }

  std::string src_, dst_;
  int jobs_ = 0;
};

}  // namespace dqctest
