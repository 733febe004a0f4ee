// System templates 10-20 and user templates, run through the real server on SQLite sources: each
// gives the value its definition says (engine/check_templates.cpp, engine/user_template_plan.h).
#include <gtest/gtest.h>

#include "support/run_job_test.h"

namespace dqctest {
namespace {

using nlohmann::json;
namespace errors = dqc::api::errors;

constexpr const char* kData =
    "CREATE TABLE t (id INTEGER, s TEXT, n INTEGER, a INTEGER, b INTEGER, e TEXT, ip TEXT, "
    "g TEXT, h INTEGER);"
    "INSERT INTO t VALUES (1, 'abc', 5, 1, 2, 'x@y.com', '10.0.0.1', 'x', 1),"
    " (2, 'ABC', 50, 3, 3, 'bad@', '256.1.1.1', 'x', 1),"
    " (3, 'abc', NULL, 5, 4, '', '1.2.3.4', 'y', 2),"
    " (4, NULL, -1, NULL, 1, NULL, NULL, 'x', 1);";

class CheckTemplatesHttp : public RunJobTest {
 protected:
  void SetUp() override {
    RunJobTest::SetUp();
    if (HasFatalFailure()) return;
    MakeDatabases(kData, kData);
  }

  // A pair on table t; the rule type follows from the template (left out).
  json P(const json& template_id, const std::string& columns, const std::string& args = "",
         const std::string& regex = "") {
    json pair = json::array();
    for (const std::string* conn : {&src_, &dst_}) {
      json r = DqcServer::Rule("check", template_id, *conn, "t", columns);
      r.erase("type");
      if (columns.empty()) r.erase("columns");
      if (!args.empty()) r["template_arguments"] = args;
      if (!regex.empty()) r["regular_expression"] = regex;
      pair.push_back(r);
    }
    return pair;
  }

  // Runs the pairs; the source row of each pair's result.
  std::vector<json> SourceRows(const json& pairs, const char* status = "SUCCESS") {
    json inst = RunToEnd(pairs);
    EXPECT_EQ(inst["run_status"], status) << inst.dump();
    json res = Results(inst);
    std::vector<json> rows;
    for (const auto& r : res["resources"]) rows.push_back(r["results"][0]);
    return rows;
  }

  int64_t CreateTemplate(const json& body) {
    auto r = Alice("POST", Quality() + "/rule-templates", body.dump());
    EXPECT_TRUE(IsJson(r)) << r.Describe();
    return r.Json().value("id", int64_t{0});
  }
};

TEST_F(CheckTemplatesHttp, EachSystemTemplateGivesItsValue) {
  json pairs = json::array({
      P(10, "s"),
      P(11, "s", "", "^[a-z]+$"),
      P(12, "s", R"({"values": ["abc"]})"),
      P(12, "n", R"({"values": [5, "50.0"]})"),
      P(13, "e", R"({"min_length": 1, "max_length": 5})"),
      P(14, "n", R"({"min": 0, "max": 10})"),
      P(15, "a,b", R"({"operator": "<="})"),
      P(15, "a,b"),
      P(16, "n"),
      P(17, "e"),
      P(18, "e"),
      P(19, "ip"),
      P(20, "g,h"),
      P(11, "s", R"({"pattern": "B"})"),
  });
  auto rows = SourceRows(pairs);
  ASSERT_EQ(rows.size(), 14u);
  EXPECT_EQ(rows[0]["Unique Values"], "1");  // abc twice, ABC once: bytes, not case-folded
  auto validity = [&](size_t i, const char* invalid, const char* valid, const char* nulls) {
    EXPECT_EQ(rows[i]["Invalid Values"], invalid) << i << " " << rows[i].dump();
    EXPECT_EQ(rows[i]["Valid Values"], valid) << i;
    EXPECT_EQ(rows[i]["Null Values"], nulls) << i;
  };
  validity(1, "1", "2", "1");                    // ABC does not match ^[a-z]+$
  validity(2, "1", "2", "1");                    // ABC is not in ["abc"]
  validity(3, "1", "2", "1");                    // -1 is not 5 or 50 (numbers: "50.0" is 50)
  validity(4, "2", "1", "1");                    // 'x@y.com' (7) and '' (0) are outside 1..5
  validity(5, "2", "1", "1");                    // 50 and -1 are outside 0..10
  EXPECT_EQ(rows[6]["Inconsistent Rows"], "1");  // 5 > 4; the NULL row is skipped
  EXPECT_EQ(rows[6]["Total Rows"], "4");
  EXPECT_EQ(rows[7]["Inconsistent Rows"], "3");  // =: (1,2), (5,4), (NULL,1)
  EXPECT_EQ(rows[8]["Null Rate"], "0.25");
  EXPECT_EQ(rows[8]["Null Values"], "1");
  EXPECT_EQ(rows[8]["Total Rows"], "4");
  EXPECT_EQ(rows[9]["Empty Values"], "1");
  EXPECT_EQ(rows[9]["Null Values"], "1");
  validity(10, "2", "1", "1");                 // 'bad@' and '' are no mailboxes
  validity(11, "1", "2", "1");                 // 256.1.1.1 is no IPv4 address
  EXPECT_EQ(rows[12]["Duplicate Rows"], "3");  // (x, 1) three times
  validity(13, "2", "1", "1");                 // unanchored, case-sensitive: only ABC has a B
  EXPECT_NE(rows[1]["SQL"].get<std::string>().find("REGEXP '^[a-z]+$'"), std::string::npos)
      << rows[1]["SQL"];
}

TEST_F(CheckTemplatesHttp, ValidityOutputsServeAlarmExpressions) {
  // ${1_1}+${1_3}: NULLs counted as invalid (the spec's variant that does not ignore NULL).
  json pair = P(14, "n", R"({"min": -10, "max": 100})");
  pair[0]["alarm_condition"] = "${1_1} + ${1_3} > 0";
  json inst = RunToEnd(json::array({pair}));
  EXPECT_EQ(inst["run_status"], "ALARMING");
  pair[0]["alarm_condition"] = "${1_1} > 0 || ${2_2} != 3";
  inst = RunToEnd(json::array({pair}));
  EXPECT_EQ(inst["run_status"], "SUCCESS");
}

TEST_F(CheckTemplatesHttp, ABadPatternFailsThePairWithPcreMessage) {
  json inst = RunToEnd(json::array({P(11, "s", "", "([a-z")}));
  EXPECT_EQ(inst["run_status"], "FAILED");
  EXPECT_NE(inst["failure_reason"].get<std::string>().find("invalid regular expression"),
            std::string::npos)
      << inst.dump();
}

TEST_F(CheckTemplatesHttp, ArgumentsAndColumnsAreCheckedAtCreate) {
  auto r = server_.PostJob(T().alice, T().ws1, "x", json::array({P(11, "s")}));
  EXPECT_TRUE(IsError(r, errors::kTemplateArguments, {"sub_rules[0][0]", "pattern"}));
  r = server_.PostJob(T().alice, T().ws1, "x", json::array({P(14, "n", R"({"min": "low"})")}));
  EXPECT_TRUE(IsError(r, errors::kTemplateArguments, {"'min' must be a number"}));
  r = server_.PostJob(T().alice, T().ws1, "x", json::array({P(15, "a")}));
  EXPECT_TRUE(IsError(r, errors::kInvalidField, {"exactly 2 columns"}));
  r = server_.PostJob(T().alice, T().ws1, "x", json::array({P(15, "")}));
  EXPECT_TRUE(IsError(r, errors::kInvalidField, {"columns"}));
  r = server_.PostJob(T().alice, T().ws1, "x", json::array({P(9, "")}));
  EXPECT_TRUE(IsError(r, errors::kUnknownTemplate, {"no template 9"}));
  // A placeholder beyond the template's outputs: template 10 has one, 11 has three.
  json pair = P(10, "s");
  pair[0]["alarm_condition"] = "${1_2} > 0";
  r = server_.PostJob(T().alice, T().ws1, "x", json::array({pair}));
  EXPECT_TRUE(IsError(r, errors::kInvalidAlarm, {"has 1"}));
  // Range on a text column: the column's kind is known only at run time on SQLite (any value
  // may be a number there), so this runs.
  json ok = RunToEnd(json::array({P(14, "s", R"({"max": 1})")}));
  EXPECT_EQ(ok["run_status"], "SUCCESS") << ok.dump();
}

TEST_F(CheckTemplatesHttp, UserTemplatesRunWithTheirPlaceholdersReplaced) {
  int64_t cross = CreateTemplate(
      {{"name", "a above b"},
       {"dimension_id", 6},
       {"sql_info", "SELECT count(*) FROM ${Schema_Table1} WHERE ${Column1} > ${Column2}"},
       {"result_description", "Rows above: ${1}"}});
  int64_t two =
      CreateTemplate({{"name", "rows and top"},
                      {"sql_info", "select count(*), max(${Column1}) from ${Schema_Table1}"},
                      {"result_description", "Rows: ${1}, Top: ${2}"}});
  int64_t input = CreateTemplate(
      {{"name", "equal to input"},
       {"sql_info", "SELECT count(*) FROM ${Schema_Table1} WHERE ${Column1} = ${Input_String1}"}});
  ASSERT_GT(cross, 1000000);
  json filtered = P(cross, "a,b");
  for (auto& r : filtered) r["calculation_range_sql"] = "and id > 3";
  json args = P(input, "s", R"({"input_strings": ["abc"]})");
  auto rows = SourceRows(json::array({P(cross, "a,b"), P(two, "n"), filtered, args}));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0]["Rows above"], "1");  // only (5, 4)
  EXPECT_NE(rows[0]["SQL"].get<std::string>().find("FROM \"main\".\"t\" WHERE \"a\" > \"b\""),
            std::string::npos)
      << rows[0]["SQL"];
  EXPECT_EQ(rows[1]["Rows"], "4");
  EXPECT_EQ(rows[1]["Top"], "50");
  EXPECT_EQ(rows[2]["Rows above"], "0");  // the filter keeps row 4 only
  EXPECT_NE(rows[2]["SQL"].get<std::string>().find(
                "(SELECT * FROM \"main\".\"t\" WHERE (id > 3)) AS \"t\""),
            std::string::npos)
      << rows[2]["SQL"];
  EXPECT_EQ(rows[3]["Value 1"], "2");  // no result description: labelled as custom SQL

  // The job's rules name the template; its type decides the rule type.
  json detail = Alice("GET", Quality() + "/rule-templates/" + std::to_string(cross)).Json();
  EXPECT_EQ(detail["type"], "Cross-field");
}

TEST_F(CheckTemplatesHttp, UserTemplateRulesAreCheckedAtCreate) {
  int64_t cross = CreateTemplate(
      {{"name", "a above b"},
       {"sql_info", "SELECT count(*) FROM ${Schema_Table1} WHERE ${Column1} > ${Column2}"},
       {"result_description", "Rows above"}});
  auto r = server_.PostJob(T().alice, T().ws1, "x", json::array({P(cross, "a")}));
  EXPECT_TRUE(IsError(r, errors::kInvalidField, {"${Column2}", "columns"}));
  json pair = P(cross, "a,b");
  pair[0]["alarm_condition"] = "${1_2} > 0";
  r = server_.PostJob(T().alice, T().ws1, "x", json::array({pair}));
  EXPECT_TRUE(IsError(r, errors::kInvalidAlarm, {"has 1"}));
  pair = P(cross, "a,b");
  pair[0]["type"] = "SingleColumn";
  r = server_.PostJob(T().alice, T().ws1, "x", json::array({pair}));
  EXPECT_TRUE(IsError(r, errors::kInvalidField, {"CrossColumn"}));
  // A template of another workspace is no template here.
  auto other =
      server_.Call("POST", Quality() + "/rule-templates", T().bob, T().ws2,
                   json{{"name", "theirs"}, {"sql_info", "SELECT 1 FROM ${Schema_Table1}"}}.dump());
  ASSERT_TRUE(IsJson(other)) << other.Describe();
  r = server_.PostJob(T().alice, T().ws1, "x",
                      json::array({P(other.Json()["id"].get<int64_t>(), "")}));
  EXPECT_TRUE(IsError(r, errors::kUnknownTemplate));
  // A template whose SELECT gives more columns than its result description labels fails the pair.
  int64_t wide = CreateTemplate({{"name", "wide"},
                                 {"sql_info", "SELECT 1, 2 FROM ${Schema_Table1}"},
                                 {"result_description", "One"}});
  json inst = RunToEnd(json::array({P(wide, "")}));
  EXPECT_EQ(inst["run_status"], "FAILED");
  EXPECT_NE(inst["failure_reason"].get<std::string>().find("labels 1"), std::string::npos)
      << inst.dump();
}

}  // namespace
}  // namespace dqctest
