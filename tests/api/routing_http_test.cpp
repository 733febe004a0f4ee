// Routing and the error model (DESIGN §3.3): unknown paths, wrong methods, error bodies.
#include <gtest/gtest.h>

#include <string>

#include "support/api_test.h"

namespace dqctest {
namespace {

namespace errors = dqc::api::errors;
using nlohmann::json;

class RoutingHttp : public ApiTest {};

TEST_F(RoutingHttp, HealthAnswersWithoutAToken) {
  HttpResponse r = server_.Call("GET", "/health", std::nullopt, std::nullopt);
  EXPECT_EQ(r.status, 200) << r.Describe();
}

TEST_F(RoutingHttp, UnknownPathUnderQualityIs404WithAnErrorBody) {
  HttpResponse r = Alice("GET", Quality() + "/no-such-thing");
  EXPECT_TRUE(IsError(r, errors::kUnknownPath, {}, {"no-such-thing", "path"}));
}

TEST_F(RoutingHttp, UnknownTopLevelPathIs404WithAnErrorBody) {
  EXPECT_TRUE(IsError(server_.Call("GET", "/no/such/thing", std::nullopt, std::nullopt),
                      errors::kUnknownPath));
  EXPECT_TRUE(IsError(
      Alice("POST", "/v2/" + std::string(kP1) + "/quality/consistency-tasks/batch-delete/extra",
            "[1]"),
      errors::kUnknownPath));
}

TEST_F(RoutingHttp, GetOnBatchDeleteIs405) {
  JobSnapshot before = Snapshot();
  EXPECT_TRUE(IsError(Alice("GET", BatchDeletePath()), errors::kMethodNotAllowed));
  ExpectUnchanged(before);
}

TEST_F(RoutingHttp, OtherWrongMethodsAre405) {
  EXPECT_TRUE(
      IsError(Alice("PUT", BatchDeletePath(), "[1283480044387540993]"), errors::kMethodNotAllowed));
  EXPECT_TRUE(IsError(Alice("DELETE", BatchDeletePath()), errors::kMethodNotAllowed));
  EXPECT_TRUE(IsError(Alice("DELETE", JobsPath()), errors::kMethodNotAllowed));
  EXPECT_TRUE(IsError(Alice("PATCH", JobsPath(), "{}"), errors::kMethodNotAllowed));
}

TEST_F(RoutingHttp, ErrorBodiesAreJsonWithARequestId) {
  const HttpResponse samples[] = {
      Alice("GET", Quality() + "/no-such-thing"),                 // 404
      Alice("GET", BatchDeletePath()),                            // 405
      Alice("GET", JobsPath() + "?limit=0"),                      // 400
      server_.Call("GET", JobsPath(), std::nullopt, T().ws1),     // 401
      server_.Call("GET", JobsPath(), T().bob, T().ws1),          // 403
      Alice("POST", BatchDeletePath(), "[1283480044387540993]"),  // 400 unknown IDs
  };
  for (const HttpResponse& r : samples) {
    EXPECT_GE(r.status, 400) << r.Describe();
    json b = r.Json();
    ASSERT_TRUE(b.is_object()) << r.Describe();
    EXPECT_TRUE(b.contains("error_code") && b["error_code"].is_string()) << r.body;
    EXPECT_TRUE(b.contains("error_msg") && b["error_msg"].is_string()) << r.body;
    EXPECT_TRUE(b.contains("request_id") && b["request_id"].is_string() &&
                !b["request_id"].get<std::string>().empty())
        << "no request_id: " << r.body;
    EXPECT_EQ(r.Header("Content-Type").rfind("application/json", 0), 0u)
        << "Content-Type " << r.Header("Content-Type");
  }
}

TEST_F(RoutingHttp, RequestIdsDiffer) {
  json a = Alice("GET", Quality() + "/no-such-thing").Json();
  json b = Alice("GET", Quality() + "/no-such-thing").Json();
  ASSERT_TRUE(a.is_object() && b.is_object());
  EXPECT_NE(a.value("request_id", ""), b.value("request_id", ""));
}

TEST_F(RoutingHttp, SuccessBodiesAreJson) {
  HttpResponse r = Alice("GET", JobsPath());
  ASSERT_TRUE(IsJson(r));
  EXPECT_EQ(r.Header("Content-Type").rfind("application/json", 0), 0u) << r.Header("Content-Type");
}

TEST_F(RoutingHttp, JobDetailsOfAnInvalidIdIs400) {
  EXPECT_TRUE(IsError(Alice("GET", JobsPath() + "/abc"), errors::kInvalidId, {}, {"abc"}));
  EXPECT_TRUE(IsError(Alice("GET", JobsPath() + "/-5"), errors::kInvalidId, {}, {"-5"}));
  EXPECT_TRUE(IsError(Alice("GET", JobsPath() + "/9223372036854775808"), errors::kInvalidId, {},
                      {"9223372036854775808"}));
}

TEST_F(RoutingHttp, JobDetailsOfAnUnknownIdIs404) {
  EXPECT_TRUE(IsError(Alice("GET", JobsPath() + "/1283480044387540993"), errors::kNotFound,
                      {"1283480044387540993"}));
}

TEST_F(RoutingHttp, ServerSurvivesAGarbageRequest) {
  HttpResponse r =
      Request(server_.port(), "NOT A METHOD", "/", {}, "", std::chrono::milliseconds(5000));
  // Whatever the answer (400 or a closed connection), the server keeps serving.
  (void)r;
  EXPECT_EQ(server_.Call("GET", "/health", std::nullopt, std::nullopt).status, 200);
  EXPECT_TRUE(server_.Running());
}

}  // namespace
}  // namespace dqctest
