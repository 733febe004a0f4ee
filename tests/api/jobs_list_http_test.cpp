// GET /v2/{project_id}/quality/consistency-tasks (spec §2.1, DESIGN §3.5): paging, filters, order,
// and bad query parameters.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "support/api_test.h"

namespace dqctest {
namespace {

namespace errors = dqc::api::errors;
using nlohmann::json;

class JobsListHttp : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    MakeSources();
  }

  // GET the list with `query`; the parsed body (asserted 200 with count and resources).
  json List(const std::string& query, const std::string& token = "",
            const std::string& ws = "") const {
    HttpResponse r = server_.Call("GET", JobsPath() + (query.empty() ? "" : "?" + query),
                                  token.empty() ? T().alice : token, ws.empty() ? T().ws1 : ws);
    json b = r.Json();
    bool ok = r.status == 200 && b.is_object() && b.contains("count") &&
              b["count"].is_number_integer() && b.contains("resources") &&
              b["resources"].is_array();
    if (!ok) {
      ADD_FAILURE() << "list ?" << query << ": " << r.Describe();
      return json{{"count", -1}, {"resources", json::array()}};
    }
    return b;
  }

  static std::vector<std::int64_t> Ids(const json& page) {
    std::vector<std::int64_t> ids;
    for (const auto& item : page["resources"]) ids.push_back(item.value("id", std::int64_t{0}));
    return ids;
  }

  static std::vector<std::string> Names(const json& page) {
    std::vector<std::string> names;
    for (const auto& item : page["resources"]) names.push_back(item.value("name", ""));
    return names;
  }

  std::int64_t Job(const std::string& name, const std::string& token = "") {
    return server_.CreateJob(token.empty() ? T().alice : token, T().ws1, name,
                             json::array({DqcServer::RowsPair(conn1_)}));
  }
};

// ---- bad query parameters --------------------------------------------------------------------

struct BadQuery {
  const char* label;
  const char* query;
  const char* named;  // the parameter the error_msg names
};

class JobsListBadQueryHttp : public JobsListHttp, public ::testing::WithParamInterface<BadQuery> {};

TEST_P(JobsListBadQueryHttp, Is400NamingTheParameter) {
  const BadQuery& p = GetParam();
  HttpResponse r = Alice("GET", JobsPath() + "?" + p.query);
  EXPECT_TRUE(IsError(r, errors::kInvalidQuery, {p.named})) << "query " << p.query;
}

INSTANTIATE_TEST_SUITE_P(
    Queries, JobsListBadQueryHttp,
    ::testing::Values(
        BadQuery{"limit_zero", "limit=0", "limit"}, BadQuery{"limit_101", "limit=101", "limit"},
        BadQuery{"limit_negative", "limit=-1", "limit"},
        BadQuery{"limit_abc", "limit=abc", "limit"}, BadQuery{"limit_empty", "limit=", "limit"},
        BadQuery{"limit_fraction", "limit=1.5", "limit"},
        BadQuery{"limit_huge", "limit=99999999999999999999999", "limit"},
        BadQuery{"offset_negative", "offset=-1", "offset"},
        BadQuery{"offset_abc", "offset=abc", "offset"},
        BadQuery{"schedule_status_unknown", "schedule_status=FOO", "schedule_status"},
        BadQuery{"schedule_status_lowercase", "schedule_status=not_start", "schedule_status"},
        BadQuery{"category_id_abc", "category_id=abc", "category_id"},
        BadQuery{"start_time_abc", "start_time=abc", "start_time"},
        BadQuery{"end_time_abc", "end_time=abc", "end_time"}),
    [](const ::testing::TestParamInfo<BadQuery>& info) { return std::string(info.param.label); });

TEST_F(JobsListHttp, LimitBoundsAreAccepted) {
  Job("a");
  EXPECT_EQ(List("limit=1")["resources"].size(), 1u);
  EXPECT_EQ(List("limit=100")["count"], 1);
  EXPECT_EQ(List("offset=0")["count"], 1);
}

TEST_F(JobsListHttp, KnownScheduleStatusIsAccepted) {
  for (const char* s :
       {"UNKNOWN", "NOT_START", "SCHEDULING", "FINISH_SUCCESS", "KILL", "RUNNING_EXCEPTION"}) {
    HttpResponse r = Alice("GET", JobsPath() + "?schedule_status=" + s);
    EXPECT_TRUE(IsJson(r)) << s;
  }
}

// ---- the positive contract --------------------------------------------------------------------

TEST_F(JobsListHttp, EmptyWorkspaceListsNothing) {
  json page = List("");
  EXPECT_EQ(page["count"], 0);
  EXPECT_TRUE(page["resources"].empty());
}

TEST_F(JobsListHttp, ItemsCarryTheOverviewFields) {
  std::int64_t id = Job("overview");
  ASSERT_NE(id, 0);
  json page = List("");
  ASSERT_EQ(page["resources"].size(), 1u);
  const json& item = page["resources"][0];
  for (const char* field : {"id", "name", "category_id", "schedule_status", "schedule_period",
                            "schedule_interval", "create_time", "last_run_time", "creator"}) {
    EXPECT_TRUE(item.contains(field)) << "missing " << field << " in " << item.dump();
  }
  EXPECT_EQ(item["id"], id);
  EXPECT_EQ(item["name"], "overview");
  EXPECT_EQ(item["category_id"], 0);
  EXPECT_EQ(item["creator"], "alice");
  EXPECT_TRUE(item["last_run_time"].is_null()) << item.dump();
  EXPECT_TRUE(item["schedule_period"].is_null()) << "ONCE job: " << item.dump();
  EXPECT_TRUE(item["schedule_interval"].is_null()) << "ONCE job: " << item.dump();
  static const std::set<std::string> statuses = {
      "UNKNOWN", "NOT_START", "SCHEDULING", "FINISH_SUCCESS", "KILL", "RUNNING_EXCEPTION"};
  ASSERT_TRUE(item["schedule_status"].is_string()) << item.dump();
  EXPECT_TRUE(statuses.count(item["schedule_status"].get<std::string>())) << item.dump();
  ASSERT_TRUE(item["create_time"].is_number_integer()) << item.dump();
  std::int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  EXPECT_LE(std::abs(item["create_time"].get<std::int64_t>() - now_ms), 60000)
      << "create_time is epoch ms";
}

TEST_F(JobsListHttp, DefaultLimitIsTenAndCountIsTheTotal) {
  for (int i = 0; i < 12; ++i) ASSERT_NE(Job("job-" + std::to_string(i)), 0);
  json page = List("");
  EXPECT_EQ(page["count"], 12);
  EXPECT_EQ(page["resources"].size(), 10u);
}

TEST_F(JobsListHttp, OrderedNewestFirstThenIdDescending) {
  std::vector<std::int64_t> created;
  for (int i = 0; i < 6; ++i) created.push_back(Job("job-" + std::to_string(i)));
  json page = List("limit=100");
  std::vector<std::int64_t> expected(created.rbegin(), created.rend());
  EXPECT_EQ(Ids(page), expected);
  const json& items = page["resources"];
  for (std::size_t i = 1; i < items.size(); ++i) {
    auto t0 = items[i - 1].value("create_time", std::int64_t{0});
    auto t1 = items[i].value("create_time", std::int64_t{0});
    EXPECT_TRUE(t0 > t1 || (t0 == t1 && items[i - 1]["id"].get<std::int64_t>() >
                                            items[i]["id"].get<std::int64_t>()))
        << items[i - 1].dump() << " before " << items[i].dump();
  }
}

TEST_F(JobsListHttp, PagesTileTheWholeList) {
  for (int i = 0; i < 12; ++i) ASSERT_NE(Job("job-" + std::to_string(i)), 0);
  std::vector<std::int64_t> all = Ids(List("limit=100"));
  ASSERT_EQ(all.size(), 12u);
  std::vector<std::int64_t> paged;
  for (int offset : {0, 5, 10}) {
    json page = List("limit=5&offset=" + std::to_string(offset));
    EXPECT_EQ(page["count"], 12) << "count is the total, not the page size";
    std::vector<std::int64_t> ids = Ids(page);
    EXPECT_EQ(ids.size(), offset == 10 ? 2u : 5u);
    paged.insert(paged.end(), ids.begin(), ids.end());
  }
  EXPECT_EQ(paged, all);
  json beyond = List("limit=5&offset=12");
  EXPECT_EQ(beyond["count"], 12);
  EXPECT_TRUE(beyond["resources"].empty());
  EXPECT_TRUE(List("offset=1000")["resources"].empty());
}

TEST_F(JobsListHttp, NameFilterIsACaseInsensitiveSubstring) {
  ASSERT_NE(Job("Alpha-Orders"), 0);
  ASSERT_NE(Job("alpha_customers"), 0);
  ASSERT_NE(Job("beta"), 0);
  json page = List("name=ALPHA");
  EXPECT_EQ(page["count"], 2);
  std::vector<std::string> names = Names(page);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"Alpha-Orders", "alpha_customers"}));
  EXPECT_EQ(List("name=orders")["count"], 1);
  EXPECT_EQ(List("name=a-o")["count"], 1);
  EXPECT_EQ(List("name=gamma")["count"], 0);
  EXPECT_EQ(List("name=")["count"], 3) << "an empty name filters nothing";
}

TEST_F(JobsListHttp, NameFilterTakesPercentEncodingAndWildcardsLiterally) {
  ASSERT_NE(Job("sales 2024"), 0);
  ASSERT_NE(Job("sales_2024"), 0);
  ASSERT_NE(Job("100% done"), 0);
  EXPECT_EQ(List("name=sales%202024")["count"], 1);
  EXPECT_EQ(List("name=s_2")["count"], 1) << "'_' is not a wildcard";
  EXPECT_EQ(List("name=%25")["count"], 1) << "'%' is not a wildcard";
}

TEST_F(JobsListHttp, CreatorFilterIsExact) {
  ASSERT_NE(Job("by-alice"), 0);
  ASSERT_NE(Job("by-dave-1", T().dave), 0);
  ASSERT_NE(Job("by-dave-2", T().dave), 0);
  json page = List("creator=dave");
  EXPECT_EQ(page["count"], 2);
  for (const auto& item : page["resources"]) EXPECT_EQ(item.value("creator", ""), "dave");
  EXPECT_EQ(List("creator=alice")["count"], 1);
  EXPECT_EQ(List("creator=dav")["count"], 0);
  EXPECT_EQ(List("creator=nobody")["count"], 0);
}

TEST_F(JobsListHttp, FiltersCombineWithPaging) {
  for (int i = 0; i < 7; ++i) ASSERT_NE(Job("keep-" + std::to_string(i)), 0);
  for (int i = 0; i < 3; ++i) ASSERT_NE(Job("drop-" + std::to_string(i)), 0);
  json page = List("name=keep&limit=3&offset=3");
  EXPECT_EQ(page["count"], 7);
  EXPECT_EQ(page["resources"].size(), 3u);
  for (const auto& n : Names(page)) EXPECT_EQ(n.rfind("keep-", 0), 0u) << n;
}

TEST_F(JobsListHttp, LastRunWindowExcludesJobsThatNeverRan) {
  ASSERT_NE(Job("never-ran"), 0);
  EXPECT_EQ(List("start_time=0&end_time=9999999999999")["count"], 0);
}

TEST_F(JobsListHttp, WorkspacesAreIsolated) {
  ASSERT_NE(Job("in-ws1"), 0);
  ASSERT_NE(
      server_.CreateJob(T().bob, T().ws2, "in-ws2", json::array({DqcServer::RowsPair(conn2_)})), 0);
  EXPECT_EQ(Names(List("")), std::vector<std::string>{"in-ws1"});
  EXPECT_EQ(Names(List("", T().bob, T().ws2)), std::vector<std::string>{"in-ws2"});
}

}  // namespace
}  // namespace dqctest
