// POST /v2/{project_id}/quality/consistency-tasks (DESIGN §4, §3.6-§3.9) and
// GET .../consistency-tasks/{id} (spec §2.2, §3.1-§3.2): the job as answered, and every refusal.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "support/api_test.h"

namespace dqctest {
namespace {

namespace errors = dqc::api::errors;
using nlohmann::json;

class JobsCreateHttp : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    MakeSources();
  }

  json Pairs() const { return json::array({DqcServer::RowsPair(conn1_)}); }

  // POST of `body` (raw) as alice in WS1 is refused with `code`; nothing changes.
  void ExpectRefusedRaw(const std::string& body, const dqc::api::ErrorCode& code,
                        const std::vector<std::string>& all = {},
                        const std::vector<std::string>& any = {}, const Headers& extra = {}) {
    JobSnapshot before = Snapshot();
    HttpResponse r = Alice("POST", JobsPath(), body, extra);
    EXPECT_TRUE(IsError(r, code, all, any)) << "body sent: " << body.substr(0, 400);
    ExpectUnchanged(before);
  }
  void ExpectRefused(const json& body, const dqc::api::ErrorCode& code,
                     const std::vector<std::string>& all = {},
                     const std::vector<std::string>& any = {}) {
    ExpectRefusedRaw(body.dump(), code, all, any);
  }
};

const char* const kJobFields[] = {"id",
                                  "name",
                                  "description",
                                  "category_id",
                                  "level",
                                  "alarm_condition",
                                  "alarm_notify",
                                  "alarm_notify_type",
                                  "alarm_notify_topic",
                                  "schedule_type",
                                  "schedule_period",
                                  "schedule_interval",
                                  "schedule_start_time",
                                  "schedule_end_time",
                                  "create_time",
                                  "last_run_time",
                                  "sub_rules"};
const char* const kRuleFields[] = {"id",
                                   "sub_rule_name",
                                   "type",
                                   "template_id",
                                   "connection",
                                   "connection_type",
                                   "databases",
                                   "sql",
                                   "tables",
                                   "reference_tables",
                                   "columns",
                                   "reference_columns",
                                   "dimension",
                                   "queue",
                                   "regular_expression",
                                   "template_arguments",
                                   "weight",
                                   "calculation_range",
                                   "calculation_range_sql",
                                   "alarm_condition"};

bool IsJobId(const json& v) {
  return v.is_number_integer() &&
         v.get<std::int64_t>() >= 1000000000000000000LL;  // 19 digits, < 2^63
}

// ---- the job as answered -----------------------------------------------------------------------

TEST_F(JobsCreateHttp, CreateAnswersTheJobAndDetailsAnswerTheSame) {
  json pair = json::array({DqcServer::Rule("rows-src", 1, conn1_, "t", "", "${1_1}!=${2_1}"),
                           DqcServer::Rule("rows-dst", 1, conn1_, "t")});
  json nulls = json::array({DqcServer::Rule("nulls-src", 2, conn1_, "t", "v", "${1_1}>${2_1}"),
                            DqcServer::Rule("nulls-dst", 2, conn1_, "t", "v")});
  HttpResponse created = server_.PostJob(T().alice, T().ws1, "full", json::array({pair, nulls}));
  ASSERT_TRUE(IsJson(created)) << created.Describe();
  json job = created.Json();
  ASSERT_TRUE(job.is_object());
  for (const char* f : kJobFields)
    EXPECT_TRUE(job.contains(f)) << "missing job field " << f << ": " << job.dump();
  ASSERT_TRUE(IsJobId(job["id"])) << job.dump();
  EXPECT_EQ(job["name"], "full");
  EXPECT_EQ(job["description"], "made by a test");
  EXPECT_EQ(job["category_id"], 0);
  EXPECT_EQ(job["level"], "MAJOR");
  EXPECT_EQ(job["schedule_type"], "ONCE");
  EXPECT_TRUE(job["last_run_time"].is_null());
  EXPECT_TRUE(job["create_time"].is_number_integer());
  EXPECT_EQ(job["alarm_notify"], false);

  // sub_rules: an array of [source, target] pairs, in the order given.
  ASSERT_TRUE(job["sub_rules"].is_array());
  ASSERT_EQ(job["sub_rules"].size(), 2u);
  std::set<std::int64_t> rule_ids;
  for (std::size_t p = 0; p < 2; ++p) {
    const json& got = job["sub_rules"][p];
    ASSERT_TRUE(got.is_array() && got.size() == 2) << "pair " << p << ": " << got.dump();
    for (std::size_t side = 0; side < 2; ++side) {
      const json& rule = got[side];
      for (const char* f : kRuleFields)
        EXPECT_TRUE(rule.contains(f)) << "missing rule field " << f << ": " << rule.dump();
      EXPECT_TRUE(IsJobId(rule["id"])) << rule.dump();
      if (rule["id"].is_number_integer()) rule_ids.insert(rule["id"].get<std::int64_t>());
      const json& sent = (p == 0 ? pair : nulls)[side];
      EXPECT_EQ(rule["sub_rule_name"], sent["sub_rule_name"]);
      EXPECT_EQ(rule["type"], sent["type"]);
      EXPECT_EQ(rule["template_id"], sent["template_id"]);
      EXPECT_EQ(rule["connection"], conn1_);
      EXPECT_EQ(rule["connection_type"], "SQLITE");
      EXPECT_EQ(rule["databases"], "main");
      EXPECT_EQ(rule["tables"], "t");
    }
    EXPECT_EQ(got[0]["alarm_condition"], p == 0 ? "${1_1}!=${2_1}" : "${1_1}>${2_1}");
    EXPECT_TRUE(got[1]["alarm_condition"].is_null() || got[1]["alarm_condition"] == "" ||
                got[1]["alarm_condition"] == got[0]["alarm_condition"])
        << got[1].dump();
  }
  EXPECT_EQ(job["sub_rules"][1][0]["columns"], "v");
  EXPECT_EQ(rule_ids.size(), 4u) << "sub-rule IDs are distinct";

  HttpResponse details = Alice("GET", JobsPath() + "/" + job["id"].dump());
  ASSERT_TRUE(IsJson(details));
  EXPECT_EQ(details.Json(), job) << "details should answer what create answered";
}

TEST_F(JobsCreateHttp, OptionalFieldsRoundTrip) {
  json extra = {{"description", "ünïcödé ✓"},
                {"level", "FATAL"},
                {"alarm_condition", "${1_1}!=${2_1}"},
                {"alarm_notify", false}};
  json pair =
      json::array({DqcServer::Rule("src", 1, conn1_, "t"), DqcServer::Rule("dst", 1, conn1_, "t")});
  pair[0]["calculation_range_sql"] = "and id > 1";
  pair[1]["calculation_range_sql"] = "id > 1";
  HttpResponse r = server_.PostJob(T().alice, T().ws1, "optional", json::array({pair}), extra);
  ASSERT_TRUE(IsJson(r));
  json job = r.Json();
  EXPECT_EQ(job["description"], "ünïcödé ✓");
  EXPECT_EQ(job["level"], "FATAL");
  EXPECT_EQ(job["alarm_condition"], "${1_1}!=${2_1}");
  EXPECT_EQ(job["sub_rules"][0][0]["calculation_range_sql"], "and id > 1");
  EXPECT_EQ(job["sub_rules"][0][1]["calculation_range_sql"], "id > 1");
}

TEST_F(JobsCreateHttp, DeveloperMayCreateAndIsTheCreator) {
  std::int64_t id = server_.CreateJob(T().dave, T().ws1, "by-dave", Pairs());
  ASSERT_NE(id, 0);
  HttpResponse r = Alice("GET", JobsPath() + "?creator=dave");
  ASSERT_TRUE(IsJson(r));
  ASSERT_EQ(r.Json()["count"], 1) << r.body;
  EXPECT_EQ(r.Json()["resources"][0]["id"], id);
}

TEST_F(JobsCreateHttp, SameNameInAnotherWorkspaceIsFine) {
  ASSERT_NE(server_.CreateJob(T().alice, T().ws1, "shared-name", Pairs()), 0);
  EXPECT_NE(server_.CreateJob(T().bob, T().ws2, "shared-name",
                              json::array({DqcServer::RowsPair(conn2_)})),
            0);
}

TEST_F(JobsCreateHttp, DetailsOfAJobOfAnotherWorkspaceAre404) {
  std::int64_t other =
      server_.CreateJob(T().bob, T().ws2, "other", json::array({DqcServer::RowsPair(conn2_)}));
  ASSERT_NE(other, 0);
  EXPECT_TRUE(IsError(Alice("GET", JobsPath() + "/" + std::to_string(other)), errors::kNotFound,
                      {std::to_string(other)}));
}

// ---- refusals: the body as a whole ------------------------------------------------------------

TEST_F(JobsCreateHttp, RefusesABodyThatIsNotJson) {
  ExpectRefusedRaw("{\"name\": ", errors::kBodyNotJson, {}, {"json"});
}

TEST_F(JobsCreateHttp, RefusesAnArrayBody) {
  ExpectRefused(json::array({DqcServer::JobBody("x", Pairs())}), errors::kBodyShape, {},
                {"object"});
}

TEST_F(JobsCreateHttp, RefusesContentTypeTextPlain) {
  ExpectRefusedRaw(DqcServer::JobBody("x", Pairs()).dump(), errors::kContentType, {},
                   {"content-type"}, {{"Content-Type", "text/plain"}});
}

TEST_F(JobsCreateHttp, ViewerIsRefused) {
  JobSnapshot before = Snapshot();
  EXPECT_TRUE(IsError(server_.PostJob(T().vera, T().ws1, "x", Pairs()), errors::kForbiddenRole));
  ExpectUnchanged(before);
}

// ---- refusals: fields -------------------------------------------------------------------------

TEST_F(JobsCreateHttp, RefusesAMissingName) {
  json body = DqcServer::JobBody("x", Pairs());
  body.erase("name");
  ExpectRefused(body, errors::kInvalidField, {"name"});
}

TEST_F(JobsCreateHttp, RefusesAnEmptyName) {
  ExpectRefused(DqcServer::JobBody("", Pairs()), errors::kInvalidField, {"name"});
}

TEST_F(JobsCreateHttp, RefusesANameThatIsNotAString) {
  json body = DqcServer::JobBody("x", Pairs());
  body["name"] = 42;
  ExpectRefused(body, errors::kInvalidField, {"name"});
}

TEST_F(JobsCreateHttp, RefusesADuplicateName) {
  ASSERT_NE(server_.CreateJob(T().alice, T().ws1, "dup-name", Pairs()), 0);
  ExpectRefused(DqcServer::JobBody("dup-name", Pairs()), errors::kDuplicateName, {"dup-name"});
}

TEST_F(JobsCreateHttp, RefusesMissingOrEmptySubRules) {
  json body = DqcServer::JobBody("x", Pairs());
  body.erase("sub_rules");
  ExpectRefused(body, errors::kInvalidField, {"sub_rules"});
  ExpectRefused(DqcServer::JobBody("x", json::array()), errors::kInvalidField, {"sub_rules"});
}

TEST_F(JobsCreateHttp, RefusesSubRulesThatAreNotPairs) {
  json flat =
      json::array({DqcServer::Rule("a", 1, conn1_, "t"), DqcServer::Rule("b", 1, conn1_, "t")});
  ExpectRefused(DqcServer::JobBody("flat", flat), errors::kInvalidField, {"sub_rules"});
  json single = json::array({json::array({DqcServer::Rule("a", 1, conn1_, "t")})});
  ExpectRefused(DqcServer::JobBody("single", single), errors::kInvalidField, {"sub_rules"});
  json triple = json::array(
      {json::array({DqcServer::Rule("a", 1, conn1_, "t"), DqcServer::Rule("b", 1, conn1_, "t"),
                    DqcServer::Rule("c", 1, conn1_, "t")})});
  ExpectRefused(DqcServer::JobBody("triple", triple), errors::kInvalidField, {"sub_rules"});
}

TEST_F(JobsCreateHttp, RefusesUnknownEnumValues) {
  ExpectRefused(DqcServer::JobBody("x", Pairs(), {{"level", "HUGE"}}), errors::kInvalidField,
                {"level"});
  ExpectRefused(DqcServer::JobBody("x", Pairs(), {{"schedule_type", "SOMETIMES"}}),
                errors::kInvalidField, {"schedule_type"});
}

TEST_F(JobsCreateHttp, RefusesARuleWithoutTables) {
  json pairs = Pairs();
  pairs[0][1].erase("tables");
  ExpectRefused(DqcServer::JobBody("x", pairs), errors::kInvalidField, {"tables"});
}

TEST_F(JobsCreateHttp, RefusesAnUnknownTemplate) {
  json pair = json::array(
      {DqcServer::Rule("a", 999999, conn1_, "t"), DqcServer::Rule("b", 999999, conn1_, "t")});
  ExpectRefused(DqcServer::JobBody("x", json::array({pair})), errors::kUnknownTemplate, {"999999"});
}

TEST_F(JobsCreateHttp, RefusesSourceAndTargetWithDifferentTemplates) {
  json pair = json::array(
      {DqcServer::Rule("a", 1, conn1_, "t"), DqcServer::Rule("b", 3, conn1_, "t", "v")});
  ExpectRefused(DqcServer::JobBody("x", json::array({pair})), errors::kUnknownTemplate, {},
                {"template"});
}

TEST_F(JobsCreateHttp, RefusesAConnectionOfAnotherWorkspace) {
  json pair =
      json::array({DqcServer::Rule("a", 1, conn1_, "t"), DqcServer::Rule("b", 1, conn2_, "t")});
  ExpectRefused(DqcServer::JobBody("x", json::array({pair})), errors::kInvalidConnection, {conn2_});
}

TEST_F(JobsCreateHttp, RefusesAnUnknownConnection) {
  const std::string unknown = "ffffffffffffffffffffffffffffffff";
  json pair =
      json::array({DqcServer::Rule("a", 1, unknown, "t"), DqcServer::Rule("b", 1, conn1_, "t")});
  ExpectRefused(DqcServer::JobBody("x", json::array({pair})), errors::kInvalidConnection,
                {unknown});
}

// ---- alarm expressions (DESIGN §3.7) ---------------------------------------------------------

struct BadAlarm {
  const char* label;
  const char* expr;
  std::vector<std::string> named;  // error_msg names one of these
};

class JobsCreateBadAlarmHttp : public JobsCreateHttp,
                               public ::testing::WithParamInterface<BadAlarm> {};

TEST_P(JobsCreateBadAlarmHttp, IsRefusedOnTheRule) {
  const BadAlarm& p = GetParam();
  json pairs = json::array({DqcServer::RowsPair(conn1_, "t", p.expr)});
  ExpectRefused(DqcServer::JobBody("x", pairs), errors::kInvalidAlarm, {}, p.named);
}

TEST_P(JobsCreateBadAlarmHttp, IsRefusedOnTheJob) {
  const BadAlarm& p = GetParam();
  json pairs = json::array({DqcServer::RowsPair(conn1_, "t", "")});
  ExpectRefused(DqcServer::JobBody("x", pairs, {{"alarm_condition", p.expr}}),
                errors::kInvalidAlarm, {}, p.named);
}

INSTANTIATE_TEST_SUITE_P(
    Alarms, JobsCreateBadAlarmHttp,
    ::testing::Values(BadAlarm{"triple_gt", "${1_1} >>> ${2_1}", {"alarm"}},
                      BadAlarm{"dangling_operator", "${1_1} !=", {"alarm"}},
                      BadAlarm{"unclosed_placeholder", "${1_1 != ${2_1}", {"alarm"}},
                      BadAlarm{"unbalanced_parenthesis", "(${1_1} != ${2_1}", {"alarm"}},
                      BadAlarm{"unknown_function", "sqrt(${1_1}) > 1", {"sqrt", "alarm"}},
                      BadAlarm{"output_beyond_template", "${1_2} != ${2_1}", {"1_2"}},
                      BadAlarm{"output_zero", "${1_0} > 0", {"1_0"}},
                      BadAlarm{"object_three", "${3_1} > 0", {"3_1"}}),
    [](const ::testing::TestParamInfo<BadAlarm>& info) { return std::string(info.param.label); });

TEST_F(JobsCreateHttp, RefusesATargetAlarmThatDiffersFromTheSource) {
  json pair = json::array({DqcServer::Rule("a", 1, conn1_, "t", "", "${1_1}!=${2_1}"),
                           DqcServer::Rule("b", 1, conn1_, "t", "", "${1_1}>${2_1}")});
  ExpectRefused(DqcServer::JobBody("x", json::array({pair})), errors::kInvalidAlarm);
}

// ---- calculation_range_sql (DESIGN §3.9) ------------------------------------------------------

struct BadRange {
  const char* label;
  const char* sql;
};

class JobsCreateBadRangeHttp : public JobsCreateHttp,
                               public ::testing::WithParamInterface<BadRange> {};

TEST_P(JobsCreateBadRangeHttp, IsRefused) {
  json pairs = Pairs();
  pairs[0][0]["calculation_range_sql"] = GetParam().sql;
  ExpectRefused(DqcServer::JobBody("x", pairs), errors::kInvalidRange, {},
                {"calculation_range_sql"});
  // On the target side as well.
  pairs = Pairs();
  pairs[0][1]["calculation_range_sql"] = GetParam().sql;
  ExpectRefused(DqcServer::JobBody("x", pairs), errors::kInvalidRange, {},
                {"calculation_range_sql"});
}

INSTANTIATE_TEST_SUITE_P(Ranges, JobsCreateBadRangeHttp,
                         ::testing::Values(BadRange{"semicolon", "and id > 0; drop table t"},
                                           BadRange{"trailing_semicolon", "and id > 0;"},
                                           BadRange{"line_comment", "and id > 0 -- the rest"},
                                           BadRange{"block_comment", "and id > 0 /* hidden */"},
                                           BadRange{"unbalanced_quote", "and v = 'x"},
                                           BadRange{"unbalanced_open_parenthesis", "and (id > 0"},
                                           BadRange{"unbalanced_close_parenthesis", "and id > 0)"}),
                         [](const ::testing::TestParamInfo<BadRange>& info) {
                           return std::string(info.param.label);
                         });

}  // namespace
}  // namespace dqctest
