// /v2/{project_id}/quality/rule-templates (spec §4.2): list with filters and paging, details,
// create, update and batch delete; system templates read-only, user templates per workspace.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/api_test.h"

namespace dqctest {
namespace {

namespace errors = dqc::api::errors;
using nlohmann::json;

constexpr int kSystemCount = 19;  // 1-8 and 10-20

class RuleTemplatesHttp : public ApiTest {
 protected:
  static std::string Path(const std::string& suffix = "") {
    return Quality() + "/rule-templates" + suffix;
  }

  static json Body(const std::string& name,
                   const std::string& sql = "select count(*) from ${Schema_Table1}") {
    return json{{"id", "0"},         {"name", name},      {"directory_id", "0"},
                {"dimension_id", 1}, {"sql_info", sql},   {"result_description", "Rows: ${1}"},
                {"publish", true},   {"description", "d"}};
  }

  int64_t Create(const std::string& name, const std::string& token = "") {
    auto r =
        server_.Call("POST", Path(), token.empty() ? T().alice : token, T().ws1, Body(name).dump());
    EXPECT_TRUE(IsJson(r)) << r.Describe();
    return r.Json().value("id", int64_t{0});
  }

  json List(const std::string& query) {
    auto r = Alice("GET", Path(query.empty() ? "" : "?" + query));
    EXPECT_TRUE(IsJson(r)) << query << ": " << r.Describe();
    return r.Json();
  }

  static std::vector<int64_t> Ids(const json& page) {
    std::vector<int64_t> ids;
    for (const auto& t : page["resources"]) ids.push_back(t["id"].get<int64_t>());
    return ids;
  }
};

TEST_F(RuleTemplatesHttp, ListShowsSystemTemplatesNewestFirst) {
  json page = List("");
  EXPECT_EQ(page["count"], kSystemCount);
  ASSERT_EQ(page["resources"].size(), 10u);  // default limit
  EXPECT_EQ(page["resources"][0]["id"], 20);
  const json all = List("limit=100");
  ASSERT_EQ(all["resources"].size(), static_cast<size_t>(kSystemCount));
  const json& rows = all["resources"][kSystemCount - 1];
  EXPECT_EQ(rows["id"], 1);
  EXPECT_EQ(rows["name"], "Table rows");
  EXPECT_EQ(rows["type"], "Table");
  EXPECT_EQ(rows["dimension"], "Accuracy");
  EXPECT_EQ(rows["system_template"], true);
  EXPECT_EQ(rows["creator"], "System");
  EXPECT_EQ(rows["create_time"], 1571328000000);
  EXPECT_EQ(rows["category_id"], 0);
  EXPECT_EQ(rows["sql_info"], "SELECT count(*) FROM ${Schema_Table1}");
  EXPECT_EQ(rows["result_description"], "Total Rows: ${1}");
  for (const auto& t : all["resources"]) EXPECT_NE(t["id"], 9);  // row diff: not yet
  // Every workspace sees them, viewers too.
  auto viewer = server_.Call("GET", Path("?limit=1"), T().vera, T().ws1);
  EXPECT_TRUE(IsJson(viewer));
  EXPECT_EQ(
      server_.Call("GET", Quality(kP2) + "/rule-templates", T().carol, T().ws3).Json()["count"],
      kSystemCount);
}

TEST_F(RuleTemplatesHttp, CreateAnswersTheTemplateWithDerivedType) {
  auto r = Alice("POST", Path(), Body("my rows").dump());
  ASSERT_TRUE(IsJson(r)) << r.Describe();
  json t = r.Json();
  EXPECT_EQ(t["id"], 1000001);  // user templates start past the system range
  EXPECT_EQ(t["name"], "my rows");
  EXPECT_EQ(t["type"], "Table");
  EXPECT_EQ(t["dimension"], "Completeness");
  EXPECT_EQ(t["system_template"], false);
  EXPECT_EQ(t["category_id"], 0);
  EXPECT_EQ(t["creator"], "alice");
  EXPECT_EQ(t["result_description"], "Rows: ${1}");
  EXPECT_TRUE(t["create_time"].is_number_integer());
  auto field =
      Alice("POST", Path(),
            Body("f", "SELECT count(*) FROM ${Schema_Table1} WHERE ${Column1} IS NULL").dump());
  EXPECT_EQ(field.Json()["type"], "Field");
  auto cross = Alice("POST", Path(),
                     Body("c",
                          "SELECT count(*) FROM ${Schema_Table1} WHERE ${Column1} "
                          "< ${Column2}")
                         .dump());
  EXPECT_EQ(cross.Json()["type"], "Cross-field");
  EXPECT_EQ(Alice("GET", Path("/1000001")).Json(), t);
}

TEST_F(RuleTemplatesHttp, ListMixesUserAndSystemTemplatesAcrossPages) {
  int64_t a = Create("alpha rows");
  int64_t b = Create("beta");
  json first = List("limit=3");
  EXPECT_EQ(first["count"], kSystemCount + 2);
  EXPECT_EQ(Ids(first), (std::vector<int64_t>{b, a, 20}));
  json later = List("limit=3&offset=20");
  EXPECT_EQ(Ids(later), (std::vector<int64_t>{1}));
  EXPECT_EQ(Ids(List("limit=2&offset=1")), (std::vector<int64_t>{a, 20}));
  EXPECT_EQ(Ids(List("system_template=false")), (std::vector<int64_t>{b, a}));
  EXPECT_EQ(List("system_template=true")["count"], kSystemCount);
  EXPECT_EQ(Ids(List("creator=alice")), (std::vector<int64_t>{b, a}));
  EXPECT_EQ(List("creator=System")["count"], kSystemCount);
  EXPECT_EQ(List("creator=nobody")["count"], 0);
  // name: case-insensitive substring over both kinds.
  EXPECT_EQ(Ids(List("name=ROWS")), (std::vector<int64_t>{a, 1}));
  // category_id: the directory and its subdirectories; system templates live in the root.
  auto dir = Alice("POST", CategoriesPath(), R"({"name": "d"})").Json()["id"].get<int64_t>();
  auto sub = Alice("POST", CategoriesPath(), json{{"name", "s"}, {"parent_id", dir}}.dump())
                 .Json()["id"]
                 .get<int64_t>();
  json in_sub = Body("in sub");
  in_sub["directory_id"] = sub;
  auto c = Alice("POST", Path(), in_sub.dump());
  ASSERT_TRUE(IsJson(c)) << c.Describe();
  EXPECT_EQ(c.Json()["category_id"], sub);
  EXPECT_EQ(Ids(List("category_id=" + std::to_string(dir))),
            (std::vector<int64_t>{c.Json()["id"].get<int64_t>()}));
  EXPECT_EQ(List("category_id=0")["count"], kSystemCount + 3);
  // A directory holding a template is not empty.
  EXPECT_TRUE(IsError(Alice("DELETE", CategoriesPath() + "/" + std::to_string(sub)), errors::kInUse,
                      {"1 rule templates"}));
  json bad_dir = Body("bad dir");
  bad_dir["directory_id"] = 12345;
  EXPECT_TRUE(IsError(Alice("POST", Path(), bad_dir.dump()), errors::kInvalidField,
                      {"no directory 12345"}));
  // Other workspaces do not see them.
  EXPECT_EQ(server_.Call("GET", Path("?system_template=false"), T().bob, T().ws2).Json()["count"],
            0);
}

TEST_F(RuleTemplatesHttp, BadQueryParametersAre400) {
  for (const char* q : {"limit=0", "limit=101", "limit=abc", "offset=-1", "offset=x",
                        "category_id=-2", "system_template=yes"}) {
    std::string name = std::string(q).substr(0, std::string(q).find('='));
    EXPECT_TRUE(IsError(Alice("GET", Path("?") + q), errors::kInvalidQuery, {name})) << q;
  }
}

TEST_F(RuleTemplatesHttp, DetailsOfSystemUserUnknownAndMalformedIds) {
  auto sys = Alice("GET", Path("/11"));
  ASSERT_TRUE(IsJson(sys));
  EXPECT_EQ(sys.Json()["name"], "Regular expression verification");
  EXPECT_EQ(sys.Json()["result_description"],
            "Invalid Values: ${1}, Valid Values: ${2}, Null Values: ${3}");
  EXPECT_TRUE(IsError(Alice("GET", Path("/9")), errors::kNotFound, {"9"}));
  EXPECT_TRUE(IsError(Alice("GET", Path("/1000077")), errors::kNotFound, {"1000077"}));
  EXPECT_TRUE(IsError(Alice("GET", Path("/abc")), errors::kInvalidId, {"abc"}));
  EXPECT_TRUE(IsError(Alice("GET", Path("/0")), errors::kInvalidId));
  int64_t theirs = 0;
  {
    auto r = server_.Call("POST", Path(), T().bob, T().ws2, Body("theirs").dump());
    ASSERT_TRUE(IsJson(r));
    theirs = r.Json()["id"].get<int64_t>();
  }
  EXPECT_TRUE(IsError(Alice("GET", Path("/" + std::to_string(theirs))), errors::kNotFound));
}

TEST_F(RuleTemplatesHttp, BadBodiesAreRefusedWithTheirCode) {
  struct Case {
    json body;
    dqc::api::ErrorCode code;
    const char* says;
  };
  json no_name = Body("x");
  no_name.erase("name");
  json no_sql = Body("x");
  no_sql.erase("sql_info");
  json bad_dim = Body("x");
  bad_dim["dimension_id"] = 7;
  json bad_labels = Body("x");
  bad_labels["result_description"] = "a, a";
  json bad_desc = Body("x");
  bad_desc["description"] = std::string(1025, 'd');
  const Case cases[] = {
      {json::array(), errors::kBodyShape, "object"},
      {no_name, errors::kInvalidField, "'name'"},
      {Body("Table rows"), errors::kDuplicateName, "system template 1"},
      {no_sql, errors::kTemplateSql, "'sql_info' is required"},
      {Body("x", "SELECT count(*) FROM ${Schema_Table1} WHERE ${Colum1} > 0"), errors::kTemplateSql,
       "${Colum1}"},
      {Body("x", "SELECT ${Column1} FROM ${Schema_Table1} WHERE ${Column21} = 1"),
       errors::kTemplateSql, "${Column21}"},
      {Body("x", "SELECT 1"), errors::kTemplateSql, "${Schema_Table1}"},
      {Body("x", "DELETE FROM ${Schema_Table1}"), errors::kTemplateSql, "SELECT"},
      {Body("x", "SELECT 1 FROM ${Schema_Table1}; DROP TABLE x"), errors::kTemplateSql,
       "single statement"},
      {Body("x", "SELECT 1 FROM ${Schema_Table1} -- hidden"), errors::kTemplateSql, "comments"},
      {bad_dim, errors::kInvalidField, "dimension_id"},
      {bad_labels, errors::kInvalidField, "repeats"},
      {bad_desc, errors::kInvalidField, "description"},
  };
  for (const Case& c : cases) {
    auto r = Alice("POST", Path(), c.body.dump());
    EXPECT_TRUE(IsError(r, c.code, {c.says})) << c.body.dump();
  }
  EXPECT_TRUE(IsError(Alice("POST", Path(), "{bad"), errors::kBodyNotJson));
  Create("taken");
  EXPECT_TRUE(
      IsError(Alice("POST", Path(), Body("taken").dump()), errors::kDuplicateName, {"taken"}));
  EXPECT_EQ(List("system_template=false")["count"], 1);  // nothing else was stored
}

TEST_F(RuleTemplatesHttp, UpdateReplacesUserTemplatesOnly) {
  int64_t id = Create("v1");
  const std::string path = Path("/" + std::to_string(id));
  json body = Body("v2", "SELECT max(${Column1}) FROM ${Schema_Table1}");
  body["id"] = std::to_string(id);
  body.erase("description");
  body.erase("result_description");
  auto r = Alice("PUT", path, body.dump());
  ASSERT_TRUE(IsJson(r)) << r.Describe();
  EXPECT_EQ(r.Json()["name"], "v2");
  EXPECT_EQ(r.Json()["type"], "Field");
  EXPECT_EQ(r.Json()["description"], "");  // a full replace
  EXPECT_EQ(r.Json()["result_description"], "");
  EXPECT_EQ(Alice("GET", path).Json(), r.Json());

  EXPECT_TRUE(
      IsError(Alice("PUT", Path("/1"), body.dump()), errors::kSystemTemplate, {"system template"}));
  EXPECT_TRUE(IsError(Alice("PUT", Path("/15"), body.dump()), errors::kSystemTemplate));
  EXPECT_TRUE(IsError(Alice("PUT", Path("/1000099"), body.dump()), errors::kNotFound));
  body["id"] = 5;
  EXPECT_TRUE(IsError(Alice("PUT", path, body.dump()), errors::kInvalidField, {"'id'"}));
  body["id"] = id;
  body["sql_info"] = "SELECT ${Input_String9} FROM ${Schema_Table1}";
  EXPECT_TRUE(IsError(Alice("PUT", path, body.dump()), errors::kTemplateSql, {"Input_String9"}));
  Create("other");
  body["sql_info"] = "SELECT 1 FROM ${Schema_Table1}";
  body["name"] = "other";
  EXPECT_TRUE(IsError(Alice("PUT", path, body.dump()), errors::kDuplicateName, {"other"}));
  EXPECT_EQ(Alice("GET", path).Json()["name"], "v2");  // unchanged by the refused calls
}

TEST_F(RuleTemplatesHttp, ViewersMayOnlyRead) {
  int64_t id = Create("mine");
  auto as_vera = [&](const std::string& method, const std::string& path, const json& body) {
    return server_.Call(method, path, T().vera, T().ws1, body.dump());
  };
  EXPECT_TRUE(IsJson(server_.Call("GET", Path("/" + std::to_string(id)), T().vera, T().ws1)));
  EXPECT_TRUE(IsError(as_vera("POST", Path(), Body("v")), errors::kForbiddenRole));
  EXPECT_TRUE(
      IsError(as_vera("PUT", Path("/" + std::to_string(id)), Body("v")), errors::kForbiddenRole));
  EXPECT_TRUE(
      IsError(as_vera("POST", Path("/batch-delete"), json{{"ids", {id}}}), errors::kForbiddenRole));
  // A developer may write.
  EXPECT_NE(Create("dave's", T().dave), 0);
}

TEST_F(RuleTemplatesHttp, BatchDeleteIsAllOrNothing) {
  int64_t a = Create("a");
  int64_t b = Create("b");
  const std::string del = Path("/batch-delete");
  auto expect_both = [&] {
    EXPECT_EQ(Ids(List("system_template=false")), (std::vector<int64_t>{b, a}));
  };
  EXPECT_TRUE(IsError(Alice("POST", del, json::array({a}).dump()), errors::kBodyShape, {"ids"}));
  EXPECT_TRUE(IsError(Alice("POST", del, "{}"), errors::kBodyShape, {"ids"}));
  EXPECT_TRUE(IsError(Alice("POST", del, R"({"ids": 5})"), errors::kBodyShape));
  EXPECT_TRUE(IsError(Alice("POST", del, R"({"ids": []})"), errors::kEmptyBatch));
  EXPECT_TRUE(IsError(Alice("POST", del, R"({"ids": [1.5]})"), errors::kInvalidId, {"ids[0]"}));
  EXPECT_TRUE(IsError(Alice("POST", del, json{{"ids", {a, 1000777}}}.dump()), errors::kUnknownIds,
                      {"1000777", "nothing was deleted"}));
  expect_both();
  EXPECT_TRUE(
      IsError(Alice("POST", del, json{{"ids", {a, 3}}}.dump()), errors::kSystemTemplate, {"3"}));
  expect_both();
  // Another workspace's template looks like one that never existed.
  auto theirs = server_.Call("POST", Path(), T().bob, T().ws2, Body("theirs").dump());
  int64_t t = theirs.Json()["id"].get<int64_t>();
  EXPECT_TRUE(IsError(Alice("POST", del, json{{"ids", {a, t}}}.dump()), errors::kUnknownIds,
                      {std::to_string(t)}));
  expect_both();

  auto ok =
      Alice("POST", del, json{{"ids", {a, std::to_string(a)}}}.dump());  // duplicates collapse
  ASSERT_EQ(ok.status, 200) << ok.Describe();
  EXPECT_EQ(ok.body, R"({"error_code":"DLG.2700","error_msg":"Successful."})");
  EXPECT_TRUE(IsError(Alice("GET", Path("/" + std::to_string(a))), errors::kNotFound));
  // IDs are not handed out again.
  EXPECT_GT(Create("c"), t);
}

TEST_F(RuleTemplatesHttp, ATemplateUsedByAJobCannotBeDeleted) {
  MakeSources();
  int64_t id = Create("counted");
  json pair =
      json::array({DqcServer::Rule("r", id, conn1_, "t"), DqcServer::Rule("r", id, conn1_, "t")});
  int64_t job = server_.CreateJob(T().alice, T().ws1, "uses it", json::array({pair}));
  ASSERT_NE(job, 0);
  const std::string del = Path("/batch-delete");
  auto r = Alice("POST", del, json{{"ids", {id}}}.dump());
  EXPECT_TRUE(IsError(r, errors::kInUse, {std::to_string(job), "nothing was deleted"}));
  EXPECT_TRUE(IsJson(Alice("GET", Path("/" + std::to_string(id)))));
  // The job runs the template.
  auto run = Alice("POST", JobsPath() + "/" + std::to_string(job) + "/run");
  ASSERT_TRUE(IsJson(run)) << run.Describe();
  // Once the job is gone the template can go.
  ASSERT_EQ(Alice("POST", BatchDeletePath(), "[" + std::to_string(job) + "]").status, 200);
  EXPECT_EQ(Alice("POST", del, json{{"ids", {id}}}.dump()).status, 200);
}

TEST_F(RuleTemplatesHttp, TemplatesSurviveARestart) {
  int64_t id = Create("kept");
  ASSERT_EQ(server_.Restart(), "");
  auto r = Alice("GET", Path("/" + std::to_string(id)));
  ASSERT_TRUE(IsJson(r)) << r.Describe();
  EXPECT_EQ(r.Json()["name"], "kept");
  EXPECT_GT(Create("after"), id);
}

}  // namespace
}  // namespace dqctest
