// PUT /v2/{project_id}/quality/consistency-tasks/{id} (DESIGN §4): a full replace of the definition
// that keeps the server-set fields, with the same validation as create; and details answer the
// new definition at once (the server caches rendered details, api/read_cache.h).
#include <gtest/gtest.h>

#include <string>

#include "support/api_test.h"

namespace dqctest {
namespace {

namespace errors = dqc::api::errors;
using nlohmann::json;

class JobsUpdateHttp : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    MakeSources();
    id_ = server_.CreateJob(T().alice, T().ws1, "original",
                            json::array({DqcServer::RowsPair(conn1_)}),
                            json{{"description", "first"}, {"level", "SUGGEST"}});
    ASSERT_NE(id_, 0);
    before_ = Details();
  }

  std::string Path(int64_t id = 0) const {
    return JobsPath() + "/" + std::to_string(id ? id : id_);
  }
  json Details() const {
    auto r = Alice("GET", Path());
    EXPECT_TRUE(IsJson(r)) << r.Describe();
    return r.Json();
  }
  HttpResponse Put(const json& body, const std::string& token = "") const {
    return server_.Call("PUT", Path(), token.empty() ? T().alice : token, T().ws1, body.dump());
  }
  json Body(const std::string& name, const json& extra = json::object()) const {
    return DqcServer::JobBody(name, json::array({DqcServer::RowsPair(conn1_)}), extra);
  }
  void ExpectUnchangedDetails() const { EXPECT_EQ(Details(), before_); }

  int64_t id_ = 0;
  json before_;
};

TEST_F(JobsUpdateHttp, ReplacesTheDefinitionAndKeepsServerFields) {
  auto r = Put(Body("renamed", {{"description", "second"}}));
  ASSERT_TRUE(IsJson(r)) << r.Describe();
  json after = r.Json();
  EXPECT_EQ(after["id"], id_);
  EXPECT_EQ(after["name"], "renamed");
  EXPECT_EQ(after["description"], "second");
  EXPECT_EQ(after["create_time"], before_["create_time"]);
  EXPECT_EQ(after["creator"], before_["creator"]);
  // Full replace: the level the body leaves out is the default again, not the old SUGGEST.
  EXPECT_NE(after["level"], "SUGGEST");
  EXPECT_EQ(Details(), after) << "details answer what the update answered";
}

TEST_F(JobsUpdateHttp, DetailsReadJustBeforeTheUpdateAreNotServedAfterIt) {
  ASSERT_EQ(Details()["name"], "original");  // twice: the second read may come from the cache
  ASSERT_EQ(Details()["name"], "original");
  ASSERT_TRUE(IsJson(Put(Body("changed"))));
  EXPECT_EQ(Details()["name"], "changed");
}

TEST_F(JobsUpdateHttp, NewRulePairsReplaceTheOldOnes) {
  json pairs = json::array({DqcServer::RowsPair(conn1_), DqcServer::RowsPair(conn1_, "t", "")});
  auto r = Put(DqcServer::JobBody("two-pairs", pairs));
  ASSERT_TRUE(IsJson(r)) << r.Describe();
  EXPECT_EQ(Details()["sub_rules"].size(), 2u);
}

TEST_F(JobsUpdateHttp, UnknownJobIs404) {
  auto r = server_.Call("PUT", JobsPath() + "/1000000000000000001", T().alice, T().ws1,
                        Body("x").dump());
  EXPECT_TRUE(IsError(r, errors::kNotFound)) << r.Describe();
}

TEST_F(JobsUpdateHttp, JobOfAnotherWorkspaceIs404AndUnchanged) {
  auto r = server_.Call("PUT", Path(), T().bob, T().ws2, Body("stolen").dump());
  EXPECT_TRUE(IsError(r, errors::kNotFound)) << r.Describe();
  ExpectUnchangedDetails();
}

TEST_F(JobsUpdateHttp, MalformedIdIs400) {
  for (const char* id : {"abc", "0", "-5", "1.5"}) {
    auto r = server_.Call("PUT", JobsPath() + "/" + id, T().alice, T().ws1, Body("x").dump());
    EXPECT_TRUE(IsError(r, errors::kInvalidId)) << id << ": " << r.Describe();
  }
}

TEST_F(JobsUpdateHttp, ViewerIsRefusedAndNothingChanges) {
  EXPECT_TRUE(IsError(Put(Body("by-vera"), T().vera), errors::kForbiddenRole));
  ExpectUnchangedDetails();
}

TEST_F(JobsUpdateHttp, ANameTakenByAnotherJobIsRefused) {
  ASSERT_NE(
      server_.CreateJob(T().alice, T().ws1, "other", json::array({DqcServer::RowsPair(conn1_)})),
      0);
  EXPECT_TRUE(IsError(Put(Body("other")), errors::kDuplicateName, {"other"}));
  ExpectUnchangedDetails();
}

TEST_F(JobsUpdateHttp, KeepingItsOwnNameIsFine) {
  EXPECT_TRUE(IsJson(Put(Body("original", {{"description", "same name"}}))));
}

TEST_F(JobsUpdateHttp, BadBodiesAreRefusedAndNothingChanges) {
  auto not_json = server_.Call("PUT", Path(), T().alice, T().ws1, "{not json");
  EXPECT_TRUE(IsError(not_json, errors::kBodyNotJson)) << not_json.Describe();
  auto array = server_.Call("PUT", Path(), T().alice, T().ws1, "[]");
  EXPECT_TRUE(IsError(array, errors::kBodyShape)) << array.Describe();
  auto text = server_.Call("PUT", Path(), T().alice, T().ws1, Body("x").dump(),
                           {{"Content-Type", "text/plain"}});
  EXPECT_TRUE(IsError(text, errors::kContentType)) << text.Describe();
  json no_name = Body("x");
  no_name.erase("name");
  EXPECT_TRUE(IsError(Put(no_name), errors::kInvalidField, {"name"}));
  json bad_template = Body("x");
  bad_template["sub_rules"][0][0]["template_id"] = 999;
  bad_template["sub_rules"][0][1]["template_id"] = 999;
  EXPECT_TRUE(IsError(Put(bad_template), errors::kUnknownTemplate));
  json bad_alarm = Body("x", {{"alarm_condition", "${1_1} >"}});
  EXPECT_TRUE(IsError(Put(bad_alarm), errors::kInvalidAlarm));
  ExpectUnchangedDetails();
}

}  // namespace
}  // namespace dqctest
