// POST /v2/{project_id}/quality/consistency-tasks/batch-delete against the real server (spec §2.3,
// DESIGN §3.1-§3.3): exact 64-bit IDs, all or nothing, the documented success body, bad input
// refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/api_test.h"

namespace dqctest {
namespace {

namespace errors = dqc::api::errors;
using nlohmann::json;

class BatchDeleteHttp : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    MakeSources();
    if (HasFatalFailure()) return;
    ids_ = SeedJobs(4);
    ASSERT_EQ(ids_.size(), 4u);
    other_ws_id_ = server_.CreateJob(T().bob, T().ws2, "other-ws-job",
                                     json::array({DqcServer::RowsPair(conn2_)}));
    ASSERT_NE(other_ws_id_, 0);
  }

  HttpResponse Delete(const std::string& raw, const Headers& extra = {}) const {
    return Alice("POST", BatchDeletePath(), raw, extra);
  }

  // The delete is refused with `code` and nothing changes in any workspace.
  void ExpectRefused(const std::string& raw, const dqc::api::ErrorCode& code,
                     const std::vector<std::string>& all = {},
                     const std::vector<std::string>& any = {}, const Headers& extra = {}) {
    JobSnapshot before = Snapshot();
    HttpResponse r = Delete(raw, extra);
    EXPECT_TRUE(IsError(r, code, all, any)) << "body sent: " << raw.substr(0, 200);
    ExpectUnchanged(before);
  }

  bool Exists(std::int64_t id) const {
    return server_.JobStatus(std::to_string(id), T().alice, T().ws1) == 200;
  }

  std::vector<std::int64_t> ids_;
  std::int64_t other_ws_id_ = 0;
};

const json kSuccess = {{"error_code", "DLG.2700"}, {"error_msg", "Successful."}};

TEST_F(BatchDeleteHttp, CreatedIdsAreExactIntegersOf19Digits) {
  for (std::int64_t id : ids_) {
    EXPECT_GE(id, 1000000000000000000LL);
    EXPECT_EQ(std::to_string(id).size(), 19u);
  }
  // And they come back exactly in the list, as JSON integers.
  HttpResponse r = Alice("GET", JobsPath() + "?limit=100");
  ASSERT_TRUE(IsJson(r));
  std::vector<std::int64_t> listed;
  const json page = r.Json();
  for (const auto& item : page["resources"]) {
    ASSERT_TRUE(item["id"].is_number_integer()) << item.dump();
    listed.push_back(item["id"].get<std::int64_t>());
  }
  for (std::int64_t id : ids_)
    EXPECT_NE(std::find(listed.begin(), listed.end(), id), listed.end()) << id;
}

// DESIGN §3.1: IDs are 19 digits "so every client that rounds above 2^53 fails at once". An ID
// whose low bits happen to be zero survives the rounding (a double keeps 53 significant bits), so a
// client that parses IDs as doubles would work by accident. A random 61-bit ID survives with
// probability 1/256; allow one of the four.
TEST_F(BatchDeleteHttp, CreatedIdsDoNotSurviveRoundingToADouble) {
  int survivors = 0;
  std::string detail;
  for (std::int64_t id : ids_) {
    if (static_cast<std::int64_t>(static_cast<double>(id)) == id) {
      ++survivors;
      detail += " " + std::to_string(id);
    }
  }
  EXPECT_LE(survivors, 1) << "IDs exactly representable as doubles:" << detail;
}

// ---- the positive contract ---------------------------------------------------------------------

TEST_F(BatchDeleteHttp, DeletesOneJobWithTheDocumentedSuccessBody) {
  JobSnapshot before = Snapshot();
  HttpResponse r = Delete("[" + std::to_string(ids_[1]) + "]");
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.Json(), kSuccess) << r.body;
  EXPECT_FALSE(Exists(ids_[1]));
  JobSnapshot after = Snapshot();
  std::vector<std::int64_t> expected = before.ws1;
  expected.erase(std::find(expected.begin(), expected.end(), ids_[1]));
  EXPECT_EQ(after.ws1, expected);
  EXPECT_EQ(after.ws2, before.ws2);
  EXPECT_EQ(server_.JobCount(T().alice, T().ws1), 3);
}

TEST_F(BatchDeleteHttp, CollapsesDuplicatesAcceptsDigitStringsAndTheSdkContentType) {
  std::string body = "[" + std::to_string(ids_[1]) + ", " + std::to_string(ids_[1]) + ", \"" +
                     std::to_string(ids_[2]) + "\"]";
  HttpResponse r = Delete(body, {{"Content-Type", "application/json;charset=UTF-8"}});
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.Json(), kSuccess) << r.body;
  EXPECT_FALSE(Exists(ids_[1]));
  EXPECT_FALSE(Exists(ids_[2]));
  EXPECT_TRUE(Exists(ids_[0]));
  EXPECT_TRUE(Exists(ids_[3]));
  EXPECT_EQ(server_.JobCount(T().alice, T().ws1), 2);
}

TEST_F(BatchDeleteHttp, AcceptsContentTypeWithSpaceBeforeCharset) {
  HttpResponse r = Delete("[" + std::to_string(ids_[0]) + "]",
                          {{"Content-Type", "application/json; charset=utf-8"}});
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.Json(), kSuccess);
}

TEST_F(BatchDeleteHttp, DeletesAllSeededJobsAtOnce) {
  std::string body = "[";
  for (std::int64_t id : ids_) body += (body.size() > 1 ? "," : "") + std::to_string(id);
  body += "]";
  HttpResponse r = Delete(body);
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.Json(), kSuccess);
  EXPECT_EQ(server_.JobCount(T().alice, T().ws1), 0);
  EXPECT_EQ(server_.JobCount(T().bob, T().ws2), 1) << "the other workspace's job must stay";
}

TEST_F(BatchDeleteHttp, DeletedJobDetailsAre404AndASecondDeleteIsUnknown) {
  const std::string id = std::to_string(ids_[1]);
  ASSERT_EQ(Delete("[" + id + "]").status, 200);
  EXPECT_TRUE(IsError(Alice("GET", JobsPath() + "/" + id), errors::kNotFound, {id}));
  ExpectRefused("[" + id + "]", errors::kUnknownIds, {id});
}

TEST_F(BatchDeleteHttp, DocumentedExampleIdsAreParsedExactlyAndNamedAsUnknown) {
  ExpectRefused("[ 1283480044387540993, 1279033542491521025 ]", errors::kUnknownIds,
                {"1283480044387540993", "1279033542491521025"});
}

TEST_F(BatchDeleteHttp, DoubleRoundedIdDeletesNothingAndIsNamed) {
  // With consecutive IDs a rounded ID could be another job's real ID: use one that names no job.
  std::int64_t rounded = 0;
  for (std::int64_t id : ids_) {
    std::int64_t r = RoundedAsDouble(id);
    if (std::find(ids_.begin(), ids_.end(), r) == ids_.end() && r != other_ws_id_) {
      rounded = r;
      break;
    }
  }
  ASSERT_NE(rounded, 0);
  ExpectRefused("[" + std::to_string(rounded) + "]", errors::kUnknownIds,
                {std::to_string(rounded)});
  for (std::int64_t id : ids_) EXPECT_TRUE(Exists(id)) << id;
}

TEST_F(BatchDeleteHttp, AllOrNothingWithOneUnknownId) {
  const std::string known = std::to_string(ids_[0]);
  JobSnapshot before = Snapshot();
  HttpResponse r = Delete("[" + known + ", 1234567890123456789, " + std::to_string(ids_[1]) + "]");
  EXPECT_TRUE(IsError(r, errors::kUnknownIds, {"1234567890123456789"}));
  EXPECT_EQ(ErrorMsg(r).find(known), std::string::npos)
      << "only the missing IDs should be named: " << r.body;
  ExpectUnchanged(before);
  EXPECT_TRUE(Exists(ids_[0]));
  EXPECT_TRUE(Exists(ids_[1]));
}

TEST_F(BatchDeleteHttp, NamesEveryUnknownId) {
  ExpectRefused("[" + std::to_string(ids_[0]) +
                    ", 1000000000000000001, 1000000000000000002, 9223372036854775807]",
                errors::kUnknownIds,
                {"1000000000000000001", "1000000000000000002", "9223372036854775807"});
}

TEST_F(BatchDeleteHttp, IdOfAnotherWorkspaceIsUnknown) {
  const std::string other = std::to_string(other_ws_id_);
  ExpectRefused("[" + other + "]", errors::kUnknownIds, {other});
  EXPECT_EQ(server_.JobStatus(other, T().bob, T().ws2), 200);
  // Mixed with a job of this workspace: still nothing deleted.
  ExpectRefused("[" + std::to_string(ids_[0]) + "," + other + "]", errors::kUnknownIds, {other});
}

TEST_F(BatchDeleteHttp, IdOfAnotherProjectIsUnknown) {
  std::string conn3 = server_.CreateConnection(T().carol, T().ws3, "tiny3", db_path_, kP2);
  ASSERT_FALSE(conn3.empty());
  std::int64_t p2_job = server_.CreateJob(
      T().carol, T().ws3, "p2-job", json::array({DqcServer::RowsPair(conn3)}), json::object(), kP2);
  ASSERT_NE(p2_job, 0);
  ExpectRefused("[" + std::to_string(p2_job) + "]", errors::kUnknownIds, {std::to_string(p2_job)});
  EXPECT_EQ(server_.JobStatus(std::to_string(p2_job), T().carol, T().ws3, kP2), 200);
}

TEST_F(BatchDeleteHttp, ExactlyOneThousandIdsIsAcceptedAsAShape) {
  // 1,000 is the limit, so the IDs are looked up (and are unknown), not refused as too many.
  std::string body = "[";
  for (int i = 0; i < 1000; ++i) body += (i ? "," : "") + std::to_string(1000000000000000000LL + i);
  body += "]";
  ExpectRefused(body, errors::kUnknownIds, {"1000000000000000000"});
}

// ---- malformed bodies --------------------------------------------------------------------------

TEST_F(BatchDeleteHttp, RefusesABodyThatIsNotJson) {
  ExpectRefused("[1283480044387540993,", errors::kBodyNotJson, {}, {"json"});
}

TEST_F(BatchDeleteHttp, RefusesAnEmptyBody) {
  ExpectRefused("", errors::kBodyNotJson, {}, {"json", "body"},
                {{"Content-Type", "application/json"}});
}

TEST_F(BatchDeleteHttp, RefusesAnObjectInsteadOfAnArray) {
  ExpectRefused("{\"ids\": [" + std::to_string(ids_[0]) + "]}", errors::kBodyShape, {}, {"array"});
}

TEST_F(BatchDeleteHttp, RefusesAScalarInsteadOfAnArray) {
  ExpectRefused(std::to_string(ids_[0]), errors::kBodyShape, {}, {"array"});
}

TEST_F(BatchDeleteHttp, RefusesAnEmptyArray) {
  ExpectRefused("[]", errors::kEmptyBatch);
}

TEST_F(BatchDeleteHttp, RefusesOneThousandAndOneIds) {
  std::string body = "[" + std::to_string(ids_[0]);
  for (int i = 0; i < 1000; ++i) body += "," + std::to_string(1000000000000000000LL + i);
  body += "]";
  ExpectRefused(body, errors::kBatchTooLarge, {}, {"1000", "1,000", "1001", "1,001"});
  EXPECT_TRUE(Exists(ids_[0]));
}

TEST_F(BatchDeleteHttp, RefusesABodyOverOneMebibyteWith413AndAnErrorBody) {
  std::string body = "[" + std::string(1 << 20, ' ') + std::to_string(ids_[0]) + "]";
  ExpectRefused(body, errors::kBodyTooLarge);
  EXPECT_TRUE(Exists(ids_[0]));
  EXPECT_EQ(server_.Call("GET", "/health", std::nullopt, std::nullopt).status, 200)
      << "server still serves";
}

TEST_F(BatchDeleteHttp, AcceptsABodyOfExactlyOneMebibyte) {
  // 1 MiB is allowed ("over 1 MiB" is refused): the unknown ID inside is looked up and named.
  std::string tail = "1234567890123456789]";
  std::string body = "[" + std::string((1 << 20) - 1 - tail.size(), ' ') + tail;
  ASSERT_EQ(body.size(), std::size_t{1} << 20);
  ExpectRefused(body, errors::kUnknownIds, {"1234567890123456789"});
}

TEST_F(BatchDeleteHttp, RefusesContentTypeTextPlain) {
  ExpectRefused("[" + std::to_string(ids_[0]) + "]", errors::kContentType, {},
                {"content-type", "text/plain"}, {{"Content-Type", "text/plain"}});
  EXPECT_TRUE(Exists(ids_[0]));
}

TEST_F(BatchDeleteHttp, RefusesAMissingContentType) {
  // An empty value in `extra` removes the header.
  ExpectRefused("[" + std::to_string(ids_[0]) + "]", errors::kContentType, {}, {"content-type"},
                {{"Content-Type", ""}});
}

TEST_F(BatchDeleteHttp, RefusesContentTypeThatOnlyStartsLikeJson) {
  ExpectRefused("[" + std::to_string(ids_[0]) + "]", errors::kContentType, {}, {"content-type"},
                {{"Content-Type", "application/jsonx"}});
}

// ---- IDs that are not IDs (DESIGN §3.1)
// ----------------------------------------------------------

struct BadId {
  const char* label;
  const char* json;                // the bad element, as JSON text
  std::vector<std::string> named;  // error_msg names at least one of these
};

class BatchDeleteBadIdHttp : public BatchDeleteHttp, public ::testing::WithParamInterface<BadId> {};

TEST_P(BatchDeleteBadIdHttp, IsRefusedAndNothingIsDeleted) {
  const BadId& p = GetParam();
  // Alone, and after a valid ID of this workspace (all or nothing: that job must survive).
  ExpectRefused(std::string("[") + p.json + "]", errors::kInvalidId, {}, p.named);
  ExpectRefused("[" + std::to_string(ids_[0]) + ", " + p.json + "]", errors::kInvalidId, {},
                p.named);
  EXPECT_TRUE(Exists(ids_[0]));
}

INSTANTIATE_TEST_SUITE_P(
    Ids, BatchDeleteBadIdHttp,
    ::testing::Values(
        BadId{"fraction", "1.5", {"1.5"}}, BadId{"fraction_zero", "1.0", {"1.0", "1"}},
        BadId{"exponent", "1e18", {"1e18", "1e+18", "1000000000000000000"}},
        BadId{"negative", "-5", {"-5"}}, BadId{"zero", "0", {"0"}},
        BadId{"above_int64", "9223372036854775808", {"9223372036854775808"}},
        BadId{"above_uint64", "99999999999999999999", {"99999999999999999999", "1e+20", "1e20"}},
        BadId{"true", "true", {"true"}}, BadId{"false", "false", {"false"}},
        BadId{"null", "null", {"null"}},
        BadId{"nested_array", "[1283480044387540993]", {"[", "array"}},
        BadId{"object", "{\"id\": 1283480044387540993}", {"{", "object"}},
        BadId{"string_non_digit", "\"12a\"", {"12a"}}, BadId{"string_negative", "\"-5\"", {"-5"}},
        BadId{"string_fraction", "\"1.5\"", {"1.5"}},
        BadId{"string_empty", "\"\"", {"\"\"", "empty", "string"}},
        BadId{"string_above_int64", "\"9223372036854775808\"", {"9223372036854775808"}},
        BadId{"string_zero", "\"0\"", {"0"}}),
    [](const ::testing::TestParamInfo<BadId>& info) { return std::string(info.param.label); });

}  // namespace
}  // namespace dqctest
