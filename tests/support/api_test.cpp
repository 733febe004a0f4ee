#include "support/api_test.h"

#include <algorithm>
#include <cctype>

namespace dqctest {
namespace {

std::string Lowered(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool ContainsI(const std::string& haystack, const std::string& needle) {
  return Lowered(haystack).find(Lowered(needle)) != std::string::npos;
}

// All job IDs of a workspace (pages of 100), or false when the list does not answer.
bool ListIds(const DqcServer& s, const std::string& token, const std::string& ws,
             const std::string& project, std::vector<std::int64_t>* ids) {
  ids->clear();
  for (int offset = 0; offset < 100000; offset += 100) {
    HttpResponse r = s.Call(
        "GET",
        "/v2/" + project + "/quality/consistency-tasks?limit=100&offset=" + std::to_string(offset),
        token, ws);
    nlohmann::json b = r.Json();
    if (r.status != 200 || !b.is_object() || !b.contains("resources") || !b["resources"].is_array())
      return false;
    for (const auto& item : b["resources"]) {
      if (!item.is_object() || !item.contains("id") || !item["id"].is_number_integer())
        return false;
      ids->push_back(item["id"].get<std::int64_t>());
    }
    if (b["resources"].size() < 100) return true;
  }
  return true;
}

}  // namespace

::testing::AssertionResult IsError(const HttpResponse& r, const dqc::api::ErrorCode& code,
                                   const std::vector<std::string>& msg_has_all,
                                   const std::vector<std::string>& msg_has_any) {
  auto fail = [&](const std::string& why) {
    return ::testing::AssertionFailure() << "expected HTTP " << code.http_status << " " << code.code
                                         << ": " << why << "\n  got: " << r.Describe();
  };
  if (r.status != code.http_status) return fail("wrong status");
  nlohmann::json b = r.Json();
  if (!b.is_object()) return fail("body is not a JSON object");
  if (!b.contains("error_code") || !b["error_code"].is_string())
    return fail("no string error_code");
  if (b["error_code"] != code.code) return fail("wrong error_code");
  if (!b.contains("error_msg") || !b["error_msg"].is_string() ||
      b["error_msg"].get<std::string>().empty()) {
    return fail("no non-empty string error_msg");
  }
  const std::string msg = b["error_msg"].get<std::string>();
  for (const auto& s : msg_has_all) {
    if (!ContainsI(msg, s)) return fail("error_msg does not name '" + s + "'");
  }
  if (!msg_has_any.empty() &&
      std::none_of(msg_has_any.begin(), msg_has_any.end(),
                   [&](const std::string& s) { return ContainsI(msg, s); })) {
    std::string all;
    for (const auto& s : msg_has_any) all += (all.empty() ? "'" : ", '") + s + "'";
    return fail("error_msg names none of " + all);
  }
  return ::testing::AssertionSuccess();
}

std::string ErrorMsg(const HttpResponse& r) {
  nlohmann::json b = r.Json();
  if (!b.is_object() || !b.contains("error_msg") || !b["error_msg"].is_string()) return "";
  return b["error_msg"].get<std::string>();
}

::testing::AssertionResult IsJson(const HttpResponse& r, int status) {
  if (r.status != status) {
    return ::testing::AssertionFailure() << "expected HTTP " << status << ", got: " << r.Describe();
  }
  if (status != 204 && r.Json().is_discarded()) {
    return ::testing::AssertionFailure() << "expected a JSON body, got: " << r.Describe();
  }
  return ::testing::AssertionSuccess();
}

std::int64_t RoundedAsDouble(std::int64_t id) {
  auto d = static_cast<double>(id);
  // Every double in [2^62, 2^63) is an integer; 2^63 itself does not fit: use the neighbour below.
  std::int64_t r = d >= 9223372036854775807.0 ? id - 1 : static_cast<std::int64_t>(d);
  if (r != id) return r;
  return id % 2 != 0 ? id + 1 : id - 1;
}

void ApiTest::SetUp() {
  std::string err = server_.Start(Options());
  ASSERT_TRUE(err.empty()) << err;
}

void ApiTest::MakeSources() {
  db_path_ = server_.FilePath("tiny.db");
  ASSERT_TRUE(DqcServer::CreateSqliteFile(
      db_path_,
      "CREATE TABLE t (id INTEGER, v INTEGER); INSERT INTO t VALUES (1, 10), (2, 20), (3, NULL);"));
  conn1_ = server_.CreateConnection(T().alice, T().ws1, "tiny", db_path_);
  conn2_ = server_.CreateConnection(T().bob, T().ws2, "tiny2", db_path_);
  ASSERT_FALSE(conn1_.empty());
  ASSERT_FALSE(conn2_.empty());
}

std::vector<std::int64_t> ApiTest::SeedJobs(int n, const std::string& prefix) {
  std::vector<std::int64_t> ids;
  for (int i = 0; i < n; ++i) {
    std::int64_t id = server_.CreateJob(T().alice, T().ws1, prefix + std::to_string(i),
                                        nlohmann::json::array({DqcServer::RowsPair(conn1_)}));
    if (id == 0) break;
    ids.push_back(id);
  }
  return ids;
}

JobSnapshot ApiTest::Snapshot() const {
  JobSnapshot s;
  s.ok = ListIds(server_, T().alice, T().ws1, kP1, &s.ws1) &&
         ListIds(server_, T().bob, T().ws2, kP1, &s.ws2) &&
         ListIds(server_, T().carol, T().ws3, kP2, &s.ws3);
  if (!s.ok) ADD_FAILURE() << "the job lists do not answer, so 'nothing changed' cannot be checked";
  return s;
}

void ApiTest::ExpectUnchanged(const JobSnapshot& before) const {
  JobSnapshot after = Snapshot();
  if (!before.ok || !after.ok) return;
  EXPECT_EQ(after.ws1, before.ws1) << "the jobs of WS1 changed";
  EXPECT_EQ(after.ws2, before.ws2) << "the jobs of WS2 changed";
  EXPECT_EQ(after.ws3, before.ws3) << "the jobs of WS3 changed";
}

}  // namespace dqctest
