// O&M: GET /v2/{project_id}/quality/instances (spec §4.3, DESIGN §3.11) with its filters and
// paging, and GET /instances/{instance_id}/result (DESIGN §3.12): what a client sees, bad input
// included.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "support/run_job_test.h"

namespace dqctest {
namespace {

namespace errors = dqc::api::errors;
using nlohmann::json;

constexpr const char* kThree = "CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1), (2), (3);";
constexpr const char* kTwo = "CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1), (2);";

class InstancesHttp : public RunJobTest {
 protected:
  // Three ended instances in WS1: job "same-a" (SUCCESS), job "lost-b" (ALARMING) run twice.
  void SetUp() override {
    RunJobTest::SetUp();
    if (HasFatalFailure()) return;
    MakeDatabases(kThree, kTwo);
    // The source and target differ in t: a rows rule alarms; a rule on the source only passes.
    json same =
        json::array({DqcServer::Rule("r", 1, src_, "t"), DqcServer::Rule("r", 1, src_, "t")});
    ok_job_ = server_.CreateJob(T().alice, T().ws1, "same-a", json::array({same}));
    alarm_job_ = server_.CreateJob(T().alice, T().ws1, "lost-b", json::array({Pair(1, "t")}));
    ok_ = RunAndWait(ok_job_);
    alarm1_ = RunAndWait(alarm_job_);
    alarm2_ = RunAndWait(alarm_job_);
  }

  json RunAndWait(int64_t job) {
    auto run = Alice("POST", JobsPath() + "/" + std::to_string(job) + "/run");
    EXPECT_TRUE(IsJson(run)) << run.Describe();
    return WaitEnd(run.Json().value("instance_id", int64_t{0}));
  }

  json List(const std::string& query) const {
    auto r = Alice("GET", Quality() + "/instances" + (query.empty() ? "" : "?" + query));
    EXPECT_TRUE(IsJson(r)) << query << ": " << r.Describe();
    return r.Json();
  }

  static std::vector<int64_t> Ids(const json& page) {
    std::vector<int64_t> ids;
    for (const auto& i : page["resources"]) ids.push_back(i["id"].get<int64_t>());
    return ids;
  }
  static int64_t Id(const json& inst) { return inst["id"].get<int64_t>(); }

  int64_t ok_job_ = 0, alarm_job_ = 0;
  json ok_, alarm1_, alarm2_;
};

TEST_F(InstancesHttp, ListsNewestFirstWithTheOverviewFields) {
  json page = List("");
  EXPECT_EQ(page["count"], 3);
  EXPECT_EQ(Ids(page), (std::vector<int64_t>{Id(alarm2_), Id(alarm1_), Id(ok_)}));
  const json& item = page["resources"][2];
  EXPECT_EQ(item["task_id"], ok_job_);
  EXPECT_EQ(item["task_type"], "CONSISTENCY_TASK");
  EXPECT_EQ(item["run_status"], "SUCCESS");
  EXPECT_EQ(item["notify_status"], "NOT_TRIGGERED");
  EXPECT_TRUE(item["failure_reason"].is_null());
  EXPECT_TRUE(item["start_time"].is_number_integer());
  EXPECT_GE(item["end_time"].get<int64_t>(), item["start_time"].get<int64_t>());
  EXPECT_EQ(page["resources"][0]["run_status"], "ALARMING");
}

TEST_F(InstancesHttp, FiltersByStatusJobNameAndType) {
  EXPECT_EQ(Ids(List("run_status=SUCCESS")), std::vector<int64_t>{Id(ok_)});
  EXPECT_EQ(Ids(List("run_status=ALARMING")), (std::vector<int64_t>{Id(alarm2_), Id(alarm1_)}));
  EXPECT_EQ(List("run_status=FAILED")["count"], 0);
  EXPECT_EQ(Ids(List("task_id=" + std::to_string(ok_job_))), std::vector<int64_t>{Id(ok_)});
  auto quoted =
      Alice("GET", Quality() + "/instances?task_id=%22" + std::to_string(alarm_job_) + "%22");
  EXPECT_TRUE(IsError(quoted, errors::kInvalidQuery, {"task_id"})) << quoted.Describe();
  EXPECT_EQ(List("name=LOST")["count"], 2) << "name is a case-insensitive substring";
  EXPECT_EQ(List("name=nothing-like-it")["count"], 0);
  EXPECT_EQ(List("task_type=CONSISTENCY_TASK")["count"], 3);
  EXPECT_EQ(List("task_type=QUALITY_TASK")["count"], 0);
  EXPECT_EQ(List("notify_status=NOT_TRIGGERED")["count"], 3);
}

TEST_F(InstancesHttp, TimeWindowBoundsTheStartTimeInclusively) {
  const int64_t first = ok_["start_time"].get<int64_t>();
  const int64_t last = alarm2_["start_time"].get<int64_t>();
  EXPECT_EQ(
      List("start_time=" + std::to_string(first) + "&end_time=" + std::to_string(last))["count"],
      3);
  EXPECT_EQ(Ids(List("start_time=" + std::to_string(last))).front(), Id(alarm2_));
  EXPECT_EQ(List("end_time=" + std::to_string(first - 1))["count"], 0);
  EXPECT_EQ(List("start_time=" + std::to_string(last + 1))["count"], 0);
}

TEST_F(InstancesHttp, PagesTileTheList) {
  std::vector<int64_t> all;
  for (int offset = 0; offset < 3; ++offset) {
    json page = List("limit=1&offset=" + std::to_string(offset));
    EXPECT_EQ(page["count"], 3);
    ASSERT_EQ(page["resources"].size(), 1u);
    all.push_back(page["resources"][0]["id"].get<int64_t>());
  }
  EXPECT_EQ(all, Ids(List("")));
  EXPECT_TRUE(List("offset=3")["resources"].empty());
}

TEST_F(InstancesHttp, OtherWorkspacesSeeNone) {
  auto r = server_.Call("GET", Quality() + "/instances", T().bob, T().ws2);
  ASSERT_TRUE(IsJson(r)) << r.Describe();
  EXPECT_EQ(r.Json()["count"], 0);
  auto res = server_.Call("GET", Quality() + "/instances/" + std::to_string(Id(ok_)) + "/result",
                          T().bob, T().ws2);
  EXPECT_TRUE(IsError(res, errors::kNotFound)) << res.Describe();
}

TEST_F(InstancesHttp, ViewerMayRead) {
  auto r = server_.Call("GET", Quality() + "/instances", T().vera, T().ws1);
  ASSERT_TRUE(IsJson(r)) << r.Describe();
  EXPECT_EQ(r.Json()["count"], 3);
}

TEST_F(InstancesHttp, ResultHasOnePairWithSourceAndTargetRows) {
  json res = Results(alarm1_);
  EXPECT_EQ(res["count"], 1);
  ASSERT_EQ(res["resources"].size(), 1u);
  const json& pair = res["resources"][0];
  EXPECT_TRUE(pair["sub_rule_id"].is_string());
  EXPECT_TRUE(pair["sub_instance_instance_id"].is_string());
  ASSERT_EQ(pair["results"].size(), 2u);
  EXPECT_EQ(pair["results"][0]["Side"], "source");
  EXPECT_EQ(pair["results"][0]["Total Rows"], "3");
  EXPECT_EQ(pair["results"][1]["Side"], "target");
  EXPECT_EQ(pair["results"][1]["Total Rows"], "2");
  EXPECT_EQ(pair["results"][0]["Alarm"], "true");
  EXPECT_EQ(pair["results"][0]["Expression"], "${1_1}!=${2_1}");
}

class ApiTestInstances : public ApiTest {};

class InstancesBadQueryHttp : public ApiTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(InstancesBadQueryHttp, IsRefusedWithDqcCode) {
  auto r = Alice("GET", Quality() + "/instances?" + GetParam());
  EXPECT_TRUE(IsError(r, errors::kInvalidQuery)) << GetParam() << ": " << r.Describe();
}

INSTANTIATE_TEST_SUITE_P(Queries, InstancesBadQueryHttp,
                         ::testing::Values("limit=0", "limit=101", "limit=-1", "limit=abc",
                                           "offset=-1", "offset=x", "run_status=DONE",
                                           "task_type=JOB", "notify_status=maybe",
                                           "start_time=yesterday", "end_time=-5", "task_id=abc",
                                           "task_id=0", "task_id=1.5"));

TEST_F(ApiTestInstances, ResultOfAnUnknownInstanceIs404) {
  auto r = Alice("GET", Quality() + "/instances/1000000000000000001/result");
  EXPECT_TRUE(IsError(r, errors::kNotFound)) << r.Describe();
}

TEST_F(ApiTestInstances, ResultOfAMalformedInstanceIdIs400) {
  for (const char* id : {"abc", "0", "-1", "1.5", "1e18", "99999999999999999999"}) {
    auto r = Alice("GET", Quality() + "/instances/" + id + "/result");
    EXPECT_TRUE(IsError(r, errors::kInvalidId)) << id << ": " << r.Describe();
  }
}

TEST_F(ApiTestInstances, ResultPagingIsChecked) {
  for (const char* q : {"limit=0", "limit=101", "offset=-1"}) {
    auto r = Alice("GET", Quality() + "/instances/1000000000000000001/result?" + q);
    EXPECT_TRUE(IsError(r, errors::kInvalidQuery)) << q << ": " << r.Describe();
  }
}

}  // namespace
}  // namespace dqctest
